// Migration 0009 (search deferred): while search_index_deferred holds its row, writes to attendees
// leave the search index alone; a rebuild indexes everyone and ends the deferral. Without the row
// the triggers index every write as 0008's did.
import { afterEach, expect, it } from 'vitest';
import { searchAttendees } from '../search/attendee-search';
import { scratchDatabase, type ScratchDatabase } from './migration-harness';
import { deferSearchIndex, rebuildSearchIndex, searchIndexDeferred } from './search-queries';

let scratch: ScratchDatabase;
afterEach(() => scratch.close());

const codes = (list: { code: string }[]) => list.map((a) => a.code);

it('keeps indexing every write, and lets a deferral index once at its end', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(8);
  const db = scratch.db;
  const at = '2026-11-24T09:00:00.000Z';
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('evt-1', 'Event', ?, ?)").run(at, at);
  db.prepare("INSERT INTO ticket_types (event_id, name, updated_at) VALUES ('evt-1', 'General', ?)").run(at);
  const insert = db.prepare("INSERT INTO attendees (event_id, code, first_name, last_name, ticket_type, created_at, updated_at) VALUES ('evt-1', ?, ?, ?, 'General', ?, ?)");
  insert.run('OLD-1', 'Ada', 'Lovelace', at, at);

  expect(scratch.migrateTo(9)).toEqual([9]);
  expect(codes(searchAttendees(db, 'lovelace'))).toEqual(['OLD-1']);
  insert.run('NEW-1', 'Grace', 'Hopper', at, at);
  expect(codes(searchAttendees(db, 'hopper'))).toEqual(['NEW-1']);

  deferSearchIndex(db, at);
  expect(searchIndexDeferred(db)).toBe(true);
  insert.run('BULK-1', 'Alan', 'Turing', at, at);
  db.prepare("UPDATE attendees SET last_name = 'Hopper-Murray' WHERE code = 'NEW-1'").run();
  db.prepare("DELETE FROM attendees WHERE code = 'OLD-1'").run();
  // Idle: the index still holds what it held.
  expect(codes(searchAttendees(db, 'turing'))).toEqual([]);
  expect(codes(searchAttendees(db, 'hoppermurray'))).toEqual([]);

  rebuildSearchIndex(db);
  expect(searchIndexDeferred(db)).toBe(false);
  expect(codes(searchAttendees(db, 'turing'))).toEqual(['BULK-1']);
  expect(codes(searchAttendees(db, 'hoppermurray'))).toEqual(['NEW-1']);
  expect(codes(searchAttendees(db, 'lovelace'))).toEqual([]);
  insert.run('AFTER-1', 'Katherine', 'Johnson', at, at);
  expect(codes(searchAttendees(db, 'johnson'))).toEqual(['AFTER-1']);
});
