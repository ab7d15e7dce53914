import iconv from 'iconv-lite';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSetting, settingKeys } from '../db/settings-queries';
import { searchAttendees } from '../search/attendee-search';
import { addEvent, tempReplica, type TempReplica } from '../testing/replica-fixture';
import { importAttendeeBytes, importAttendeeFile, type ImportProgress } from './import-attendees';

let replica: TempReplica;
beforeEach(() => {
  replica = tempReplica();
});
afterEach(() => replica.close());

const utf8 = (text: string) => new TextEncoder().encode(text);
const eventbrite =
  'Order #,First Name,Last Name,Email,Ticket Type,Attendee #,Barcode #,Attendee Status\r\n' +
  '1,Ada,Lovelace,ada@example.org,VIP,1,EB-1,Attending\r\n' +
  '2,Alan,Turing,alan@example.org,General,2,EB-2,Attending\r\n' +
  '3,Grace,Hopper,grace@example.org,Speaker,3,EB-3,Refunded\r\n';

/** Everything an import could touch, to prove a refused import touched nothing. */
function snapshot(): unknown {
  const all = (sql: string) => replica.db.prepare(sql).all();
  return {
    events: all('SELECT * FROM events ORDER BY id'),
    types: all('SELECT * FROM ticket_types ORDER BY event_id, name'),
    attendees: all('SELECT * FROM attendees ORDER BY id'),
    settings: all('SELECT * FROM settings ORDER BY key'),
    search: all("SELECT rowid FROM attendee_search WHERE attendee_search MATCH 'a*' ORDER BY rowid"),
  };
}

describe('importAttendeeBytes', () => {
  it('creates a current event on a fresh kiosk, the missing ticket types, and searchable attendees', async () => {
    const summary = await importAttendeeBytes(replica.db, utf8(eventbrite));
    expect(summary).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, skipped: 0, rejected: false, errors: [], format: 'eventbrite' });
    expect(summary.event.created).toBe(true);
    expect(getSetting(replica.db, settingKeys.currentEventId)).toBe(summary.event.id);
    expect(summary.ticketTypesCreated.sort()).toEqual(['General', 'Speaker', 'VIP']);
    const [grace] = searchAttendees(replica.db, 'hopp');
    expect(grace).toMatchObject({ code: 'EB-3', status: 'refunded', ticketType: 'Speaker', eventId: summary.event.id });
  });

  it('imports into the current event when there is one', async () => {
    addEvent(replica.db, 'evt-1');
    addEvent(replica.db, 'evt-2');
    replica.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(settingKeys.currentEventId, JSON.stringify('evt-2'));
    const summary = await importAttendeeBytes(replica.db, utf8('name,email,code\nAda Lovelace,ada@example.org,C-1\n'));
    expect(summary.event).toEqual({ id: 'evt-2', name: 'Event evt-2', created: false });
    expect(replica.db.prepare('SELECT event_id, ticket_type FROM attendees').all()).toEqual([{ event_id: 'evt-2', ticket_type: 'General' }]);
  });

  it('is idempotent: the same list again changes nothing', async () => {
    await importAttendeeBytes(replica.db, utf8(eventbrite));
    const before = snapshot();
    const again = await importAttendeeBytes(replica.db, utf8(eventbrite));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, ticketTypesCreated: [] });
    expect(snapshot()).toEqual(before);
  });

  it('updates by code only what the file has, keeping check-ins and other columns', async () => {
    await importAttendeeBytes(replica.db, utf8(eventbrite));
    replica.db.prepare("UPDATE attendees SET company = 'Kept Co', note = 'kept note' WHERE code = 'EB-1'").run();
    const summary = await importAttendeeBytes(replica.db, utf8(eventbrite.replace('Lovelace', 'King-Lovelace')));
    expect(summary).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    expect(replica.db.prepare("SELECT last_name, company, note FROM attendees WHERE code = 'EB-1'").get()).toEqual({
      last_name: 'King-Lovelace', company: 'Kept Co', note: 'kept note',
    });
    expect(searchAttendees(replica.db, 'king').map((a) => a.code)).toEqual(['EB-1']);
  });

  it('rejects a file with bad rows whole, listing them, and writes nothing (not even the event)', async () => {
    const before = snapshot();
    const summary = await importAttendeeBytes(replica.db, utf8('name,email,code\nAda Lovelace,ada@example.org,C-1\n,nobody@example.org,C-2\nDup,d@example.org,C-1\n'));
    expect(summary.rejected).toBe(true);
    expect(summary.errors).toEqual([
      { line: 2, reason: 'duplicate code "C-1" (lines 2, 4)' },
      { line: 3, reason: 'no name' },
      { line: 4, reason: 'duplicate code "C-1" (lines 2, 4)' },
    ]);
    expect(summary).toMatchObject({ inserted: 0, updated: 0, skipped: 0 });
    expect(snapshot()).toEqual(before);
  });

  it('with skipInvalid imports the good rows and reports the skipped ones', async () => {
    const summary = await importAttendeeBytes(replica.db, utf8('name,email,code\nAda Lovelace,ada@example.org,C-1\n,nobody@example.org,C-2\nAlan Turing,alan@example.org,C-3\n'), {
      skipInvalid: true,
    });
    expect(summary).toMatchObject({ inserted: 2, skipped: 1, rejected: false, errors: [{ line: 3, reason: 'no name' }] });
    expect(replica.db.prepare('SELECT code FROM attendees ORDER BY code').all()).toEqual([{ code: 'C-1' }, { code: 'C-3' }]);
  });

  it('refuses a code that already belongs to another event', async () => {
    await importAttendeeBytes(replica.db, utf8('name,code\nAda Lovelace,C-1\n'), {});
    addEvent(replica.db, 'evt-other');
    const summary = await importAttendeeBytes(replica.db, utf8('name,code\nAda Lovelace,C-1\n'), { eventId: 'evt-other' });
    expect(summary.rejected).toBe(true);
    expect(summary.errors[0]!.reason).toMatch(/already an attendee of event "local-/);
  });

  it('leaves the replica untouched on missing columns, wrong encoding and a missing file', async () => {
    await importAttendeeBytes(replica.db, utf8(eventbrite));
    const before = snapshot();
    await expect(importAttendeeBytes(replica.db, utf8('email,company\na@b.c,Acme\n'))).rejects.toThrow(/missing required columns/);
    await expect(importAttendeeBytes(replica.db, new Uint8Array([0x63, 0x6f, 0x64, 0x65, 0x0a, 0x81, 0x0a]))).rejects.toThrow(/neither UTF-8 nor Windows-1252/);
    await expect(importAttendeeFile(replica.db, join(replica.dir, 'nope.csv'))).rejects.toThrow(/cannot read .*nope\.csv: ENOENT/);
    expect(snapshot()).toEqual(before);
  });

  it('reads a Windows-1252 file from disk', async () => {
    const file = join(replica.dir, 'list.csv');
    writeFileSync(file, iconv.encode('Vorname;Nachname;Code\r\nJürgen;Müller;K-1\r\n', 'win1252'));
    expect(await importAttendeeFile(replica.db, file)).toMatchObject({ inserted: 1, encoding: 'windows-1252' });
    expect(searchAttendees(replica.db, 'mull')[0]).toMatchObject({ firstName: 'Jürgen', lastName: 'Müller' });
  });

  it('reports progress phases and writes a large list with the search index deferred', async () => {
    const lines = ['name,code', ...Array.from({ length: 12_000 }, (_, i) => `Person Number${i},P-${i}`)];
    const phases: ImportProgress['phase'][] = [];
    const summary = await importAttendeeBytes(replica.db, utf8(lines.join('\n')), { onProgress: (p) => phases.push(p.phase) });
    expect(summary.inserted).toBe(12_000);
    expect(phases[0]).toBe('parsing');
    expect(phases).toContain('validating');
    expect(phases).toContain('writing');
    expect(phases.at(-1)).toBe('done');
    expect(searchAttendees(replica.db, 'number11999').map((a) => a.code)).toEqual(['P-11999']);
    expect(replica.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'attendee_search_%'").get()).toEqual({ n: 3 });
  });
});
