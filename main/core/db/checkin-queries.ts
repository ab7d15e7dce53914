/**
 * The check-in engine's SQL: attendee lookup by code, the attendee's last movement, and the
 * check-in/undo rows with their outbox rows. An "undone" check-in stays in `checkins`; every read of
 * who is inside skips the ones that have a row in `checkin_undos`.
 */
import { attendeeColumns, rowToAttendee, type AttendeeRow, type AttendeeValues } from './attendee-queries';
import type { CheckinSource, Direction } from '../../../common/domain/checkin';
import { prepared } from './statements';
import type { Database } from './open';

/** The engine reads attendees in the same row shape as import and search. */
export type DoorAttendeeRow = AttendeeRow;

const attendeeSelect = `SELECT ${attendeeColumns} FROM attendees a`;

export function findAttendeeByCode(db: Database, code: string): DoorAttendeeRow | undefined {
  return prepared<[string], DoorAttendeeRow>(db, `${attendeeSelect} WHERE code = ?`).get(code);
}

/**
 * A plain code typed in another case: the one attendee whose code matches without regard to case,
 * or undefined when none or several do (then the guest goes to the desk rather than being guessed).
 */
export function findAttendeeByCodeAnyCase(db: Database, code: string): DoorAttendeeRow | undefined {
  const rows = prepared<[string], DoorAttendeeRow>(db, `${attendeeSelect} WHERE code = ? COLLATE NOCASE LIMIT 2`).all(code);
  return rows.length === 1 ? rows[0] : undefined;
}

export function findAttendeeById(db: Database, id: number): DoorAttendeeRow | undefined {
  return prepared<[number], DoorAttendeeRow>(db, `${attendeeSelect} WHERE id = ?`).get(id);
}

export { rowToAttendee as toAttendee };

/** An attendee added one at a time (a signed code at the door, the demo, a walk-in, a cloud feed, a test). */
export interface NewAttendee extends AttendeeValues {
  eventId: string;
  code: string;
  ticketId: string | null;
  origin: 'signed_code' | 'demo' | 'walk_in' | 'cloud' | 'import';
}

/** Inserts an attendee unless its code exists; returns the new row id, or undefined if it existed. */
export function insertAttendee(db: Database, a: NewAttendee, at: string): number | undefined {
  const result = prepared(
    db,
    `INSERT INTO attendees (event_id, code, ticket_id, first_name, last_name, email, company, ticket_type, status, vip, note, badge_fields, origin, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
  ).run(a.eventId, a.code, a.ticketId, a.firstName, a.lastName, a.email, a.company, a.ticketType, a.status, a.vip ? 1 : 0, a.note, JSON.stringify(a.badgeFields), a.origin, at, at);
  return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
}

export interface MovementRow {
  id: string;
  direction: Direction;
  at: string;
  kiosk_id: string;
}

const notUndone = 'NOT EXISTS (SELECT 1 FROM checkin_undos u WHERE u.checkin_id = c.id)';

/**
 * The order in which this replica knows a ticket's movements, never its door clocks: first those the
 * cloud has numbered (`cloud_seq`, its arrival order, which every kiosk receives alike), then this
 * kiosk's own that the cloud has not sent back yet, in the order they were recorded here. When they
 * come back in the feed they take their cloud place, so every replica folds to the cloud's answer.
 */
const knownOrder = '(c.cloud_seq IS NULL), c.cloud_seq, c.rowid';
const knownOrderDesc = '(c.cloud_seq IS NULL) DESC, c.cloud_seq DESC, c.rowid DESC';

/** The attendee's latest entry or exit that has not been undone. */
export function lastMovement(db: Database, attendeeId: number): MovementRow | undefined {
  return prepared<[number], MovementRow>(
    db,
    `SELECT c.id, c.direction, c.at, c.kiosk_id FROM checkins c
      WHERE c.attendee_id = ? AND ${notUndone} ORDER BY ${knownOrderDesc} LIMIT 1`,
  ).get(attendeeId);
}

/** The last movement (not undone) of the attendee with this code in this event, as the door reads it. */
export function lastMovementByCode(db: Database, eventId: string, code: string): Pick<MovementRow, 'direction' | 'at'> | undefined {
  return prepared<[string, string], Pick<MovementRow, 'direction' | 'at'>>(
    db,
    `SELECT c.direction, c.at FROM checkins c JOIN attendees a ON a.id = c.attendee_id
      WHERE a.event_id = ? AND a.code = ? AND ${notUndone} ORDER BY ${knownOrderDesc} LIMIT 1`,
  ).get(eventId, code);
}

/** Every entry and exit of the attendee, undone ones marked, in the order this replica knows them (`knownOrder`). */
export function movements(db: Database, attendeeId: number): Array<MovementRow & { undone: boolean }> {
  return prepared<[number], MovementRow & { undone: number }>(
    db,
    `SELECT c.id, c.direction, c.at, c.kiosk_id, NOT ${notUndone} AS undone FROM checkins c
      WHERE c.attendee_id = ? ORDER BY ${knownOrder}`,
  )
    .all(attendeeId)
    .map((row) => ({ ...row, undone: row.undone === 1 }));
}

export interface NewCheckin {
  id: string;
  eventId: string;
  attendeeId: number;
  kioskId: string;
  direction: Direction;
  at: string;
  source: CheckinSource;
  verdict: string;
}

/** The check-in and its outbox row; call inside the caller's transaction. */
export function insertCheckin(db: Database, c: NewCheckin, outboxPayload: object, recordedAt: string): void {
  prepared(
    db,
    `INSERT INTO checkins (id, event_id, attendee_id, kiosk_id, direction, at, source, verdict, origin, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'local', ?)`,
  ).run(c.id, c.eventId, c.attendeeId, c.kioskId, c.direction, c.at, c.source, c.verdict, recordedAt);
  insertOutbox(db, 'checkin', c.id, outboxPayload, recordedAt);
}

function insertOutbox(db: Database, kind: 'checkin' | 'undo', refId: string, payload: object, at: string): void {
  prepared(db, 'INSERT INTO outbox (kind, ref_id, payload, created_at) VALUES (?, ?, ?, ?)').run(kind, refId, JSON.stringify(payload), at);
}

export interface CheckinRow {
  id: string;
  event_id: string;
  attendee_id: number;
  kiosk_id: string;
  direction: Direction;
  at: string;
  verdict: string;
  recorded_at: string;
  undo_id: string | null;
}

export function getCheckin(db: Database, id: string): CheckinRow | undefined {
  return prepared<[string], CheckinRow>(
    db,
    `SELECT c.id, c.event_id, c.attendee_id, c.kiosk_id, c.direction, c.at, c.verdict, c.recorded_at, u.id AS undo_id
       FROM checkins c LEFT JOIN checkin_undos u ON u.checkin_id = c.id WHERE c.id = ?`,
  ).get(id);
}

export interface NewUndo {
  id: string;
  checkinId: string;
  kioskId: string;
  at: string;
  reason: string;
}

/** The undo and its outbox row; call inside the caller's transaction. */
export function insertUndo(db: Database, u: NewUndo, outboxPayload: object): void {
  prepared(db, 'INSERT INTO checkin_undos (id, checkin_id, kiosk_id, at, reason) VALUES (?, ?, ?, ?, ?)').run(u.id, u.checkinId, u.kioskId, u.at, u.reason);
  insertOutbox(db, 'undo', u.id, outboxPayload, u.at);
}

/**
 * Attendees of the event whose latest movement (not undone, in `knownOrder`) is an entry. Counted
 * per attendee rather than as entries minus exits, so two offline kiosks admitting the same guest
 * count once; and never by door clocks, so kiosks an hour apart agree with the cloud.
 */
export function insideNow(db: Database, eventId: string): number {
  // `knownOrder` as one number, so SQLite's bare-column max() picks each attendee's last movement in
  // one pass (a window function over 100k rows was several times slower): the cloud's seq, else
  // past every seq (seqs stay below 10^16) by the local recording order.
  const row = prepared<[string], { n: number }>(
    db,
    `SELECT count(*) AS n FROM (
       SELECT c.direction, max(coalesce(c.cloud_seq, 10000000000000000 + c.rowid)) FROM checkins c
        WHERE c.event_id = ? AND ${notUndone} GROUP BY c.attendee_id
     ) WHERE direction = 'entry'`,
  ).get(eventId);
  return row?.n ?? 0;
}

export interface ReplicaCounts {
  events: number;
  attendees: number;
  checkins: number;
  outboxPending: number;
}

export function replicaCounts(db: Database): ReplicaCounts {
  return prepared<[], ReplicaCounts>(
    db,
    `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM attendees) AS attendees,
            (SELECT count(*) FROM checkins) AS checkins, (SELECT count(*) FROM outbox WHERE acked_at IS NULL) AS outboxPending`,
  ).get()!;
}

/** The door's numbers for an event: valid tickets, attendees admitted at least once (not undone), inside now. */
export function doorCounts(db: Database, eventId: string): { expected: number; admitted: number; insideNow: number } {
  const row = prepared<[string, string], { expected: number; admitted: number }>(
    db,
    `SELECT (SELECT count(*) FROM attendees WHERE event_id = ? AND status = 'valid') AS expected,
            (SELECT count(DISTINCT c.attendee_id) FROM checkins c WHERE c.event_id = ? AND c.direction = 'entry' AND ${notUndone}) AS admitted`,
  ).get(eventId, eventId)!;
  return { expected: row.expected, admitted: row.admitted, insideNow: insideNow(db, eventId) };
}
