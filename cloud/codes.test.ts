/**
 * The codes the cloud issues, on both engines: AR2 codes carry the event's next serial, the type's
 * index and the active key's index; an event set to short codes gets 16 random base32 characters
 * instead; the limits a code's numbers set are clear refusals; and the kiosk demo's event keeps its
 * serials, indices and key in the cloud, so a demo kiosk admits what the cloud issues.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedPage } from '../common/cloud-api';
import { manualClock, systemClock } from '../common/clock';
import { decodeTicketCode, maxTicketSerial, type TicketFieldsV2 } from '../common/ticket-code';
import { checkinEngine } from '../main/core/checkin/engine';
import { attendeeColumns, rowToAttendee, type AttendeeRow } from '../main/core/db/attendee-queries';
import { getEvent, signingKey } from '../main/core/db/event-queries';
import { openReplica, type Database } from '../main/core/db/open';
import { setSetting, settingKeys } from '../main/core/db/settings-queries';
import { createDemo, demoEventId } from '../main/core/demo/demo';
import { seedDemo } from './demo';
import { uniqueShortCodes } from './store/attendees';
import type { RunningCloud } from './start';
import { cleanupTestEngines, testEngines } from './test/engines';
import { call, enroll, startTestCloud } from './test/helpers';
import { applyFeed } from './test/kiosk-feed';

const engines = testEngines();
afterAll(() => cleanupTestEngines());

const generous = { registrationsPerMinute: 1000, enrollPerMinute: 1000 };

function v2Fields(code: string): TicketFieldsV2 {
  const decoded = decodeTicketCode(code);
  if (!decoded.ok || decoded.code.version !== 2) throw new Error(`not an AR2 code: ${code}`);
  return decoded.code.fields;
}

describe.each(engines)('ticket codes the cloud issues, on $name', (engine) => {
  let cloud: RunningCloud;
  const dirs: string[] = [];
  beforeAll(async () => {
    cloud = await startTestCloud(await engine.fresh(), generous);
  });
  afterAll(async () => {
    await cloud?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const createEvent = async (body: Record<string, unknown>) => {
    const created = await call(cloud, 'POST', '/v1/events', { body });
    expect(created.status, created.text).toBe(201);
    return created.body;
  };
  const register = (eventId: string, name: string, ticketType?: string) =>
    call(cloud, 'POST', `/v1/events/${eventId}/registrations`, { token: null, body: { firstName: name, lastName: 'Guest', email: `${name.toLowerCase()}@guests.example`, ...(ticketType ? { ticketType } : {}) } });
  const ticketIdOf = async (code: string) => (await cloud.cdb.db.selectFrom('attendees').select('ticket_id').where('code', '=', code).executeTakeFirstOrThrow()).ticket_id;
  const freshReplica = (): Database => {
    const dir = mkdtempSync(join(tmpdir(), 'arrivals-kiosk-'));
    dirs.push(dir);
    return openReplica(dir);
  };

  it("numbers every ticket with the event's next serial (its ticket id), in bulk, at registration and on re-issue", async () => {
    const event = await createEvent({ id: 'serials', name: 'Serials', ticketTypes: [{ name: 'General', public: true }, { name: 'VIP' }, { name: 'Tiny', capacity: 0, public: true }] });
    expect(event.ticketTypes.map((t: { name: string; index: number }) => [t.name, t.index])).toEqual([['General', 0], ['VIP', 1], ['Tiny', 2]]);
    const bulk = await call(cloud, 'POST', '/v1/events/serials/attendees', {
      body: { attendees: [{ firstName: 'A', ticketType: 'General' }, { firstName: 'B', ticketType: 'VIP' }, { code: 'PLAIN-7', firstName: 'C', ticketType: 'General' }, { firstName: 'D', ticketType: 'General' }] },
    });
    expect(bulk.status, bulk.text).toBe(200);
    const [a, b, plain, d] = bulk.body.codes as string[];
    expect(plain).toBe('PLAIN-7');
    expect([a, b, d].map((code) => v2Fields(code!))).toEqual([
      { keyIndex: 0, serial: 1, typeIndex: 0, validFrom: 0, validUntil: 0 },
      { keyIndex: 0, serial: 2, typeIndex: 1, validFrom: 0, validUntil: 0 },
      { keyIndex: 0, serial: 3, typeIndex: 0, validFrom: 0, validUntil: 0 },
    ]);
    expect(await Promise.all([a!, b!, d!].map(ticketIdOf))).toEqual(['1', '2', '3']);

    // A refused registration takes no serial.
    expect((await register('serials', 'Full', 'Tiny')).status).toBe(409);
    const grace = await register('serials', 'Grace');
    expect(grace.status).toBe(201);
    expect(v2Fields(grace.body.attendee.code).serial).toBe(4);
    const reissued = await call(cloud, 'POST', `/v1/events/serials/tickets/${encodeURIComponent(b!)}/reissue`);
    expect(reissued.status).toBe(200);
    expect(v2Fields(reissued.body.attendee.code)).toMatchObject({ serial: 5, typeIndex: 1 });
    expect(await ticketIdOf(reissued.body.attendee.code)).toBe('5');

    // A rotated key gets the next index; new codes carry it.
    const rotated = await call(cloud, 'POST', '/v1/events/serials/keys/rotate');
    expect(rotated.body).toMatchObject({ keyIndex: 1 });
    expect(v2Fields((await register('serials', 'Hedy')).body.attendee.code)).toMatchObject({ keyIndex: 1, serial: 6 });
  });

  it("serves the QR of a code with every base45 symbol in it (space, $ % * + - . / :), as scanned", async () => {
    await createEvent({ id: 'symbols', name: 'Symbols', ticketTypes: [{ name: 'General' }] });
    const code = 'AR2:2 4$5%6*7+8-9.A/B:C';
    expect((await call(cloud, 'POST', '/v1/events/symbols/attendees', { body: { attendees: [{ code, firstName: 'Sym', ticketType: 'General' }] } })).status).toBe(200);
    const svg = await call(cloud, 'GET', `/v1/tickets/${encodeURIComponent(code)}/qr.svg`, { token: null });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    const cancelled = await call(cloud, 'POST', `/v1/events/symbols/tickets/${encodeURIComponent(code.toLowerCase())}/cancel`);
    expect(cancelled.body).toMatchObject({ code, status: 'cancelled' });
  });

  it('issues short codes for an event set to them: 16 base32 characters, all different; a kiosk knows them once synced', async () => {
    const event = await createEvent({ id: 'shorts', name: 'Shorts', codes: 'short', ticketTypes: [{ name: 'General', public: true }] });
    expect(event.codes).toBe('short');
    const bulk = await call(cloud, 'POST', '/v1/events/shorts/attendees', {
      body: { attendees: Array.from({ length: 200 }, (_, i) => ({ firstName: `G${i}`, email: `g${i}@shorts.example`, ticketType: 'General' })) },
    });
    expect(bulk.status, bulk.text).toBe(200);
    const codes = bulk.body.codes as string[];
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{16}$/);
    expect(new Set(codes).size).toBe(200);
    // Random, not a counter or a hash of the serial: neighbours share no more than chance would.
    expect(codes.filter((code, i) => i > 0 && code.slice(0, 4) === codes[i - 1]!.slice(0, 4)).length).toBeLessThan(3);
    expect(await ticketIdOf(codes[199]!)).toBe('200');

    const ada = (await register('shorts', 'Ada')).body.attendee.code as string;
    expect(ada).toMatch(/^[A-Z2-7]{16}$/);
    const reissued = await call(cloud, 'POST', `/v1/events/shorts/tickets/${ada}/reissue`);
    expect(reissued.body.attendee.code).toMatch(/^[A-Z2-7]{16}$/);
    expect(reissued.body.attendee.code).not.toBe(ada);

    // A kiosk that has not synced the attendees knows nothing of a short code; one that has admits it.
    const replica = freshReplica();
    setSetting(replica, settingKeys.currentEventId, 'shorts');
    const { token } = await enroll(cloud, 'shorts', 'gate');
    const page = feedPage.parse((await call(cloud, 'GET', '/v1/events/shorts/feed?limit=5000', { token })).body);
    applyFeed(replica, page, { attendees: false });
    const door = checkinEngine(replica, systemClock);
    expect(door.checkIn(codes[0]!, { kioskId: 'gate' })).toMatchObject({ verdict: 'unknown', checkinId: null });
    applyFeed(replica, page, { attendees: true });
    expect(door.checkIn(codes[0]!.toLowerCase(), { kioskId: 'gate' })).toMatchObject({ verdict: 'admitted', attendee: { code: codes[0] } });
    replica.close();
  });

  it('draws a short code again when it clashes with any ticket of any event, or with one drawn with it', async () => {
    const taken = (await call(cloud, 'POST', '/v1/events/shorts/attendees', { body: { attendees: [{ code: 'TAKENTAKENTAKEN2', firstName: 'T', ticketType: 'General' }] } })).body.codes[0];
    const draws = [taken, 'AAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBB'];
    const drawn = await cloud.cdb.db.transaction().execute((trx) => uniqueShortCodes(trx, 2, () => draws.shift()!));
    expect(drawn.sort()).toEqual(['AAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBB']);
    expect(draws).toEqual([]);
  });

  it('changes what new codes are with PATCH, refuses a setting it does not know, and documents the trade-off', async () => {
    await createEvent({ id: 'switch', name: 'Switch', ticketTypes: [{ name: 'General', public: true }] });
    const signed = (await register('switch', 'Before')).body.attendee.code as string;
    expect(signed).toMatch(/^AR2:/);
    const patched = await call(cloud, 'PATCH', '/v1/events/switch', { body: { codes: 'short' } });
    expect(patched.body).toMatchObject({ codes: 'short', name: 'Switch' });
    expect((await register('switch', 'After')).body.attendee.code).toMatch(/^[A-Z2-7]{16}$/);
    for (const bad of [{ codes: 'qr' }, { codes: null }]) {
      const refused = await call(cloud, 'PATCH', '/v1/events/switch', { body: bad });
      expect(refused.status).toBe(400);
    }
    expect((await call(cloud, 'POST', '/v1/events', { body: { name: 'Bad', codes: 'SIGNED' } })).status).toBe(400);
    expect((await call(cloud, 'GET', '/v1/events/switch')).body.codes).toBe('short');

    const doc = (await cloud.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const text = JSON.stringify(doc);
    expect(text).toContain('admits tickets sold after its last sync');
    expect(text).toContain('scan from farther away');
  });

  it('refuses the 129th ticket type and the 257th key of an event, and a ticket past the last serial, changing nothing', async () => {
    await createEvent({ id: 'limits', name: 'Limits', ticketTypes: [{ name: 'T0', public: true }] });
    for (let i = 1; i < 128; i++) expect((await call(cloud, 'POST', '/v1/events/limits/ticket-types', { body: { name: `T${i}` } })).body.index).toBe(i);
    const extra = await call(cloud, 'POST', '/v1/events/limits/ticket-types', { body: { name: 'T128' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/128 ticket types/);
    const csv = await call(cloud, 'POST', '/v1/events/limits/attendees/csv', { body: 'name,code,ticket type\nAda L,X-1,Brand new\n', headers: { 'content-type': 'text/csv' } });
    expect(csv.status).toBe(400);
    expect(csv.body.error.message).toMatch(/128 ticket types/);
    expect((await call(cloud, 'GET', '/v1/events/limits')).body.ticketTypes).toHaveLength(128);
    expect(await cloud.cdb.db.selectFrom('attendees').select('id').where('event_id', '=', 'limits').execute()).toEqual([]);

    await cloud.cdb.db.updateTable('event_keys').set({ key_index: 255 }).where('event_id', '=', 'limits').execute();
    const rotated = await call(cloud, 'POST', '/v1/events/limits/keys/rotate');
    expect(rotated.status).toBe(409);
    expect(rotated.body.error.message).toMatch(/256 key indices/);

    await cloud.cdb.db.updateTable('events').set({ last_serial: maxTicketSerial }).where('id', '=', 'limits').execute();
    const late = await register('limits', 'Late', 'T0');
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/ticket serials/);
    expect((await cloud.cdb.db.selectFrom('events').select('last_serial').where('id', '=', 'limits').executeTakeFirstOrThrow()).last_serial).toBe(maxTicketSerial);
  });

  it("seeds the kiosk demo's event with its key, type indices and serials: the demo kiosk admits what the cloud issues next", async () => {
    const replica = freshReplica();
    const clock = manualClock(systemClock.now());
    createDemo(replica, { attendees: 12, now: clock.now() });
    const event = getEvent(replica, demoEventId)!;
    const key = signingKey(replica, demoEventId)!;
    const types = replica.prepare('SELECT name, color, multi_entry, type_index FROM ticket_types WHERE event_id = ? ORDER BY rowid').all(demoEventId) as Array<{ name: string; color: string; multi_entry: number; type_index: number }>;
    const attendees = replica.prepare(`SELECT ${attendeeColumns}, a.ticket_id FROM attendees a WHERE a.event_id = ? ORDER BY a.id`).all(demoEventId) as Array<AttendeeRow & { ticket_id: string }>;
    await seedDemo(cloud.cdb, {
      event: { id: event.id, name: event.name, timeZone: event.time_zone, doorsOpen: event.doors_open, doorsClose: event.doors_close },
      ticketTypes: types.map((t) => ({ name: t.name, color: t.color, multiEntry: t.multi_entry === 1, index: t.type_index })),
      publicTicketTypes: ['General', 'Crew'],
      key: { keyId: key.key_id, keyIndex: key.key_index!, publicKey: key.public_key, privateKey: key.private_key! },
      attendees: attendees.map((row) => ({ ...rowToAttendee(row), ticketId: row.ticket_id })),
    });
    const cloudEvent = (await call(cloud, 'GET', `/v1/events/${demoEventId}`)).body;
    expect(cloudEvent.codes).toBe('signed');
    expect(cloudEvent.ticketTypes.map((t: { name: string; index: number }) => [t.name, t.index])).toEqual(types.map((t) => [t.name, t.type_index]));

    const crew = await register(demoEventId, 'Newcomer', 'Crew');
    expect(crew.status, crew.text).toBe(201);
    expect(v2Fields(crew.body.attendee.code)).toMatchObject({ serial: 13, keyIndex: key.key_index });
    const door = checkinEngine(replica, clock);
    expect(door.checkIn(crew.body.attendee.code, { kioskId: 'demo-door' })).toMatchObject({ verdict: 'admitted', attendee: { ticketType: 'Crew' } });
    expect(replica.prepare('SELECT ticket_id FROM attendees WHERE code = ?').get(crew.body.attendee.code)).toEqual({ ticket_id: '13' });
    replica.close();
  });
});
