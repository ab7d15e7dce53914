/** The print queue's SQL: jobs, the per-attendee print log, and the badge's view of an attendee. */
import type { AttendeeRow } from './attendee-queries';
import type { Database } from './open';
import { prepared } from './statements';

export type JobState = 'queued' | 'printing' | 'done' | 'failed';
export type JobReason = 'auto' | 'manual' | 'reprint';
/** Who asked for a badge: staff (desk, CLI, setup) or a guest at a self-service kiosk. */
export type JobSource = 'staff' | 'self_service';

export interface PrintJobRow {
  id: string;
  attendee_code: string;
  printer: string;
  template: string;
  reason: JobReason;
  source: JobSource;
  state: JobState;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** JSON array of what the printed badge shows differently from the registration. */
  notes: string;
  /** The guest's name as registered, looked up by code; null when the code is not in the replica. */
  attendee_name: string | null;
}

/** A job's notes as a list (the column is a JSON array of strings). */
export function jobNotes(row: Pick<PrintJobRow, 'notes'>): string[] {
  const value: unknown = JSON.parse(row.notes);
  return Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : [];
}

const jobColumns = `id, attendee_code, printer, template, reason, source, state, attempts, max_attempts, next_attempt_at, error, created_at, updated_at, finished_at, notes,
  (SELECT trim(a.first_name || ' ' || a.last_name) FROM attendees a WHERE a.code = print_jobs.attendee_code) AS attendee_name`;

export function insertPrintJob(
  db: Database,
  job: { id: string; code: string; printer: string; template: string; reason: JobReason; source?: JobSource; maxAttempts: number },
  at: string,
): void {
  prepared(
    db,
    `INSERT INTO print_jobs (id, attendee_code, printer, template, reason, source, state, max_attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
  ).run(job.id, job.code, job.printer, job.template, job.reason, job.source ?? 'staff', job.maxAttempts, at, at, at);
}

export function getPrintJob(db: Database, id: string): PrintJobRow | undefined {
  return prepared<[string], PrintJobRow>(db, `SELECT ${jobColumns} FROM print_jobs WHERE id = ?`).get(id);
}

export function listPrintJobs(db: Database, options: { code?: string; limit: number }): PrintJobRow[] {
  if (options.code !== undefined) {
    return prepared<[string, number], PrintJobRow>(db, `SELECT ${jobColumns} FROM print_jobs WHERE attendee_code = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(options.code, options.limit);
  }
  return prepared<[number], PrintJobRow>(db, `SELECT ${jobColumns} FROM print_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(options.limit);
}

/** The next queued job that is due, oldest first; the queue prints one badge at a time. */
export function nextDueJob(db: Database, now: string): PrintJobRow | undefined {
  return prepared<[string], PrintJobRow>(
    db,
    `SELECT ${jobColumns} FROM print_jobs WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at, rowid LIMIT 1`,
  ).get(now);
}

/** When the earliest waiting retry becomes due, so the worker can sleep until then. */
export function nextWakeAt(db: Database): string | undefined {
  return prepared<[], { at: string }>(db, `SELECT MIN(next_attempt_at) AS at FROM print_jobs WHERE state = 'queued'`).get()?.at ?? undefined;
}

/** Claims a queued job for printing; false if another worker (another process) took it first. */
export function claimJob(db: Database, id: string, at: string): boolean {
  return (
    prepared(db, `UPDATE print_jobs SET state = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'`).run(at, id).changes === 1
  );
}

export function finishJob(
  db: Database,
  job: { id: string; code: string; printer: string; template: string; reason: JobReason; source?: JobSource; notes: string[] },
  at: string,
): void {
  db.transaction(() => {
    prepared(db, `UPDATE print_jobs SET state = 'done', error = NULL, notes = ?, updated_at = ?, finished_at = ? WHERE id = ?`).run(JSON.stringify(job.notes), at, at, job.id);
    prepared(db, 'INSERT INTO print_log (attendee_code, job_id, printer, template, reason, source, printed_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      job.code,
      job.id,
      job.printer,
      job.template,
      job.reason,
      job.source ?? 'staff',
      at,
    );
  })();
}

/** A failed attempt: back to 'queued' with a later next_attempt_at, or 'failed' for good. */
export function failJob(db: Database, id: string, error: string, retryAt: string | null, at: string): void {
  if (retryAt) {
    prepared(db, `UPDATE print_jobs SET state = 'queued', error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`).run(error, retryAt, at, id);
  } else {
    prepared(db, `UPDATE print_jobs SET state = 'failed', error = ?, updated_at = ?, finished_at = ? WHERE id = ?`).run(error, at, at, id);
  }
}

/** Staff asked to try a failed job again: a fresh set of attempts, due now. */
export function requeueJob(db: Database, id: string, at: string): boolean {
  return (
    prepared(db, `UPDATE print_jobs SET state = 'queued', attempts = 0, error = NULL, next_attempt_at = ?, updated_at = ?, finished_at = NULL WHERE id = ? AND state = 'failed'`).run(
      at,
      at,
      id,
    ).changes === 1
  );
}

/** At start-up: jobs left 'printing' by a crash go back to the queue (returns their ids). */
export function recoverInterruptedJobs(db: Database, at: string): string[] {
  return db.transaction(() => {
    const ids = prepared<[], { id: string }>(db, `SELECT id FROM print_jobs WHERE state = 'printing'`).all().map((r) => r.id);
    prepared(db, `UPDATE print_jobs SET state = 'queued', next_attempt_at = ?, updated_at = ? WHERE state = 'printing'`).run(at, at);
    return ids;
  })();
}

/** True when the attendee already has a badge printed, or one on its way (queued or printing). */
export function hasBadgeOrPendingJob(db: Database, code: string): boolean {
  return (
    prepared<[string, string], { one: number }>(
      db,
      `SELECT 1 AS one FROM print_log WHERE attendee_code = ?
       UNION ALL SELECT 1 FROM print_jobs WHERE attendee_code = ? AND state IN ('queued', 'printing') LIMIT 1`,
    ).get(code, code) !== undefined
  );
}

export interface PrintLogRow {
  attendee_code: string;
  job_id: string;
  printer: string;
  template: string;
  reason: JobReason;
  source: JobSource;
  printed_at: string;
}

export function printLog(db: Database, code: string): PrintLogRow[] {
  return prepared<[string], PrintLogRow>(db, 'SELECT attendee_code, job_id, printer, template, reason, source, printed_at FROM print_log WHERE attendee_code = ? ORDER BY id').all(code);
}

export type BadgeRow = Pick<AttendeeRow, 'code' | 'first_name' | 'last_name' | 'email' | 'company' | 'ticket_type' | 'badge_fields'> & {
  color: string | null;
  event_name: string | null;
};

/** What a badge needs about one attendee: their row, the ticket type's colour, the event's name. */
export function badgeRow(db: Database, code: string): BadgeRow | undefined {
  return prepared<[string], BadgeRow>(
    db,
    `SELECT a.code, a.first_name, a.last_name, a.email, a.company, a.ticket_type, a.badge_fields, t.color, e.name AS event_name
       FROM attendees a
       LEFT JOIN ticket_types t ON t.event_id = a.event_id AND t.name = a.ticket_type
       LEFT JOIN events e ON e.id = a.event_id
      WHERE a.code = ?`,
  ).get(code);
}

/**
 * True when the guest had their reprint at a self-service kiosk, or it is on its way. Reprints staff
 * made at the desk do not count: the guest's one self-service reprint is theirs.
 */
export function hasSelfServiceReprint(db: Database, code: string): boolean {
  return (
    prepared<[string, string], { one: number }>(
      db,
      `SELECT 1 AS one FROM print_log WHERE attendee_code = ? AND reason = 'reprint' AND source = 'self_service'
       UNION ALL SELECT 1 FROM print_jobs WHERE attendee_code = ? AND reason = 'reprint' AND source = 'self_service' AND state IN ('queued', 'printing') LIMIT 1`,
    ).get(code, code) !== undefined
  );
}
