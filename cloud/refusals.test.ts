/**
 * What the cloud refuses so that it cannot be broken, on both engines (issue 9, part 5): check-in
 * times far from the server's clock, foreign kiosk ids on a device token, registration for staff
 * ticket types or staff badge fields, doors out of order; and what it must keep doing: answer a
 * replay exactly as the first time, and end a revoked device's live stream at once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoFromNow, manualClock, nowIso, type ManualClock } from '../common/clock';
import type { RunningCloud } from './start';
import { cleanupTestEngines, testEngines } from './test/engines';
import { call, checkin, createTestEvent, doorTimes, enroll, startTestCloud } from './test/helpers';

const engines = testEngines();
afterAll(() => cleanupTestEngines());

const day = 86_400_000;
const generous = { registrationsPerMinute: 1000, enrollPerMinute: 1000, qrPerMinute: 1000 };

describe.each(engines)('the cloud refuses what would break it, on $name', (engine) => {
  let cloud: RunningCloud;
  let clock: ManualClock;
  let codes: string[];
  beforeAll(async () => {
    // The server reads this clock, so the window below is about it, not about today's date.
    clock = manualClock('2031-05-04T10:00:00Z');
    cloud = await startTestCloud(await engine.fresh(), generous, { clock });
    codes = await createTestEvent(cloud, 'ev', 4);
  });
  afterAll(() => cloud?.close());

  const ingest = (items: unknown[], token?: string) => call(cloud, 'POST', '/v1/events/ev/checkins', { ...(token ? { token } : {}), body: { checkins: items } });

  it('refuses check-in times outside a year around its own clock, and the window moves with it', async () => {
    const far = checkin(codes[0]!, 'k', isoFromNow(clock, 366 * day));
    const refused = await ingest([checkin(codes[0]!, 'k', nowIso(clock)), far]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('checkins[1].at');
    expect((await ingest([checkin(codes[0]!, 'k', '9999-12-31T23:30:00-01:00')])).status).toBe(400);
    expect(await cloud.cdb.db.selectFrom('checkins').select('id').execute()).toEqual([]);
    // Stats and the feed keep working (the year-10000 time made both fail for good).
    expect((await call(cloud, 'GET', '/v1/events/ev/stats')).status).toBe(200);

    expect((await ingest([checkin(codes[0]!, 'k', isoFromNow(clock, 364 * day))])).status).toBe(200);
    clock.advance(2 * day);
    expect((await ingest([far])).body.results[0]).toMatchObject({ id: far.id, recorded: true });
    expect((await call(cloud, 'GET', '/v1/events/ev/feed')).status).toBe(200);
  });

  it('takes the window from its setting', async () => {
    const narrow = await startTestCloud(await engine.fresh(), generous, { clock, checkinWindowDays: 1 });
    try {
      const [code] = await createTestEvent(narrow, 'narrow', 1);
      const post = (at: string) => call(narrow, 'POST', '/v1/events/narrow/checkins', { body: { checkins: [checkin(code!, 'k', at)] } });
      expect((await post(isoFromNow(clock, 2 * day))).status).toBe(400);
      expect((await post(isoFromNow(clock, -2 * day))).status).toBe(400);
      expect((await post(isoFromNow(clock, day / 2))).status).toBe(200);
    } finally {
      await narrow.close();
    }
  });

  it('lets a device file check-ins only under its own kiosk id, and one device per kiosk id', async () => {
    const north = await enroll(cloud, 'ev', 'north door', 'kiosk-north');
    expect(north.kioskId).toBe('kiosk-north');
    const forged = await ingest([checkin(codes[1]!, 'kiosk-north', nowIso(clock)), checkin(codes[1]!, 'kiosk-south', nowIso(clock))], north.token);
    expect(forged.status).toBe(403);
    expect(forged.body.error.message).toContain('kiosk-north');
    expect(await cloud.cdb.db.selectFrom('checkins').select('id').where('kiosk_id', 'in', ['kiosk-north', 'kiosk-south']).execute()).toEqual([]);
    expect((await ingest([checkin(codes[1]!, 'kiosk-north', nowIso(clock))], north.token)).status).toBe(200);

    // Another device cannot take the kiosk's name while the kiosk's device is active.
    const setup = await call(cloud, 'POST', '/v1/events/ev/devices/setup-codes', { body: {} });
    const impostor = await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { setupCode: setup.body.setupCode, name: 'impostor', kioskId: 'kiosk-north' } });
    expect(impostor.status).toBe(409);
    // Re-enrolling the kiosk (a reinstall) works once its old device is revoked; the code was not used up.
    expect((await call(cloud, 'DELETE', `/v1/events/ev/devices/${north.deviceId}`)).status).toBe(204);
    const again = await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { setupCode: setup.body.setupCode, name: 'north door', kioskId: 'kiosk-north' } });
    expect(again.status).toBe(200);

    // Without a kiosk id, a device files as itself.
    const anonymous = await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { setupCode: (await call(cloud, 'POST', '/v1/events/ev/devices/setup-codes', { body: {} })).body.setupCode, name: 'tablet' } });
    expect(anonymous.body.kioskId).toBe(anonymous.body.deviceId);
    const devices = await call(cloud, 'GET', '/v1/events/ev/devices');
    expect(devices.body.devices.find((d: { deviceId: string }) => d.deviceId === anonymous.body.deviceId)).toMatchObject({ kioskId: anonymous.body.deviceId });
  });

  it('answers a replayed check-in id with exactly its first answer; a later arrival never changes it', async () => {
    const at = doorTimes(clock);
    const first = checkin(codes[2]!, 'kiosk-1', at(10));
    const [answer] = (await ingest([first])).body.results;
    expect(answer).toEqual({ id: first.id, result: 'accepted', recorded: true, flagged: false });
    // An admission with an earlier door time syncs late: it arrived second, so it is the flagged duplicate.
    const late = (await ingest([checkin(codes[2]!, 'kiosk-2', at(5))])).body.results[0];
    expect(late).toMatchObject({ result: 'duplicate_entry', otherKioskId: 'kiosk-1', otherAt: at(10), flagged: true });
    const stored = await cloud.cdb.db.selectFrom('checkins').select('flagged').where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(Number(stored.flagged)).toBe(0);
    // The replay (a kiosk that never saw the answer) gets what the first call answered, even with other content.
    expect((await ingest([first])).body.results).toEqual([answer]);
    expect((await ingest([{ ...first, kioskId: 'kiosk-9', direction: 'exit', verdict: 'exited' }])).body.results).toEqual([answer]);
  });

  it('registers guests only for public ticket types, with only the badge fields guests may set', async () => {
    const created = await call(cloud, 'POST', '/v1/events', {
      body: {
        id: 'gala',
        name: 'Gala',
        guestBadgeFields: ['Track', 'Pronouns'],
        ticketTypes: [{ name: 'VIP' }, { name: 'Staff', multiEntry: true }, { name: 'General', public: true }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.guestBadgeFields).toEqual(['Track', 'Pronouns']);
    expect(created.body.ticketTypes.map((t: { name: string; public: boolean }) => [t.name, t.public])).toEqual([['VIP', false], ['Staff', false], ['General', true]]);
    let guests = 0;
    const register = (body: Record<string, unknown>) =>
      call(cloud, 'POST', '/v1/events/gala/registrations', { token: null, body: { firstName: 'Anon', lastName: 'Ymous', email: `guest${++guests}@x.org`, ...body } });

    const vip = await register({ ticketType: 'VIP' });
    expect(vip.status).toBe(400);
    expect(vip.body.error.message).toContain('VIP');
    // No type named: the first public one, not the first one.
    expect((await register({})).body.attendee.ticketType).toBe('General');

    const staffField = await register({ ticketType: 'General', badgeFields: { Track: 'Security', Role: 'STAFF' } });
    expect(staffField.status).toBe(400);
    expect(staffField.body.error.message).toContain('"Role"');
    const ok = await register({ ticketType: 'General', badgeFields: { Track: 'Security' } });
    expect(ok.status).toBe(201);
    expect(ok.body.attendee.badgeFields).toEqual({ Track: 'Security' });
    expect(await cloud.cdb.db.selectFrom('attendees').select('ticket_type').where('event_id', '=', 'gala').where('ticket_type', '!=', 'General').execute()).toEqual([]);

    // A manager opens a type to the public (and the feed says so).
    expect((await call(cloud, 'POST', '/v1/events/gala/ticket-types', { body: { name: 'Staff', multiEntry: true, public: true } })).body).toMatchObject({ name: 'Staff', public: true });
    expect((await register({ ticketType: 'Staff' })).status).toBe(201);
    const feed = await call(cloud, 'GET', '/v1/events/gala/feed');
    expect(feed.body.changes.find((c: { kind: string; ticketType?: { name: string } }) => c.kind === 'ticketType' && c.ticketType?.name === 'Staff').ticketType.public).toBe(true);
  });

  it('keeps the doors in order, and a patch changes only what it names', async () => {
    const open = isoFromNow(clock, day);
    const created = await call(cloud, 'POST', '/v1/events', { body: { id: 'doors', name: 'Doors', timeZone: 'Europe/Berlin', doorsOpen: open } });
    expect(created.status).toBe(201);
    const before = await sql`SELECT * FROM events WHERE id = 'doors'`.execute(cloud.cdb.db);
    const early = await call(cloud, 'PATCH', '/v1/events/doors', { body: { doorsClose: isoFromNow(clock, day - 60_000) } });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('doorsClose');
    expect((await sql`SELECT * FROM events WHERE id = 'doors'`.execute(cloud.cdb.db)).rows).toEqual(before.rows);

    const renamed = await call(cloud, 'PATCH', '/v1/events/doors', { body: { name: 'Doors 2' } });
    expect(renamed.body).toMatchObject({ name: 'Doors 2', timeZone: 'Europe/Berlin', doorsOpen: open, doorsClose: null });
  });
});

describe.each(engines)("a revoked device's live stream on $name", (engine) => {
  let cloud: RunningCloud;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = manualClock('2031-05-04T10:00:00Z');
    cloud = await startTestCloud(await engine.fresh(), generous, { clock });
    await createTestEvent(cloud, 'live', 2);
  });
  afterAll(() => cloud?.close());

  /** Opens the device's stream; `until` reads until the stream ends or the text shows `marker`. */
  async function openStream(token: string) {
    const response = await fetch(`${cloud.url}/v1/events/live/feed/stream?cursor=${(await call(cloud, 'GET', '/v1/events/live/feed?limit=5000', { token })).body.nextCursor}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    let ended = false;
    const decoder = new TextDecoder();
    // Wait for the subscription comment, so what follows happens while subscribed.
    while (!text.includes(': subscribed')) text += decoder.decode((await reader.read()).value);
    return {
      async until(marker: string): Promise<{ ended: boolean; text: string }> {
        while (!ended && !text.includes(marker)) {
          const { value, done } = await reader.read();
          if (done) ended = true;
          else text += decoder.decode(value);
        }
        return { ended, text };
      },
    };
  }
  const register = (firstName: string) =>
    call(cloud, 'POST', '/v1/events/live/registrations', { token: null, body: { firstName, lastName: 'Guest', email: `${firstName.toLowerCase()}@x.org`, ticketType: 'Staff' } });

  it('ends when the manager revokes the device, before any later guest reaches it', async () => {
    const device = await enroll(cloud, 'live', 'doomed door');
    const stream = await openStream(device.token);
    expect((await register('Before')).status).toBe(201);
    expect((await stream.until('Before')).ended).toBe(false);

    expect((await call(cloud, 'DELETE', `/v1/events/live/devices/${device.deviceId}`)).status).toBe(204);
    expect((await register('Zebulon')).status).toBe(201);
    const after = await stream.until('Zebulon');
    expect(after.text).not.toContain('Zebulon');
    expect(after.ended).toBe(true);
  });

  it('ends when another server process revokes the device: at the next change, or at the next poll', async () => {
    const revokeElsewhere = (deviceId: string) => cloud.cdb.db.updateTable('devices').set({ revoked_at: nowIso(clock) }).where('id', '=', deviceId).execute();

    const changed = await enroll(cloud, 'live', 'door a');
    const streamA = await openStream(changed.token);
    await revokeElsewhere(changed.deviceId);
    expect((await register('Yolanda')).status).toBe(201);
    const a = await streamA.until('Yolanda');
    expect(a.text).not.toContain('Yolanda');
    expect(a.ended).toBe(true);

    const quiet = await enroll(cloud, 'live', 'door b');
    const streamB = await openStream(quiet.token);
    await revokeElsewhere(quiet.deviceId);
    // Nothing changes; the stream's poll (on the server's clock) notices the revocation.
    clock.advance(1000);
    expect((await streamB.until('never sent')).ended).toBe(true);
  });
});
