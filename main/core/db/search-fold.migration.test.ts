// Migration 0008 (search fold): attendees already in a replica become findable the folded way,
// and writers after it are indexed by the same fold through the triggers.
import { afterEach, expect, it } from 'vitest';
import { searchAttendees } from '../search/attendee-search';
import { scratchDatabase, type ScratchDatabase } from './migration-harness';

let scratch: ScratchDatabase;
afterEach(() => scratch.close());

const codes = (list: { code: string }[]) => list.map((a) => a.code);

it('re-indexes existing attendees folded, and keeps later writes folded', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(7);
  const db = scratch.db;
  const at = '2026-11-24T09:00:00.000Z';
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('evt-1', 'Event', ?, ?)").run(at, at);
  db.prepare("INSERT INTO ticket_types (event_id, name, updated_at) VALUES ('evt-1', 'General', ?)").run(at);
  const insert = db.prepare("INSERT INTO attendees (event_id, code, first_name, last_name, ticket_type, created_at, updated_at) VALUES ('evt-1', ?, ?, ?, 'General', ?, ?)");
  insert.run('OLD-1', 'Δημήτρης', 'Groß', at, at);
  insert.run('OLD-2', 'Sean', "O'Connor", at, at);
  // Before: 0002's tokenizer keeps Greek accents and ß, and splits O'Connor.
  expect(codes(searchAttendees(db, 'Δημήτρης'))).toEqual([]);
  expect(codes(searchAttendees(db, 'gross'))).toEqual([]);
  expect(codes(searchAttendees(db, 'oconnor'))).toEqual([]);

  expect(scratch.migrateTo(8)).toEqual([8]);
  expect(codes(searchAttendees(db, 'Δημήτρης'))).toEqual(['OLD-1']);
  expect(codes(searchAttendees(db, 'gross'))).toEqual(['OLD-1']);
  expect(codes(searchAttendees(db, 'oconnor'))).toEqual(['OLD-2']);

  insert.run('NEW-1', 'Ёлкин', 'Smith-Jones', at, at);
  expect(codes(searchAttendees(db, 'елкин smithjones'))).toEqual(['NEW-1']);
  db.prepare("UPDATE attendees SET last_name = 'Ñúñez' WHERE code = 'OLD-2'").run();
  expect(codes(searchAttendees(db, 'nunez'))).toEqual(['OLD-2']);
  expect(codes(searchAttendees(db, 'oconnor'))).toEqual([]);
  db.prepare("DELETE FROM attendees WHERE code = 'NEW-1'").run();
  expect(codes(searchAttendees(db, 'smithjones'))).toEqual([]);
});
