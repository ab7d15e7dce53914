import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../common/clock';
import { tokenFileName } from '../main/core/sync/token-store';
import { call, createTestEvent } from '../cloud/test/helpers';
import { SyncWorld, stats } from './test/harness';
import { httpTransport, TransportError } from './transport';

let world: SyncWorld;
afterEach(async () => world.close());

const names = (k: { kiosk: { context: { replica(): { prepare(sql: string): { all(): unknown[] } } } } }) =>
  k.kiosk.context.replica().prepare("SELECT first_name || ' ' || last_name || email || company AS text FROM attendees ORDER BY id").all() as Array<{ text: string }>;

/** An enrolled kiosk whose pushes and leave fail as unreachable while `link.offline` (its pulls still go). */
const offlineableKiosk = (link: { offline: boolean }) =>
  world.enrolledKiosk({
    transport: (server, token) => {
      const real = httpTransport({ server, token, clock: systemClock });
      const unreachable = () => Promise.reject(new TransportError('transient', 'ECONNREFUSED', { unreachable: true }));
      return { ...real, push: (...args) => (link.offline ? unreachable() : real.push(...args)), leave: (...args) => (link.offline ? unreachable() : real.leave(...args)) };
    },
  });

describe('enrollment', () => {
  it('refuses a wrong setup code or a bad QR clearly and stores nothing', async () => {
    world = new SyncWorld();
    await world.startCloud();
    const k = world.kiosk();
    const wrong = await k.kiosk.router.envelope('sync.enroll', { server: world.cloud.url, setupCode: 'WRONG-CODE' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const badQr = await k.kiosk.router.envelope('sync.enroll', { qr: '{"server": "nope"}' });
    expect(badQr).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/setup QR/) } });
    const unreachable = await k.kiosk.router.envelope('sync.enroll', { server: 'http://127.0.0.1:9', setupCode: 'ABCD-EFGH' });
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await k.kiosk.router.invoke('sync.status', {})).toMatchObject({ enrolled: false, state: 'not_enrolled' });
    expect(existsSync(join(k.dataDir, tokenFileName))).toBe(false);
  });

  it('enrolls from the setup QR, keeps the token in a 0600 file, and refuses a second enrollment', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 3 });
    const k = world.kiosk();
    const qr = JSON.stringify({ server: world.cloud.url, setupCode: await world.setupCode() });
    const status = await k.kiosk.router.invoke('sync.enroll', { qr, name: 'Door 1' });
    expect(status).toMatchObject({ enrolled: true, server: world.cloud.url, eventId: 'ev-sync', kioskId: k.kiosk.context.identity.kioskId });
    expect(statSync(join(k.dataDir, tokenFileName)).mode & 0o777).toBe(0o600);
    expect((await k.kiosk.router.invoke('kiosk.settings', {})).currentEventId).toBe('ev-sync');
    const again = await k.kiosk.router.envelope('sync.enroll', { server: world.cloud.url, setupCode: await world.setupCode() });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await k.engine.run();
    expect((await k.kiosk.router.invoke('app.info', {})).replica.attendees).toBe(3);
  });

  it('unenroll wipes the event personal data, keeps the counts, and forgets the token', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 4 });
    const k = await world.enrolledKiosk();
    await k.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    await k.kiosk.router.invoke('attendees.registerWalkIn', { firstName: 'Wally', lastName: 'Walker', email: 'wally@example.org' });
    const before = (await k.kiosk.router.invoke('app.info', {})).replica;
    expect(names(k).some((r) => r.text.includes('Wally'))).toBe(true);
    expect((await k.kiosk.router.invoke('sync.status', {})).queue).toBe(3);
    const status = await k.kiosk.router.invoke('sync.unenroll', {});
    expect(status).toMatchObject({ enrolled: false, state: 'not_enrolled', server: null, queue: 0, lastError: null });
    // What the door recorded went to the cloud before it left: the check-in, the walk-in and its check-in.
    expect((await stats(world.cloud)).admitted).toBe(2);
    const wally = await call(world.cloud, 'GET', '/v1/events/ev-sync/attendees?q=Walker');
    expect(wally.body.attendees).toEqual([expect.objectContaining({ lastName: 'Walker' })]);
    expect((await k.kiosk.router.invoke('app.info', {})).replica).toMatchObject({ events: before.events, attendees: before.attendees, checkins: before.checkins });
    expect(names(k).every((r) => r.text === ' ')).toBe(true);
    expect((await k.kiosk.router.invoke('attendees.search', { text: 'Wally' })).total).toBe(0);
    const payloads = k.kiosk.context.replica().prepare("SELECT payload FROM outbox WHERE kind = 'walk_in'").all() as Array<{ payload: string }>;
    expect(payloads.every((p) => !p.payload.includes('Wally'))).toBe(true);
    expect(existsSync(join(k.dataDir, tokenFileName))).toBe(false);

    // Unenroll told the cloud: the device is retired and listed as left, its token refused.
    const devices = await call(world.cloud, 'GET', '/v1/events/ev-sync/devices');
    expect(devices.body.devices).toHaveLength(1);
    expect(devices.body.devices[0]).toMatchObject({ kioskId: k.kiosk.context.identity.kioskId, leftAt: expect.any(String), revokedAt: expect.any(String) });
    // The same kiosk enrolls again with a fresh setup code, no manager needed: the registrations come back with the next pull.
    expect(await k.kiosk.router.invoke('sync.enroll', { server: world.cloud.url, setupCode: await world.setupCode() })).toMatchObject({ enrolled: true });
    expect(await k.engine.run()).toMatchObject({ ok: true });
    expect((await k.kiosk.router.invoke('attendees.search', { text: 'First1' })).total).toBe(1);
    // Still one live device per kiosk id: another device cannot enroll under it.
    const again = await call(world.cloud, 'POST', '/v1/devices/enroll', { body: { setupCode: await world.setupCode(), name: 'impostor', kioskId: k.kiosk.context.identity.kioskId } });
    expect(again.status).toBe(409);
    const after = (await call(world.cloud, 'GET', '/v1/events/ev-sync/devices')).body.devices as Array<{ leftAt: string | null; revokedAt: string | null }>;
    expect(after.map((d) => [d.leftAt !== null, d.revokedAt !== null])).toEqual([[true, true], [false, false]]);
  });

  it('the old token is refused after unenroll; offline unenroll still wipes, says the cloud was not told, and a revoke frees the kiosk id', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 2 });
    const link = { offline: false };
    const k = await offlineableKiosk(link);
    link.offline = true;
    await k.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    const status = await k.kiosk.router.invoke('sync.unenroll', {});
    expect(status).toMatchObject({ enrolled: false, state: 'not_enrolled', queue: 1 });
    expect(status.lastError).toMatch(/was not told.*revokes device D.*1 check-in, undo or walk-in recorded here had not reached the cloud.*enrollment with event ev-sync/);
    expect(names(k).every((r) => r.text === ' ')).toBe(true);
    expect(existsSync(join(k.dataDir, tokenFileName))).toBe(false);
    // The cloud still holds the device: enrolling again is refused, and the message says what to do.
    const refused = await k.kiosk.router.envelope('sync.enroll', { server: world.cloud.url, setupCode: await world.setupCode() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/revokes that device/) } });
    const [device] = (await call(world.cloud, 'GET', '/v1/events/ev-sync/devices')).body.devices;
    expect(device).toMatchObject({ leftAt: null, revokedAt: null });
    await call(world.cloud, 'DELETE', `/v1/events/ev-sync/devices/${device.deviceId}`);
    expect(await k.kiosk.router.invoke('sync.enroll', { server: world.cloud.url, setupCode: await world.setupCode() })).toMatchObject({ enrolled: true });
    expect((await k.kiosk.router.invoke('sync.status', {})).lastError).toBeNull();
    // Back online and enrolled with the event again: the check-in that waited is sent.
    link.offline = false;
    expect(await k.engine.run()).toMatchObject({ ok: true });
    expect((await k.kiosk.router.invoke('sync.status', {})).queue).toBe(0);
    expect((await stats(world.cloud)).admitted).toBe(1);
  });

  it('a check-in left unsent for one event is never sent to the next: enrolling with another event makes it a dead letter', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 2 });
    await createTestEvent(world.cloud, 'ev-other', 2);
    const link = { offline: false };
    const k = await offlineableKiosk(link);
    link.offline = true;
    await k.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    expect(await k.kiosk.router.invoke('sync.unenroll', {})).toMatchObject({ queue: 1 });
    const [device] = (await call(world.cloud, 'GET', '/v1/events/ev-sync/devices')).body.devices;
    await call(world.cloud, 'DELETE', `/v1/events/ev-sync/devices/${device.deviceId}`);
    link.offline = false;
    expect(await k.kiosk.router.invoke('sync.enroll', { server: world.cloud.url, setupCode: await world.setupCode('ev-other') })).toMatchObject({ enrolled: true, eventId: 'ev-other' });
    expect(await k.engine.run()).toMatchObject({ ok: true });
    expect(await k.kiosk.router.invoke('sync.status', {})).toMatchObject({ queue: 0, deadLetters: 1 });
    const { items } = await k.kiosk.router.invoke('sync.deadLetters', {});
    expect(items[0]).toMatchObject({ error: expect.stringMatching(/another event.*not sent to ev-other/) });
    expect((await stats(world.cloud, 'ev-other')).admitted).toBe(0);
    expect((await stats(world.cloud, 'ev-sync')).admitted).toBe(0);
  });

  it('leave: device tokens only, a second call is device_revoked, and the open feed stream ends', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 1 });
    expect((await call(world.cloud, 'POST', '/v1/events/ev-sync/devices/self/leave')).status).toBe(403);
    const enrolled = await call(world.cloud, 'POST', '/v1/devices/enroll', { body: { setupCode: await world.setupCode(), name: 'door', kioskId: 'door-9' } });
    const token = enrolled.body.token as string;
    const transport = httpTransport({ server: world.cloud.url, token, clock: systemClock });
    const following = new AbortController();
    const streamEnded = transport.stream('ev-sync', '', following.signal, async () => undefined);
    try {
      await transport.leave('ev-sync', new AbortController().signal);
      await expect(streamEnded).resolves.toBeUndefined();
    } finally {
      following.abort();
      await streamEnded.catch(() => undefined);
    }
    await expect(transport.leave('ev-sync', new AbortController().signal)).rejects.toMatchObject({ kind: 'revoked' });
    await expect(transport.pullFeed('ev-sync', '', 10, new AbortController().signal)).rejects.toMatchObject({ kind: 'revoked' });
  });

  it('a revoked device wipes the personal data, keeps the counts and says revoked', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 4 });
    let revoked = false;
    const k = await world.enrolledKiosk({
      transport: (server, token) => {
        const real = httpTransport({ server, token, clock: systemClock });
        return {
          ...real,
          pullFeed: (...args) =>
            revoked ? Promise.reject(new TransportError('revoked', "the cloud refused this kiosk's token (HTTP 401 device_revoked)", { status: 401, code: 'device_revoked' })) : real.pullFeed(...args),
        };
      },
    });
    await k.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    const before = (await k.kiosk.router.invoke('app.info', {})).replica;
    revoked = true;
    expect(await k.engine.run()).toMatchObject({ ok: false });
    const status = await k.kiosk.router.invoke('sync.status', {});
    expect(status).toMatchObject({ enrolled: false, state: 'revoked', online: false });
    expect(status.lastError).toMatch(/device_revoked/);
    expect((await k.kiosk.router.invoke('app.info', {})).replica).toMatchObject({ attendees: before.attendees, checkins: before.checkins });
    expect(names(k).every((r) => r.text === ' ')).toBe(true);
    expect(existsSync(join(k.dataDir, tokenFileName))).toBe(false);
  });
});
