/**
 * Hostile and broken requests, on both engines: each gets a clear 4xx with an error code, and none
 * changes a single row anywhere in the database.
 */
import { sql } from 'kysely';
import { isoFromNow, nowIso } from '../common/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from './start';
import { cleanupTestEngines, testEngines } from './test/engines';
import { call, checkin, createTestEvent, enroll, startTestCloud } from './test/helpers';

const engines = testEngines();
afterAll(() => cleanupTestEngines());

const tables = ['events', 'ticket_types', 'event_keys', 'attendees', 'revocations', 'checkins', 'devices', 'setup_codes', 'meta'] as const;
const sqlLooking = "Robert'); DROP TABLE attendees; --";
const tenKbCode = 'AR1:' + 'A'.repeat(10 * 1024);

describe.each(engines)('bad input on $name', (engine) => {
  let cloud: RunningCloud;
  let kioskToken: string;
  let code: string;
  beforeAll(async () => {
    cloud = await startTestCloud(await engine.fresh(), { registrationsPerMinute: 1000, enrollPerMinute: 1000, qrPerMinute: 1000 });
    code = (await createTestEvent(cloud, 'ev', 2))[0]!;
    // A staff ticket type: not open to public registration.
    expect((await call(cloud, 'POST', '/v1/events/ev/ticket-types', { body: { name: 'VIP' } })).status).toBe(200);
    kioskToken = (await enroll(cloud, 'ev')).token;
    // The device's first call records when it was last seen; later calls in the minute do not.
    expect((await call(cloud, 'GET', '/v1/events/ev/stats', { token: kioskToken })).status).toBe(200);
  });
  afterAll(() => cloud?.close());

  /** Every row of every table, so "nothing stored" means exactly that. */
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of tables) out[table] = (await sql`SELECT * FROM ${sql.table(table)}`.execute(cloud.cdb.db)).rows.map((r) => JSON.stringify(r)).sort();
    return out;
  };

  const json = { 'content-type': 'application/json' };
  const csv = { 'content-type': 'text/csv' };
  const item = () => checkin(code, 'kiosk', nowIso(cloud.cdb.clock));
  const fromNow = (ms: number) => isoFromNow(cloud.cdb.clock, ms);
  const day = 86_400_000;
  const guest = (extra: Record<string, unknown>) => ({ firstName: 'Ada', lastName: 'Guest', email: 'ada.guest@x.org', ...extra });
  const cases: Array<{ name: string; method: string; url: string; token?: 'kiosk' | null; body?: unknown | (() => unknown); headers?: Record<string, string>; status: number; error: string }> = [
    { name: 'malformed JSON', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: '{"checkins": [', headers: json, status: 400, error: 'bad_input' },
    { name: 'JSON that is not an object', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: '"checkins"', headers: json, status: 400, error: 'bad_input' },
    { name: 'wrong types in an item', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: [{ ...item(), at: 12345, kioskId: ['k'] }] }), status: 400, error: 'bad_input' },
    { name: 'unknown verdict', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: [{ ...item(), verdict: 'sure' }] }), status: 400, error: 'bad_input' },
    { name: 'a batch of 501', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: Array.from({ length: 501 }, item) }), status: 400, error: 'bad_input' },
    { name: 'a 10 kB code in a batch (with good items)', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: [item(), { ...item(), code: tenKbCode }] }), status: 400, error: 'bad_input' },
    { name: 'an oversized body', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => JSON.stringify({ checkins: [item()], pad: 'x'.repeat(1_100_000) }), headers: json, status: 413, error: 'too_large' },
    { name: 'not JSON at all', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: 'checkins=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, error: 'unsupported_media_type' },
    { name: 'ingest for an unknown event (manager)', method: 'POST', url: '/v1/events/nope/checkins', body: () => ({ checkins: [item()] }), status: 404, error: 'not_found' },
    { name: 'ingest for an unknown event (kiosk)', method: 'POST', url: '/v1/events/nope/checkins', token: 'kiosk', body: () => ({ checkins: [item()] }), status: 403, error: 'forbidden' },
    { name: 'an event id that is SQL', method: 'GET', url: `/v1/events/${encodeURIComponent(sqlLooking)}/feed`, status: 400, error: 'bad_input' },
    { name: 'a feed cursor that is SQL', method: 'GET', url: `/v1/events/ev/feed?cursor=${encodeURIComponent('0 OR 1=1')}`, token: 'kiosk', status: 400, error: 'bad_input' },
    { name: 'registration for an unknown event', method: 'POST', url: '/v1/events/nope/registrations', token: null, body: { firstName: 'A', lastName: 'B', email: 'a@b.org' }, status: 404, error: 'not_found' },
    { name: 'registration with wrong types', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: { firstName: 1, lastName: true, email: 'a@b.org' }, status: 400, error: 'bad_input' },
    { name: 'registration with an SQL "email"', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: { firstName: 'A', lastName: 'B', email: `${sqlLooking}@x.org` }, status: 400, error: 'bad_input' },
    { name: 'registration for an SQL ticket type', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: { firstName: sqlLooking, lastName: 'B', email: 'sql@x.org', ticketType: sqlLooking }, status: 400, error: 'bad_input' },
    { name: 'registration with a 10 kB name', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: { firstName: 'x'.repeat(10 * 1024), lastName: 'B', email: 'long@x.org' }, status: 400, error: 'bad_input' },
    { name: 'the QR of a 10 kB code', method: 'GET', url: `/v1/tickets/${tenKbCode}/qr.png`, token: null, status: 414, error: 'uri_too_long' },
    { name: 'the QR of an SQL "code"', method: 'GET', url: `/v1/tickets/${encodeURIComponent(`${sqlLooking}' OR '1'='1`)}/qr.svg`, token: null, status: 404, error: 'not_found' },
    { name: 'cancelling a 10 kB code', method: 'POST', url: `/v1/events/ev/tickets/${tenKbCode}/cancel`, status: 414, error: 'uri_too_long' },
    { name: 'cancelling an SQL "code"', method: 'POST', url: `/v1/events/ev/tickets/${encodeURIComponent(`x' OR '1'='1`)}/cancel`, status: 404, error: 'not_found' },
    { name: 'an attendee upsert with an unknown status', method: 'POST', url: '/v1/events/ev/attendees', body: { attendees: [{ ticketType: 'General', status: 'maybe' }] }, status: 400, error: 'bad_input' },
    { name: 'an event with a bad time', method: 'POST', url: '/v1/events', body: { name: 'x', doorsOpen: 'tomorrow' }, status: 400, error: 'bad_input' },
    { name: 'enrolment with an SQL setup code', method: 'POST', url: '/v1/devices/enroll', token: null, body: { setupCode: "' OR 1=1 --", name: 'k' }, status: 401, error: 'unauthorized' },
    // One text rule (common/domain/text.ts): NUL was a 500 on PostgreSQL and a 400 on SQLite.
    { name: 'a NUL in the registration ticket type', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: guest({ ticketType: 'Gen\u0000eral' }), status: 400, error: 'bad_input' },
    { name: 'a NUL in the QR path', method: 'GET', url: '/v1/tickets/AR1%3AAB%00CD/qr.svg', token: null, status: 400, error: 'bad_input' },
    { name: 'a NUL in an event name', method: 'POST', url: '/v1/events', body: { name: 'Sum\u0000mit' }, status: 400, error: 'bad_input' },
    { name: 'a NUL in a time zone', method: 'POST', url: '/v1/events', body: { name: 'x', timeZone: 'Europe/Ber\u0000lin' }, status: 400, error: 'bad_input' },
    { name: 'a NUL in a ticket type name', method: 'POST', url: '/v1/events/ev/ticket-types', body: { name: 'V\u0000IP' }, status: 400, error: 'bad_input' },
    { name: 'a NUL in a code to cancel', method: 'POST', url: '/v1/events/ev/tickets/AB%00CD/cancel', status: 400, error: 'bad_input' },
    { name: 'a NUL in a code to re-issue', method: 'POST', url: '/v1/events/ev/tickets/AB%00CD/reissue', status: 400, error: 'bad_input' },
    { name: 'a NUL in a CSV name', method: 'POST', url: '/v1/events/ev/attendees/csv', body: 'name,code\nAda\u0000Lovelace,CSV-NUL\n', headers: csv, status: 400, error: 'bad_input' },
    { name: 'a lone surrogate in a name', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: guest({ firstName: 'Ada\ud800' }), status: 400, error: 'bad_input' },
    { name: 'a lone surrogate in a check-in code', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: [{ ...item(), code: '\udc00AB' }] }), status: 400, error: 'bad_input' },
    { name: 'a name of zero-width spaces', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: guest({ firstName: '\u200b\u200b' }), status: 400, error: 'bad_input' },
    { name: 'an event name of Hangul fillers', method: 'POST', url: '/v1/events', body: { name: '\u3164\u3164' }, status: 400, error: 'bad_input' },
    { name: 'a kiosk name of joiners', method: 'POST', url: '/v1/devices/enroll', token: null, body: { setupCode: 'AAAAA-BBBBB', name: '\u200d\u2060' }, status: 400, error: 'bad_input' },
    { name: 'an unknown time zone', method: 'POST', url: '/v1/events', body: { name: 'x', timeZone: 'Mars/Olympus_Mons' }, status: 400, error: 'bad_input' },
    { name: 'an unknown time zone in a patch', method: 'PATCH', url: '/v1/events/ev', body: { timeZone: 'Europe/Atlantis' }, status: 400, error: 'bad_input' },
    { name: 'doors that close before they open', method: 'POST', url: '/v1/events', body: () => ({ name: 'x', doorsOpen: fromNow(day), doorsClose: fromNow(0) }), status: 400, error: 'bad_input' },
    { name: 'doors that close before they open, patched', method: 'PATCH', url: '/v1/events/ev', body: () => ({ doorsOpen: fromNow(day), doorsClose: fromNow(0) }), status: 400, error: 'bad_input' },
    // Check-in times: year 10000 in UTC broke /stats and the feed for good.
    { name: 'a check-in at 9999-12-31T23:30-01:00', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: [{ ...item(), at: '9999-12-31T23:30:00-01:00' }] }), status: 400, error: 'bad_input' },
    { name: 'a check-in over a year ahead of the server', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: [item(), { ...item(), at: fromNow(366 * day) }] }), status: 400, error: 'bad_input' },
    { name: 'a check-in over a year behind the server', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: [{ ...item(), at: fromNow(-366 * day) }] }), status: 400, error: 'bad_input' },
    // Who may do what.
    { name: 'a device filing under another kiosk\'s name', method: 'POST', url: '/v1/events/ev/checkins', token: 'kiosk', body: () => ({ checkins: [item(), { ...item(), kioskId: 'someone-else' }] }), status: 403, error: 'forbidden' },
    { name: 'registration for a staff ticket type', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: guest({ ticketType: 'VIP' }), status: 400, error: 'bad_input' },
    { name: 'registration setting a badge field guests may not', method: 'POST', url: '/v1/events/ev/registrations', token: null, body: guest({ ticketType: 'Staff', badgeFields: { Role: 'STAFF' } }), status: 400, error: 'bad_input' },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s → a clear 4xx, nothing stored', async (_name, c) => {
    const before = await snapshot();
    const token = c.token === 'kiosk' ? kioskToken : c.token;
    const body = typeof c.body === 'function' ? c.body() : c.body;
    const reply = await call(cloud, c.method, c.url, { ...(token === undefined ? {} : { token }), ...(body === undefined ? {} : { body }), ...(c.headers ? { headers: c.headers } : {}) });
    expect(reply.status, reply.text).toBe(c.status);
    expect(reply.body?.error?.code, reply.text).toBe(c.error);
    // Short and about the request, never an echo of what was sent.
    expect(reply.body.error.message.length).toBeGreaterThan(0);
    expect(reply.body.error.message.length).toBeLessThan(300);
    expect(await snapshot()).toEqual(before);
  });

  it('stores SQL-looking names as plain text and finds nothing else', async () => {
    const reply = await call(cloud, 'POST', '/v1/events/ev/registrations', { token: null, body: { firstName: sqlLooking, lastName: "O'Brien", email: 'bobby@tables.example', ticketType: 'Staff' } });
    expect(reply.status).toBe(201);
    expect(reply.body.attendee).toMatchObject({ firstName: sqlLooking, lastName: "O'Brien" });
    const rows = await cloud.cdb.db.selectFrom('attendees').select(['first_name', 'last_name']).where('email', '=', 'bobby@tables.example').execute();
    expect(rows).toEqual([{ first_name: sqlLooking, last_name: "O'Brien" }]);
    // Every table is still there and still readable.
    expect(Object.keys(await snapshot())).toEqual([...tables]);
  });
});
