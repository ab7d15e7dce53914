import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDatabase } from '../db/migration-harness';
import { addAttendees, addEvent, tempReplica, type TempReplica } from '../testing/replica-fixture';
import { withSearchIndexDeferred } from '../db/search-queries';
import { searchCountCap } from '../../../common/contract/attendees';
import { searchAttendees, searchAttendeesWithTotal, searchWords, toMatchExpression } from './attendee-search';

let replica: TempReplica;
afterEach(() => replica.close());

const codes = (list: { code: string }[]) => list.map((a) => a.code);

describe('migration 0002 (search index)', () => {
  it('indexes attendees that were in the replica before it ran', () => {
    const scratch = scratchDatabase();
    replica = { db: scratch.db, dir: scratch.dataDir, close: scratch.close };
    scratch.migrateTo(1);
    // The event in the shape of 0001 (today's writers use columns of later migrations).
    const at = '2026-11-24T09:00:00.000Z';
    replica.db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('evt-1', 'Event evt-1', ?, ?)").run(at, at);
    replica.db.prepare("INSERT INTO ticket_types (event_id, name, updated_at) VALUES ('evt-1', 'General', ?)").run(at);
    addAttendees(replica.db, [
      { code: 'OLD-1', firstName: 'Jürgen', lastName: 'Müller', company: 'Acme' },
      { code: 'OLD-2', firstName: 'Ada', lastName: 'Lovelace' },
    ]);
    expect(scratch.migrateTo(2)).toEqual([2]);
    expect(codes(searchAttendees(replica.db, 'mull'))).toEqual(['OLD-1']);
    expect(codes(searchAttendees(replica.db, 'acme'))).toEqual(['OLD-1']);
    expect(codes(searchAttendees(replica.db, 'love'))).toEqual(['OLD-2']);
  });
});

describe('searchAttendees', () => {
  beforeEach(() => {
    replica = tempReplica();
    addEvent(replica.db);
    addEvent(replica.db, 'evt-2');
    addAttendees(replica.db, [
      { code: 'C-100', firstName: 'Jürgen', lastName: 'Müller', email: 'j.mueller@firma.de', company: 'Firma GmbH' },
      { code: 'C-101', firstName: 'Mullah', lastName: 'Smith', email: 'ms@example.org' },
      { code: 'C-102', firstName: 'Anna', lastName: 'Mull', email: 'anna@example.org', company: 'Åström AB' },
      { code: 'C-103', firstName: 'Bob', lastName: 'Jones', email: 'bob@mullerco.com' },
      { code: 'X7Q-2', firstName: 'Zoë', lastName: 'Ng', email: 'zoe@example.org' },
      { code: 'E2-1', firstName: 'Other', lastName: 'Müller', eventId: 'evt-2' },
    ]);
  });

  it('is case- and accent-insensitive: "mull" finds Müller', () => {
    const found = codes(searchAttendees(replica.db, 'MULL', { eventId: 'evt-1' }));
    expect(found).toContain('C-100');
    expect(searchAttendees(replica.db, 'zoe').map((a) => a.firstName)).toEqual(['Zoë']);
    expect(codes(searchAttendees(replica.db, 'astro'))).toEqual(['C-102']);
  });

  it('ranks an exact last name first, then last-name prefixes, then other fields', () => {
    const found = codes(searchAttendees(replica.db, 'mull', { eventId: 'evt-1' }));
    expect(found).toEqual(['C-102', 'C-100', 'C-101', 'C-103']);
  });

  it('matches email, company and several words together', () => {
    expect(codes(searchAttendees(replica.db, 'j.mueller@firma'))).toEqual(['C-100']);
    expect(codes(searchAttendees(replica.db, 'firma gm'))).toEqual(['C-100']);
    expect(codes(searchAttendees(replica.db, 'anna mull'))).toEqual(['C-102']);
  });

  it('matches a code prefix, in either case, and puts an exact code first', () => {
    expect(codes(searchAttendees(replica.db, 'x7q'))).toEqual(['X7Q-2']);
    expect(codes(searchAttendees(replica.db, 'C-10'))).toEqual(['C-100', 'C-101', 'C-102', 'C-103']);
    expect(codes(searchAttendees(replica.db, 'C-102'))[0]).toBe('C-102');
  });

  it('needs two characters and filters by event', () => {
    expect(searchAttendees(replica.db, 'm')).toEqual([]);
    expect(searchAttendees(replica.db, '  ')).toEqual([]);
    expect(codes(searchAttendees(replica.db, 'müller', { eventId: 'evt-2' }))).toEqual(['E2-1']);
    expect(codes(searchAttendees(replica.db, 'müller'))).toEqual(expect.arrayContaining(['E2-1', 'C-100']));
  });

  it('returns the shared attendee shape', () => {
    const [first] = searchAttendees(replica.db, 'C-100');
    expect(first).toEqual({
      code: 'C-100', eventId: 'evt-1', firstName: 'Jürgen', lastName: 'Müller', email: 'j.mueller@firma.de',
      company: 'Firma GmbH', ticketType: 'General', status: 'valid', vip: false, note: '', badgeFields: {},
    });
  });

  it('keeps the index in step with updates and deletes', () => {
    replica.db.prepare("UPDATE attendees SET last_name = 'Schmidt' WHERE code = 'C-100'").run();
    expect(codes(searchAttendees(replica.db, 'schmi'))).toEqual(['C-100']);
    expect(codes(searchAttendees(replica.db, 'müller', { eventId: 'evt-1' }))).not.toContain('C-100');
    replica.db.prepare("DELETE FROM attendees WHERE code = 'C-102'").run();
    expect(codes(searchAttendees(replica.db, 'anna'))).toEqual([]);
  });

  it('treats FTS5 syntax and hostile text as plain text', () => {
    for (const text of ['"', 'a" OR "b', 'NEAR(a b)', '*', 'last_name:x', "'; DROP TABLE attendees; --", '💥💥', 'مرحبا', 'x'.repeat(10_000)]) {
      expect(() => searchAttendees(replica.db, text)).not.toThrow();
    }
    expect(toMatchExpression(searchWords('a" OR "b'))).toBe('"a"* AND "or"* AND "b"*');
    expect(replica.db.prepare('SELECT count(*) AS n FROM attendees').get()).toEqual({ n: 6 });
  });
});

describe('names in every script (issue 11)', () => {
  beforeEach(() => {
    replica = tempReplica();
    addEvent(replica.db);
    addAttendees(replica.db, [
      { code: 'G-1', firstName: 'Δημήτρης', lastName: 'Παπαδόπουλος' },
      { code: 'R-1', firstName: 'Пётр', lastName: 'Ёлкин' },
      { code: 'I-1', firstName: 'Siobhán', lastName: "O'Connor" },
      { code: 'I-2', firstName: 'Liam', lastName: 'O’Brien' },
      { code: 'D-1', firstName: 'Jürgen', lastName: 'Groß' },
      { code: 'S-1', firstName: 'Íñigo', lastName: 'Ñúñez' },
      { code: 'H-1', firstName: 'Mary Ann', lastName: 'Smith-Jones' },
      { code: 'P-1', firstName: 'Łukasz', lastName: 'Żółć' },
      { code: 'N-1', firstName: 'Søren', lastName: 'Kierkegaard' },
    ]);
  });

  it.each([
    ['Δημήτρης', 'G-1'], ['δημητρης', 'G-1'], ['ΔΗΜΉΤΡΗΣ', 'G-1'], ['Παπαδόπουλος', 'G-1'],
    ['Ёлкин', 'R-1'], ['елкин', 'R-1'], ['Пётр', 'R-1'],
    ['oconnor', 'I-1'], ["O'Connor", 'I-1'], ['O’Connor', 'I-1'], ['connor', 'I-1'], ['obrien', 'I-2'], ["o'brien", 'I-2'],
    ['gross', 'D-1'], ['Groß', 'D-1'], ['GROSS', 'D-1'],
    ['nunez', 'S-1'], ['Ñúñez', 'S-1'], ['inigo', 'S-1'],
    ['smithjones', 'H-1'], ['smith-jones', 'H-1'], ['jones', 'H-1'], ['smith jones', 'H-1'], ['maryann', 'H-1'],
    ['lukasz zolc', 'P-1'], ['soren', 'N-1'],
  ])('"%s" finds %s', (text, code) => {
    expect(codes(searchAttendees(replica.db, text))).toEqual([code]);
  });

  it('folds the query as the index: searchWords', () => {
    expect(searchWords("O'Connor Groß-Ñúñez")).toEqual(['oconnor', 'grossnunez']);
    expect(searchWords('ΔΗΜΉΤΡΗΣ')).toEqual(searchWords('δημήτρης'));
  });
});

describe('broad queries and bulk writes', () => {
  beforeEach(() => {
    replica = tempReplica();
    addEvent(replica.db);
  });

  it('answers a query with many matches tier by tier, last names first', () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({ code: `M-${i}`, firstName: 'Mark', lastName: `Zed${i}`, company: 'Macro AG' }));
    addAttendees(replica.db, [...many, { code: 'L-1', firstName: 'Ann', lastName: 'Mayer' }, { code: 'L-2', firstName: 'Bo', lastName: 'Ma' }]);
    const found = codes(searchAttendees(replica.db, 'ma', { limit: 10 }));
    expect(found).toHaveLength(10);
    expect(found.slice(0, 2)).toEqual(['L-2', 'L-1']);
  });

  it('says how many match in all when the list is cut off: names and codes once each, in the asked event', () => {
    addEvent(replica.db, 'evt-2');
    addAttendees(replica.db, [
      ...Array.from({ length: 30 }, (_, i) => ({ code: `MA-${i}`, lastName: `Marsh${i}` })), // name and code both match: counted once
      ...Array.from({ length: 12 }, (_, i) => ({ code: `MA-X${i}`, lastName: 'Other' })), // the code only
      ...Array.from({ length: 7 }, (_, i) => ({ code: `Q-${i}`, lastName: 'Maier' })), // the name only
      ...Array.from({ length: 9 }, (_, i) => ({ code: `E2-${i}`, lastName: 'Mason', eventId: 'evt-2' })), // another event
    ]);
    const cut = searchAttendeesWithTotal(replica.db, 'ma', { limit: 10, eventId: 'evt-1' });
    expect(cut.attendees).toHaveLength(10);
    expect(cut).toMatchObject({ total: 49, totalCapped: false });
    expect(searchAttendeesWithTotal(replica.db, 'ma', { limit: 10 }).total).toBe(58);
    // A list that is not cut off is every match.
    expect(searchAttendeesWithTotal(replica.db, 'maier', { limit: 10 })).toMatchObject({ total: 7, totalCapped: false });
    expect(searchAttendeesWithTotal(replica.db, 'x', { limit: 10 })).toEqual({ attendees: [], total: 0, totalCapped: false });
  });

  it('counts up to the cap and then says "more than"', () => {
    addAttendees(replica.db, Array.from({ length: searchCountCap + 5 }, (_, i) => ({ code: `C-${i}`, lastName: 'Many' })));
    expect(searchAttendeesWithTotal(replica.db, 'many', { limit: 5 })).toMatchObject({ total: searchCountCap, totalCapped: true });
  });

  it('withSearchIndexDeferred indexes the bulk rows once and leaves the triggers working', () => {
    const triggerCount = () => (replica.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'trigger'").get() as { n: number }).n;
    const before = triggerCount();
    replica.db.transaction(() => withSearchIndexDeferred(replica.db, () => addAttendees(replica.db, [{ code: 'B-1', lastName: 'Bulkmann' }])))();
    expect(codes(searchAttendees(replica.db, 'bulkm'))).toEqual(['B-1']);
    expect(triggerCount()).toBe(before);
    addAttendees(replica.db, [{ code: 'B-2', lastName: 'Afterwards' }]);
    expect(codes(searchAttendees(replica.db, 'afterw'))).toEqual(['B-2']);
  });

  it('withSearchIndexDeferred rolls the triggers back with a failed write', () => {
    expect(() =>
      replica.db.transaction(() => withSearchIndexDeferred(replica.db, () => {
        addAttendees(replica.db, [{ code: 'F-1', lastName: 'Failing' }]);
        throw new Error('bad row');
      }))(),
    ).toThrow('bad row');
    addAttendees(replica.db, [{ code: 'F-2', lastName: 'Failing' }]);
    expect(codes(searchAttendees(replica.db, 'failing'))).toEqual(['F-2']);
  });
});
