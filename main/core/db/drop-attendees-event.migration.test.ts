// Migration 0010: attendees_event goes; a look-up by event alone still uses an index, not a scan.
import { afterEach, expect, it } from 'vitest';
import { scratchDatabase, type ScratchDatabase } from './migration-harness';

let scratch: ScratchDatabase;
afterEach(() => scratch.close());

it('drops the redundant index and leaves event look-ups on attendees_ticket', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(9);
  const indexes = () => scratch.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'attendees'").pluck().all();
  expect(indexes()).toContain('attendees_event');
  expect(scratch.migrateTo(10)).toEqual([10]);
  expect(indexes()).not.toContain('attendees_event');
  const plan = scratch.db.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM attendees WHERE event_id = 'evt-1'").all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX attendees_ticket/);
});
