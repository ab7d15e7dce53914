// Migration 0004 (print job notes): jobs queued or printed before it keep working, with no notes.
import { afterEach, expect, it } from 'vitest';
import { scratchDatabase, type ScratchDatabase } from './migration-harness';
import { finishJob, getPrintJob, jobNotes } from './print-queries';

let scratch: ScratchDatabase;
afterEach(() => scratch.close());

it('gives jobs from before it an empty notes list, and records the notes of jobs finished after it', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(3);
  const at = '2026-11-24T09:00:00.000Z';
  // The row in 0003's shape (the queries of today also write later columns).
  scratch.db
    .prepare(
      `INSERT INTO print_jobs (id, attendee_code, printer, template, reason, state, max_attempts, next_attempt_at, created_at, updated_at)
       VALUES ('job-old', 'T-1', 'pdf-folder', 'badge-4x3', 'auto', 'queued', 3, ?, ?, ?)`,
    )
    .run(at, at, at);
  expect(scratch.migrateTo(4)).toEqual([4]);

  const old = scratch.db.prepare("SELECT state, attendee_code, notes FROM print_jobs WHERE id = 'job-old'").get() as { state: string; attendee_code: string; notes: string };
  expect(old).toMatchObject({ state: 'queued', attendee_code: 'T-1' });
  expect(jobNotes(old)).toEqual([]);

  scratch.migrateTo(Number.MAX_SAFE_INTEGER); // the queries of today read and write later columns too
  finishJob(scratch.db, { id: 'job-old', code: 'T-1', printer: 'pdf-folder', template: 'badge-4x3', reason: 'auto', notes: ['name shortened to fit'] }, at);
  expect(jobNotes(getPrintJob(scratch.db, 'job-old')!)).toEqual(['name shortened to fit']);
  // The column only ever holds a JSON array's text.
  expect(() => scratch.db.prepare("UPDATE print_jobs SET notes = 'not json'").run()).toThrow(/CHECK constraint failed/);
});
