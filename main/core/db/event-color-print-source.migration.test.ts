// Migration 0011: events get an optional accent colour (NULL: the app's default), and print jobs and
// the print log say who asked for a badge. Rows from before it count as staff's.
import { afterEach, expect, it } from 'vitest';
import { getEvent, upsertEvent } from './event-queries';
import { scratchDatabase, type ScratchDatabase } from './migration-harness';
import { finishJob, getPrintJob, hasSelfServiceReprint, insertPrintJob, printLog } from './print-queries';

let scratch: ScratchDatabase;
afterEach(() => scratch.close());

const at = '2026-11-24T09:00:00.000Z';

it('keeps events and print history from before it: no colour, and every badge counted as staff', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(10);
  const db = scratch.db;
  db.prepare(`INSERT INTO events (id, name, created_at, updated_at) VALUES ('ev-1', 'Old Event', ?, ?)`).run(at, at);
  db.prepare(
    `INSERT INTO print_jobs (id, attendee_code, printer, template, reason, state, max_attempts, next_attempt_at, created_at, updated_at)
     VALUES ('job-old', 'T-1', 'pdf-folder', 'badge-4x3', 'reprint', 'done', 3, ?, ?, ?)`,
  ).run(at, at, at);
  db.prepare(`INSERT INTO print_log (attendee_code, job_id, printer, template, reason, printed_at) VALUES ('T-1', 'job-old', 'pdf-folder', 'badge-4x3', 'reprint', ?)`).run(at);
  expect(scratch.migrateTo(11)).toEqual([11]);

  expect(getEvent(db, 'ev-1')).toMatchObject({ name: 'Old Event', color: null });
  expect(getPrintJob(db, 'job-old')).toMatchObject({ reason: 'reprint', source: 'staff' });
  expect(printLog(db, 'T-1')).toEqual([expect.objectContaining({ reason: 'reprint', source: 'staff' })]);
  expect(hasSelfServiceReprint(db, 'T-1')).toBe(false);

  // After it: a colour is kept, and a self-service reprint is recorded as one.
  upsertEvent(db, { id: 'ev-1', name: 'Old Event', timeZone: 'UTC', doorsOpen: null, doorsClose: null, color: '#aa3300' }, at);
  expect(getEvent(db, 'ev-1')).toMatchObject({ color: '#aa3300' });
  insertPrintJob(db, { id: 'job-new', code: 'T-1', printer: 'pdf-folder', template: 'badge-4x3', reason: 'reprint', source: 'self_service', maxAttempts: 3 }, at);
  expect(hasSelfServiceReprint(db, 'T-1')).toBe(true); // queued counts
  finishJob(db, { id: 'job-new', code: 'T-1', printer: 'pdf-folder', template: 'badge-4x3', reason: 'reprint', source: 'self_service', notes: [] }, at);
  expect(printLog(db, 'T-1').map((r) => r.source)).toEqual(['staff', 'self_service']);
  expect(hasSelfServiceReprint(db, 'T-1')).toBe(true);

  // Only a #rrggbb colour and a known source fit the columns.
  expect(() => db.prepare("UPDATE events SET color = 'red'").run()).toThrow(/CHECK constraint failed/);
  expect(() => db.prepare("UPDATE print_jobs SET source = 'guest'").run()).toThrow(/CHECK constraint failed/);
});
