/**
 * The sync engine's SQL (migration 0007_sync): the outbox as a queue (pending oldest first, ack,
 * fail with a retry time, dead letters), the one-row sync state (enrollment, feed cursor, last
 * pull and push, last error), and the double admissions the cloud flagged.
 */
import type { IngestWalkIn } from '../../../common/cloud-api';
import { duplicatesOnArrival } from '../../../common/domain/admission';
import { admittingVerdicts } from '../../../common/domain/checkin';
import type { Database } from './open';
import { prepared } from './statements';

// ---- sync state -------------------------------------------------------------------------------

export interface SyncStateRow {
  server: string | null;
  event_id: string | null;
  device_id: string | null;
  cloud_kiosk_id: string | null;
  enrolled_at: string | null;
  cursor: string;
  initial_done: number;
  last_pull_at: string | null;
  last_push_at: string | null;
  last_error: string | null;
  revoked_at: string | null;
}

export function readSyncState(db: Database): SyncStateRow {
  return prepared<[], SyncStateRow>(
    db,
    `SELECT server, event_id, device_id, cloud_kiosk_id, enrolled_at, cursor, initial_done, last_pull_at, last_push_at, last_error, revoked_at
       FROM sync_state WHERE id = 1`,
  ).get()!;
}

export interface Enrollment {
  server: string;
  eventId: string;
  deviceId: string;
  kioskId: string;
  at: string;
}

/** A new enrollment starts the feed from the beginning (a full snapshot of its event). */
export function saveEnrollment(db: Database, e: Enrollment): void {
  prepared(
    db,
    `UPDATE sync_state SET server = ?, event_id = ?, device_id = ?, cloud_kiosk_id = ?, enrolled_at = ?, cursor = '', initial_done = 0,
       last_pull_at = NULL, last_push_at = NULL, last_error = NULL, revoked_at = NULL WHERE id = 1`,
  ).run(e.server, e.eventId, e.deviceId, e.kioskId, e.at);
}

/** Forgets the enrollment; `revokedAt` set when the cloud revoked it (not when staff unenrolled). */
export function clearEnrollment(db: Database, revokedAt: string | null, error: string | null): void {
  prepared(
    db,
    `UPDATE sync_state SET server = NULL, device_id = NULL, cloud_kiosk_id = NULL, enrolled_at = NULL, cursor = '', initial_done = 0,
       last_error = ?, revoked_at = ? WHERE id = 1`,
  ).run(error, revokedAt);
}

/** The feed cursor after a page; call in the page's transaction, so it never runs ahead of the data. */
export function saveCursor(db: Database, cursor: string, at: string, reachedEnd: boolean): void {
  prepared(db, `UPDATE sync_state SET cursor = ?, last_pull_at = ?, initial_done = max(initial_done, ?) WHERE id = 1`).run(cursor, at, reachedEnd ? 1 : 0);
}

export function savePushTime(db: Database, at: string): void {
  prepared(db, 'UPDATE sync_state SET last_push_at = ? WHERE id = 1').run(at);
}

export function saveLastError(db: Database, error: string | null): void {
  prepared(db, 'UPDATE sync_state SET last_error = ? WHERE id = 1').run(error);
}

// ---- outbox -----------------------------------------------------------------------------------

export type OutboxKind = 'checkin' | 'undo' | 'walk_in';

export interface OutboxRow {
  seq: number;
  kind: OutboxKind;
  ref_id: string;
  payload: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string | null;
}

/**
 * Items waiting for the cloud, oldest first, at most `limit`, when the oldest is due at `now` (never
 * tried, or its retry time has come); none while it waits. Items never overtake an older one that is
 * being retried: the cloud must receive one kiosk's movements in the order they happened, since it
 * orders by arrival. Dead letters (refused for good) and acknowledged items are never among them.
 */
export function pendingOutbox(db: Database, now: string, limit: number): OutboxRow[] {
  const rows = prepared<[number], OutboxRow>(
    db,
    `SELECT seq, kind, ref_id, payload, created_at, attempts, next_attempt_at FROM outbox
      WHERE acked_at IS NULL AND dead_at IS NULL ORDER BY seq LIMIT ?`,
  ).all(limit);
  const head = rows[0];
  return head && head.next_attempt_at !== null && head.next_attempt_at > now ? [] : rows;
}

/** When the oldest waiting item is to be tried again (null: it is due now, or nothing waits). */
export function nextOutboxAttempt(db: Database): string | null {
  return prepared<[], { at: string | null }>(db, 'SELECT next_attempt_at AS at FROM outbox WHERE acked_at IS NULL AND dead_at IS NULL ORDER BY seq LIMIT 1').get()?.at ?? null;
}

/** The cloud answered for it: done, with its per-item result (accepted, duplicate_entry…). */
export function ackOutbox(db: Database, seq: number, result: string, at: string): void {
  prepared(db, 'UPDATE outbox SET acked_at = ?, result = ?, attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL WHERE seq = ?').run(at, result, seq);
}

/** A transient failure: tried again at `nextAttemptAt`. */
export function failOutbox(db: Database, seq: number, error: string, nextAttemptAt: string): void {
  prepared(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?').run(error, nextAttemptAt, seq);
}

/** Every waiting item is due now (a fresh enrollment: the old retry schedule was about another connection). */
export function retryOutboxNow(db: Database): void {
  prepared(db, 'UPDATE outbox SET next_attempt_at = NULL WHERE acked_at IS NULL AND dead_at IS NULL AND next_attempt_at IS NOT NULL').run();
}

/**
 * At an enrollment with `eventId`: check-ins and undos still waiting that were recorded for another
 * event (a kiosk that left it offline) become dead letters, never sent to the wrong event. Staff see
 * them, and `arrivals export checkins` still has them. Returns how many.
 */
export function deadLetterOtherEvents(db: Database, eventId: string, at: string): number {
  return prepared(
    db,
    `UPDATE outbox SET dead_at = @at, next_attempt_at = NULL,
            last_error = 'recorded for another event, which this kiosk left before it reached the cloud: not sent to ' || @eventId
      WHERE acked_at IS NULL AND dead_at IS NULL AND (
            (kind = 'checkin' AND ref_id IN (SELECT id FROM checkins WHERE event_id <> @eventId))
         OR (kind = 'undo' AND ref_id IN (SELECT u.id FROM checkin_undos u JOIN checkins c ON c.id = u.checkin_id WHERE c.event_id <> @eventId)))`,
  ).run({ at, eventId }).changes;
}

/** A permanent refusal: kept for staff to see, never retried, never blocking the items behind it. */
export function deadLetterOutbox(db: Database, seq: number, error: string, at: string): void {
  prepared(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ?, dead_at = ?, next_attempt_at = NULL WHERE seq = ?').run(error, at, seq);
}

export function outboxQueueDepth(db: Database): number {
  return prepared<[], { n: number }>(db, 'SELECT count(*) AS n FROM outbox WHERE acked_at IS NULL AND dead_at IS NULL').get()!.n;
}

export function deadLetterCount(db: Database): number {
  return prepared<[], { n: number }>(db, 'SELECT count(*) AS n FROM outbox WHERE dead_at IS NOT NULL').get()!.n;
}

export interface DeadLetterRow {
  seq: number;
  kind: OutboxKind;
  ref_id: string;
  payload: string;
  created_at: string;
  dead_at: string;
  last_error: string | null;
  attempts: number;
}

export function deadLetters(db: Database, limit: number): DeadLetterRow[] {
  return prepared<[number], DeadLetterRow>(
    db,
    'SELECT seq, kind, ref_id, payload, created_at, dead_at, last_error, attempts FROM outbox WHERE dead_at IS NOT NULL ORDER BY seq LIMIT ?',
  ).all(limit);
}

/**
 * Written in the walk-in's transaction, before its check-in's row: the cloud learns the code first.
 * The payload is exactly the cloud's `ingestWalkIn` item (sync/ checks it against the schema).
 */
export function insertWalkInOutbox(db: Database, walkIn: IngestWalkIn, at: string): void {
  prepared(db, "INSERT INTO outbox (kind, ref_id, payload, created_at) VALUES ('walk_in', ?, ?, ?)").run(walkIn.clientId, JSON.stringify(walkIn), at);
}

// ---- flagged double admissions ----------------------------------------------------------------

export interface FlaggedDuplicateRow {
  checkin_id: string;
  event_id: string;
  code: string;
  kiosk_id: string;
  at: string;
  other_kiosk_id: string | null;
  other_at: string | null;
}

/** Idempotent: a duplicate learnt twice (from ingest and from the feed) is kept once, the fuller answer winning. */
export function recordDuplicate(db: Database, d: FlaggedDuplicateRow, flaggedAt: string): void {
  prepared(
    db,
    `INSERT INTO sync_duplicates (checkin_id, event_id, code, kiosk_id, at, other_kiosk_id, other_at, flagged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (checkin_id) DO UPDATE SET other_kiosk_id = coalesce(excluded.other_kiosk_id, other_kiosk_id), other_at = coalesce(excluded.other_at, other_at)`,
  ).run(d.checkin_id, d.event_id, d.code, d.kiosk_id, d.at, d.other_kiosk_id, d.other_at, flaggedAt);
}

/** The admission a flagged one duplicated: the ticket's latest other entry this replica holds (not undone). */
export function otherAdmission(db: Database, code: string, checkinId: string): { kiosk_id: string; at: string } | undefined {
  return prepared<[string, string], { kiosk_id: string; at: string }>(
    db,
    `SELECT c.kiosk_id, c.at FROM checkins c JOIN attendees a ON a.id = c.attendee_id
      WHERE a.code = ? AND c.id <> ? AND c.direction = 'entry' AND NOT EXISTS (SELECT 1 FROM checkin_undos u WHERE u.checkin_id = c.id)
      ORDER BY c.rowid DESC LIMIT 1`,
  ).get(code, checkinId);
}

/**
 * An undo reached this replica through the feed (another kiosk's, or this kiosk's own coming back):
 * the flagged duplicates of its ticket as the one rule now decides them (`duplicatesOnArrival`),
 * in the cloud's arrival order (`cloud_seq`), exactly as the cloud re-decided them when the undo
 * arrived there (cloud/store/undos.ts). A duplicate of an undone admission is no longer flagged;
 * one that now duplicates another admission names it. Only check-ins the cloud has numbered are
 * judged (the rest get their answer from the cloud). Call inside the page's transaction.
 */
export function redecideDuplicates(db: Database, eventId: string, undoneCheckinId: string, at: string): void {
  const ticket = prepared<[string], { attendee_id: number; code: string; multi_entry: number }>(
    db,
    `SELECT c.attendee_id, a.code, coalesce(t.multi_entry, 0) AS multi_entry FROM checkins c JOIN attendees a ON a.id = c.attendee_id
       LEFT JOIN ticket_types t ON t.event_id = a.event_id AND t.name = a.ticket_type WHERE c.id = ?`,
  ).get(undoneCheckinId);
  if (!ticket) return;
  const movements = prepared<[number], { id: string; kiosk_id: string; direction: string; at: string; cloud_seq: number | null; undone: number }>(
    db,
    `SELECT c.id, c.kiosk_id, c.direction, c.at, c.cloud_seq, EXISTS (SELECT 1 FROM checkin_undos u WHERE u.checkin_id = c.id) AS undone
       FROM checkins c WHERE c.attendee_id = ? AND (c.direction = 'exit' OR c.verdict IN (${admittingVerdicts.map((v) => `'${v}'`).join(', ')}))
      ORDER BY c.cloud_seq IS NULL, c.cloud_seq, c.rowid`,
  )
    .all(ticket.attendee_id)
    .map((m) => ({ ...m, undone: m.undone === 1 }));
  const decided = duplicatesOnArrival(movements, ticket.multi_entry === 1);
  for (const [index, m] of movements.entries()) {
    if (m.cloud_seq === null || m.direction !== 'entry') continue;
    const other = decided[index];
    if (other) {
      prepared(
        db,
        `INSERT INTO sync_duplicates (checkin_id, event_id, code, kiosk_id, at, other_kiosk_id, other_at, flagged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (checkin_id) DO UPDATE SET other_kiosk_id = excluded.other_kiosk_id, other_at = excluded.other_at
         WHERE other_kiosk_id IS NOT excluded.other_kiosk_id OR other_at IS NOT excluded.other_at`,
      ).run(m.id, eventId, ticket.code, m.kiosk_id, m.at, other.kiosk_id, other.at, at);
    } else {
      prepared(db, 'DELETE FROM sync_duplicates WHERE checkin_id = ?').run(m.id);
    }
  }
}

export function duplicateCount(db: Database, eventId: string | null): number {
  return eventId === null
    ? prepared<[], { n: number }>(db, 'SELECT count(*) AS n FROM sync_duplicates').get()!.n
    : prepared<[string], { n: number }>(db, 'SELECT count(*) AS n FROM sync_duplicates WHERE event_id = ?').get(eventId)!.n;
}

export function flaggedDuplicates(db: Database, limit: number): Array<FlaggedDuplicateRow & { name: string }> {
  return prepared<[number], FlaggedDuplicateRow & { name: string }>(
    db,
    `SELECT d.checkin_id, d.event_id, d.code, d.kiosk_id, d.at, d.other_kiosk_id, d.other_at,
            coalesce(trim(a.first_name || ' ' || a.last_name), '') AS name
       FROM sync_duplicates d LEFT JOIN attendees a ON a.code = d.code
      ORDER BY d.at DESC LIMIT ?`,
  ).all(limit);
}

// ---- revocation -------------------------------------------------------------------------------

/**
 * Wipes the event's personal data (names, emails, companies, notes, badge fields; the outbox's
 * walk-in payloads; the flagged duplicates' names live in attendees) and keeps the counts: every
 * attendee, check-in and undo row stays, so "how many came" survives a revoked or returned kiosk.
 * Call inside the caller's transaction.
 */
export function wipePersonalData(db: Database, eventId: string, at: string): { attendees: number } {
  const result = prepared(
    db,
    `UPDATE attendees SET first_name = '', last_name = '', email = '', company = '', note = '', badge_fields = '{}', updated_at = ?
      WHERE event_id = ?`,
  ).run(at, eventId);
  prepared(
    db,
    `UPDATE outbox SET payload = json_object('clientId', ref_id, 'wiped', 1)
      WHERE kind = 'walk_in' AND json_extract(payload, '$.code') IN (SELECT code FROM attendees WHERE event_id = ?)`,
  ).run(eventId);
  return { attendees: result.changes };
}
