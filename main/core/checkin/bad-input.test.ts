/**
 * Hostile and broken codes: none may crash the kiosk or change the replica. Each gets a clean
 * verdict (unknown, or wrong_event for a genuine ticket of another event) or a one-line bad_input.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { ArrivalsError } from '../../../common/contract/errors';
import type { Database } from '../db/open';
import { openKiosk } from '../kiosk';
import { eventSigner } from '../tickets/keys';
import { generateEventKey, signLegacyTicket, signTicket } from '../../../common/node/signing';
import { addEvent, doorFixture } from './door-fixture';

const door = doorFixture();
door.addAttendee('PLAIN-1');
addEvent(door.db, 'evt-paris', 'Paris Forum', door.t0);
door.addAttendee('PARIS-1', { eventId: 'evt-paris' });
const parisCode = eventSigner(door.db, 'evt-paris', door.t0)({ serial: 7, ticketType: 'General' });
const good = door.sign(1);
const goodLegacy = door.signLegacy('T-1');
const strangerKey = generateEventKey();
const strangerCode = signTicket({ keyIndex: 0, serial: 1, typeIndex: 0, validFrom: 0, validUntil: 0 }, strangerKey.privateKey);
const strangerLegacy = signLegacyTicket({ keyId: strangerKey.keyId, eventId: 'evt-lisbon', ticketId: 'L-1', ticketType: 'General', validFrom: 0, validUntil: 0 }, strangerKey.privateKey);
const kiosk = openKiosk({ dataDir: door.dataDir, face: 'cli', clock: door.clock });
afterAll(() => {
  kiosk.close();
  door.close();
});

const flip = (code: string, at: number) => code.slice(0, at) + (code[at] === 'Q' ? 'R' : 'Q') + code.slice(at + 1);

const corpus: Array<[string, unknown, 'unknown' | 'wrong_event' | 'bad_input']> = [
  ['empty', '', 'unknown'],
  ['whitespace', ' \t\r\n ', 'unknown'],
  ['10 kB', 'A'.repeat(10_240), 'unknown'],
  ['10 kB signed-looking', 'AR1:' + 'A'.repeat(10_240), 'unknown'],
  ['10 kB AR2-looking', 'AR2:' + '0'.repeat(10_240), 'unknown'],
  ['AR2 at the length limit', 'AR2:' + '0'.repeat(508), 'unknown'],
  ['over the contract limit', 'x'.repeat(70_000), 'bad_input'],
  ['binary', randomBytes(256).toString('latin1'), 'unknown'],
  ['NUL bytes', 'PLAIN-1\u0000', 'unknown'],
  ['lone surrogate', 'AR1:\uD800', 'unknown'],
  ['SQL: or 1=1', "' OR '1'='1", 'unknown'],
  ['SQL: drop table', "PLAIN-1'; DROP TABLE attendees; --", 'unknown'],
  ['SQL: signed-looking', "AR1:' OR ''='", 'unknown'],
  ['SQL: AR2-looking', "AR2:' OR ''='", 'unknown'],
  ['LIKE wildcards', 'PLAIN-%', 'unknown'],
  ['emoji', '🎟️🎉👩🏽‍💻', 'unknown'],
  ['emoji signed-looking', 'AR1:🎟️', 'unknown'],
  ['emoji AR2-looking', 'AR2:🎟️', 'unknown'],
  ['RTL Arabic', 'تذكرة-١٢٣', 'unknown'],
  ['RTL Hebrew', 'כרטיס 42', 'unknown'],
  ['RTL override', '\u202E1-NIALP\u202C', 'unknown'],
  ['altered signed code', flip(good, 30), 'unknown'],
  ['altered signature', flip(good, good.length - 5), 'unknown'],
  ['truncated signed code', good.slice(0, -8), 'unknown'],
  ['signed code plus a character', good + 'A', 'unknown'],
  ['signed code with padding', good + '======', 'unknown'],
  ['altered legacy code', flip(goodLegacy, 30), 'unknown'],
  ['altered legacy signature', flip(goodLegacy, goodLegacy.length - 5), 'unknown'],
  ['truncated legacy code', goodLegacy.slice(0, -8), 'unknown'],
  ['valid signature over a different event', parisCode, 'wrong_event'],
  ['listed ticket of a different event', 'PARIS-1', 'wrong_event'],
  ['valid signature by a key this kiosk does not hold', strangerCode, 'unknown'],
  ['valid legacy signature by a key this kiosk does not hold', strangerLegacy, 'unknown'],
  ['not a string', 12345, 'bad_input'],
  ['null', null, 'bad_input'],
];

function fingerprint(db: Database): Record<string, string> {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
  return Object.fromEntries(
    tables.map((table) => {
      // Sorted in JS: some tables (WITHOUT ROWID, FTS shadows) have no rowid to order by.
      const rows = db.prepare(`SELECT * FROM "${table}"`).raw().all().map((row) => JSON.stringify(row)).sort();
      return [table, `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex')}`];
    }),
  );
}

it('answers every malformed or hostile code cleanly and leaves the replica unchanged', async () => {
  const db = kiosk.context.replica();
  const before = fingerprint(db);
  expect(Object.keys(before)).toEqual(expect.arrayContaining(['attendees', 'checkins', 'outbox', 'events']));
  for (const [name, code, expected] of corpus) {
    for (const direction of ['entry', 'exit'] as const) {
      let outcome: string;
      try {
        const result = (await kiosk.router.call('checkins.checkIn', { code, direction })) as { verdict: string; checkinId: string | null };
        expect(result.checkinId, name).toBeNull();
        outcome = result.verdict;
      } catch (error) {
        expect(error, name).toBeInstanceOf(ArrivalsError);
        expect((error as Error).message, name).not.toMatch(/\n/);
        outcome = (error as ArrivalsError).code;
      }
      expect(outcome, `${name} (${direction})`).toBe(expected);
    }
  }
  expect(fingerprint(db)).toEqual(before);

  // Callers may not claim what only the sync engine writes, nor date a scan into the future
  // (undo measures now − at, so a future check-in could be undone forever).
  // The bound is the kiosk's own clock, not the machine's: 6 minutes ahead of the kiosk is refused.
  const inAnHour = door.at(60);
  const sixMinutesAhead = door.at(6);
  for (const [name, input] of [
    ['source sync', { code: good, source: 'sync' }],
    ['an hour ahead', { code: good, at: inAnHour }],
    ['six minutes ahead', { code: good, at: sixMinutesAhead }],
  ] as const) {
    const error = await kiosk.router.call('checkins.checkIn', input).then(() => null, (e: unknown) => e);
    expect(error, name).toBeInstanceOf(ArrivalsError);
    expect((error as ArrivalsError).code, name).toBe('bad_input');
  }
  expect(fingerprint(db)).toEqual(before);

  // The corpus did reach a working engine: a good code still goes through afterwards.
  const admitted = (await kiosk.router.call('checkins.checkIn', { code: good })) as { verdict: string };
  expect(admitted.verdict).toBe('admitted');
  expect(fingerprint(db)).not.toEqual(before);
});
