/**
 * Writers for the cloud feed (sync/apply-feed.ts). Each is idempotent: applying the same change
 * twice leaves the replica exactly as once (a row that already says the same is not touched, not
 * even its updated_at), so a page applied again after a crash, or seen on the stream and in a
 * poll, changes nothing.
 */
import type { Attendee, EventInfo } from '../../../common/domain/attendee';
import type { Direction } from '../../../common/domain/checkin';
import type { Database } from './open';
import { prepared } from './statements';

/** The feed's event; a feed without `color` (an older cloud) keeps the colour the kiosk has (chosen in setup). */
export function upsertFeedEvent(db: Database, event: EventInfo, at: string): void {
  prepared(
    db,
    `INSERT INTO events (id, name, time_zone, doors_open, doors_close, color, created_at, updated_at)
     VALUES (@id, @name, @timeZone, @doorsOpen, @doorsClose, @color, @at, @at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, doors_open = excluded.doors_open,
       doors_close = excluded.doors_close, color = CASE WHEN @keepColor THEN color ELSE excluded.color END, updated_at = excluded.updated_at
     WHERE name IS NOT excluded.name OR time_zone IS NOT excluded.time_zone OR doors_open IS NOT excluded.doors_open OR doors_close IS NOT excluded.doors_close
        OR (NOT @keepColor AND color IS NOT excluded.color)`,
  ).run({
    id: event.id,
    name: event.name,
    timeZone: event.timeZone,
    doorsOpen: event.doorsOpen,
    doorsClose: event.doorsClose,
    color: event.color ?? null,
    at,
    keepColor: event.color === undefined ? 1 : 0,
  });
}

export interface FeedTicketType {
  eventId: string;
  name: string;
  color: string;
  multiEntry: boolean;
  index: number | null;
}

/** The cloud's type, with the cloud's index (which wins over a kiosk-made type's). */
export function upsertFeedTicketType(db: Database, t: FeedTicketType, at: string): void {
  if (t.index !== null) {
    prepared(db, 'UPDATE ticket_types SET type_index = NULL WHERE event_id = ? AND type_index = ? AND name <> ?').run(t.eventId, t.index, t.name);
  }
  prepared(
    db,
    `INSERT INTO ticket_types (event_id, name, color, multi_entry, updated_at, type_index) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_id, name) DO UPDATE SET color = excluded.color, multi_entry = excluded.multi_entry, updated_at = excluded.updated_at,
       type_index = coalesce(excluded.type_index, type_index)
     WHERE color IS NOT excluded.color OR multi_entry IS NOT excluded.multi_entry OR (excluded.type_index IS NOT NULL AND type_index IS NOT excluded.type_index)`,
  ).run(t.eventId, t.name, t.color, t.multiEntry ? 1 : 0, at, t.index);
}

/** A type an attendee names before the type's own change arrived (the feed orders by latest change). */
export function ensureFeedTicketType(db: Database, eventId: string, name: string, at: string): void {
  prepared(db, "INSERT INTO ticket_types (event_id, name, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING").run(eventId, name, at);
}

/** Inserts or updates the attendee by code (with the cloud's stable ticket id); returns whether the row changed. */
export function upsertFeedAttendee(db: Database, a: Attendee, ticketId: string | null, at: string): boolean {
  const result = prepared(
    db,
    `INSERT INTO attendees (event_id, code, cloud_ticket_id, first_name, last_name, email, company, ticket_type, status, vip, note, badge_fields, origin, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'cloud', ?, ?)
     ON CONFLICT (code) DO UPDATE SET cloud_ticket_id = coalesce(excluded.cloud_ticket_id, cloud_ticket_id), first_name = excluded.first_name, last_name = excluded.last_name,
       email = excluded.email, company = excluded.company, ticket_type = excluded.ticket_type, status = excluded.status, vip = excluded.vip,
       note = excluded.note, badge_fields = excluded.badge_fields, updated_at = excluded.updated_at
     WHERE (excluded.cloud_ticket_id IS NOT NULL AND cloud_ticket_id IS NOT excluded.cloud_ticket_id) OR first_name IS NOT excluded.first_name OR last_name IS NOT excluded.last_name
       OR email IS NOT excluded.email OR company IS NOT excluded.company OR ticket_type IS NOT excluded.ticket_type OR status IS NOT excluded.status
       OR vip IS NOT excluded.vip OR note IS NOT excluded.note OR badge_fields IS NOT excluded.badge_fields`,
  ).run(a.eventId, a.code, ticketId, a.firstName, a.lastName, a.email, a.company, a.ticketType, a.status, a.vip ? 1 : 0, a.note, JSON.stringify(a.badgeFields), at, at);
  return result.changes > 0;
}

/** The attendee of this event that holds the ticket `ticketId` under another code, if any. */
export function attendeeByTicketId(db: Database, eventId: string, ticketId: string): { id: number; code: string } | undefined {
  return prepared<[string, string], { id: number; code: string }>(db, 'SELECT id, code FROM attendees WHERE event_id = ? AND cloud_ticket_id = ? LIMIT 1').get(eventId, ticketId);
}

/**
 * Of these ticket ids, those an attendee of this event holds, with the code it holds each under:
 * one query for a feed page instead of one per attendee. CROSS JOIN: the ids drive, each a point
 * look-up (the planner, knowing nothing of json_each, scanned attendees for each id otherwise).
 */
export function ticketHolders(db: Database, eventId: string, ticketIds: readonly string[]): Map<string, { id: number; code: string }> {
  const rows = prepared<[string, string], { id: number; code: string; ticket: string }>(
    db,
    `SELECT a.id, a.code, a.cloud_ticket_id AS ticket FROM json_each(?) AS t
       CROSS JOIN attendees a INDEXED BY attendees_cloud_ticket
      WHERE a.event_id = ? AND a.cloud_ticket_id = t.value`,
  ).all(JSON.stringify(ticketIds), eventId);
  return new Map(rows.map((r) => [r.ticket, { id: r.id, code: r.code }]));
}

/** A re-issued ticket: the same attendee (and its check-ins) gets the new code. */
export function replaceAttendeeCode(db: Database, id: number, code: string, at: string): void {
  prepared(db, 'UPDATE attendees SET code = ?, updated_at = ? WHERE id = ?').run(code, at, id);
}

export function attendeeIdByCode(db: Database, code: string): number | undefined {
  return prepared<[string], { id: number }>(db, 'SELECT id FROM attendees WHERE code = ?').get(code)?.id;
}

export interface FeedCheckinRow {
  id: string;
  /** The feed's seq: the cloud's order. */
  cloudSeq: number;
  eventId: string;
  kioskId: string;
  code: string;
  direction: Direction;
  at: string;
  verdict: string;
}

/**
 * Another kiosk's check-in; returns whether it was new here. This kiosk's own (same id) is
 * recognised and keeps its row: it only learns its place in the cloud's order.
 */
export function insertRemoteCheckin(db: Database, c: FeedCheckinRow, attendeeId: number, recordedAt: string): boolean {
  const inserted = prepared(
    db,
    `INSERT INTO checkins (id, event_id, attendee_id, kiosk_id, direction, at, source, verdict, origin, recorded_at, cloud_seq)
     VALUES (?, ?, ?, ?, ?, ?, 'sync', ?, 'remote', ?, ?) ON CONFLICT (id) DO NOTHING`,
  ).run(c.id, c.eventId, attendeeId, c.kioskId, c.direction, c.at, c.verdict, recordedAt, c.cloudSeq).changes > 0;
  if (!inserted) prepared(db, 'UPDATE checkins SET cloud_seq = ? WHERE id = ? AND cloud_seq IS NOT ?').run(c.cloudSeq, c.id, c.cloudSeq);
  return inserted;
}

export function insertOrphanCheckin(db: Database, c: FeedCheckinRow): void {
  prepared(
    db,
    `INSERT INTO sync_orphan_checkins (id, cloud_seq, event_id, code, kiosk_id, direction, at, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  ).run(c.id, c.cloudSeq, c.eventId, c.code, c.kioskId, c.direction, c.at, c.verdict);
}

export function hasOrphanCheckins(db: Database): boolean {
  return prepared<[], { n: number }>(db, 'SELECT EXISTS (SELECT 1 FROM sync_orphan_checkins) AS n').get()!.n === 1;
}

/** Orphans whose attendee has arrived become check-ins; returns how many. */
export function adoptOrphanCheckins(db: Database, recordedAt: string): number {
  const adopted = prepared(
    db,
    `INSERT INTO checkins (id, event_id, attendee_id, kiosk_id, direction, at, source, verdict, origin, recorded_at, cloud_seq)
     SELECT o.id, o.event_id, a.id, o.kiosk_id, o.direction, o.at, 'sync', o.verdict, 'remote', ?, o.cloud_seq FROM sync_orphan_checkins o JOIN attendees a ON a.code = o.code
     WHERE true ON CONFLICT (id) DO NOTHING`,
  ).run(recordedAt).changes;
  prepared(db, 'DELETE FROM sync_orphan_checkins WHERE code IN (SELECT code FROM attendees)').run();
  return adopted;
}

/** Another kiosk's undo: the check-in stays, the undo is recorded (idempotent by its id and by the check-in). */
export function insertRemoteUndo(db: Database, u: { id: string; checkinId: string; kioskId: string; at: string; reason: string }): boolean {
  const exists = prepared<[string], { n: number }>(db, 'SELECT EXISTS (SELECT 1 FROM checkins WHERE id = ?) AS n').get(u.checkinId)!.n === 1;
  if (!exists) {
    // An undo of a check-in still waiting for its attendee: the check-in never counts.
    prepared(db, 'DELETE FROM sync_orphan_checkins WHERE id = ?').run(u.checkinId);
    return false;
  }
  return prepared(db, 'INSERT INTO checkin_undos (id, checkin_id, kiosk_id, at, reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING').run(u.id, u.checkinId, u.kioskId, u.at, u.reason).changes > 0;
}
