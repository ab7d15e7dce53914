// The kiosk side of the sync protocol against a real cloud: undos, re-issued tickets, double
// admissions, walk-ins, revocation.
import { afterEach, expect, it } from 'vitest';
import { call } from '../cloud/test/helpers';
import { SyncWorld, stats } from './test/harness';

let world: SyncWorld;
afterEach(async () => world.close());

it('an undo at one kiosk lets the guest in again at another', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 3 });
  const a = await world.enrolledKiosk();
  const b = await world.enrolledKiosk();
  const code = world.codes[0]!;
  const first = await a.kiosk.router.invoke('checkins.checkIn', { code });
  await a.engine.run();
  await b.engine.run();
  expect((await b.kiosk.router.invoke('checkins.checkIn', { code })).verdict).toBe('already_in');
  await a.kiosk.router.invoke('checkins.undo', { checkinId: first.checkinId!, reason: 'wrong guest' });
  expect(await a.engine.run()).toMatchObject({ ok: true, pushed: 1, deadLettered: 0 });
  await b.engine.run();
  expect((await b.kiosk.router.invoke('checkins.checkIn', { code })).verdict).toBe('admitted');
  await b.engine.run();
  const s = await stats(world.cloud);
  expect(s).toMatchObject({ admitted: 1, insideNow: 1, duplicatesFlagged: 0 });
});

it('a re-issued ticket replaces the code on the same attendee; the old code is refused as revoked', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 3 });
  const a = await world.enrolledKiosk();
  const old = world.codes[2]!;
  const reissued = await call(world.cloud, 'POST', `/v1/events/ev-sync/tickets/${encodeURIComponent(old)}/reissue`);
  expect(reissued.status).toBe(200);
  const fresh = reissued.body.attendee.code as string;
  await a.engine.run();
  const info = await a.kiosk.router.invoke('app.info', {});
  expect(info.replica.attendees).toBe(3);
  const refused = await a.kiosk.router.invoke('checkins.checkIn', { code: old });
  expect(refused.verdict).toBe('cancelled');
  expect(refused.reason).toMatch(/revoked/);
  const admitted = await a.kiosk.router.invoke('checkins.checkIn', { code: fresh });
  expect(admitted.verdict).toBe('admitted');
  expect(admitted.attendee).toMatchObject({ firstName: 'First2', lastName: 'Last2' });
});

it('a double admission by two kiosks that were apart is flagged, and both kiosks show it', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 3 });
  const a = await world.enrolledKiosk();
  const b = await world.enrolledKiosk();
  const code = world.codes[0]!;
  // Both offline (no runs): each admits the same ticket.
  await a.kiosk.router.invoke('checkins.checkIn', { code });
  await b.kiosk.router.invoke('checkins.checkIn', { code });
  await a.engine.run();
  await b.engine.run(); // B's arrives second: the cloud flags it in B's ingest answer
  await a.engine.run(); // A learns it from the feed
  for (const k of [a, b]) {
    expect((await k.kiosk.router.invoke('sync.status', {})).duplicatesFlagged).toBe(1);
    const list = await k.kiosk.router.invoke('sync.duplicates', {});
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      code,
      name: 'First0 Last0',
      kioskId: b.kiosk.context.identity.kioskId,
      otherKioskId: a.kiosk.context.identity.kioskId,
    });
    expect(list.items[0]!.otherAt).not.toBeNull();
  }
  expect((await stats(world.cloud)).duplicatesFlagged).toBe(1);
});

it('walk-ins reach the cloud idempotently with the code the kiosk made, and other kiosks admit them', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 2 });
  const a = await world.enrolledKiosk();
  const b = await world.enrolledKiosk();
  const walkIn = await a.kiosk.router.invoke('attendees.registerWalkIn', { firstName: 'Wanda', lastName: 'Walker', ticketType: 'Staff' });
  expect(walkIn.verdict).toBe('admitted');
  // The cloud answered but the answer was lost: the same items go again, and nothing doubles.
  const db = a.kiosk.context.replica();
  expect(await a.engine.run()).toMatchObject({ ok: true, pushed: 2, deadLettered: 0 });
  db.prepare('UPDATE outbox SET acked_at = NULL, result = NULL').run();
  expect(await a.engine.run()).toMatchObject({ ok: true, pushed: 2, deadLettered: 0 });
  expect((db.prepare('SELECT result FROM outbox ORDER BY seq').all() as Array<{ result: string }>).map((r) => r.result)).toEqual(['duplicate', 'accepted']);
  await b.engine.run();
  const atB = await b.kiosk.router.invoke('checkins.checkIn', { code: walkIn.attendee.code, direction: 'exit' });
  expect(atB.attendee).toMatchObject({ firstName: 'Wanda', lastName: 'Walker', ticketType: 'Staff' });
  expect(atB.verdict).toBe('exited');
  const s = await stats(world.cloud);
  expect(s.admitted).toBe(1);
});

it('a device revoked at the cloud wipes its personal data on its next run and says revoked; others go on', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 3 });
  const a = await world.enrolledKiosk();
  const b = await world.enrolledKiosk();
  await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
  await a.engine.run();
  const devices = await call(world.cloud, 'GET', '/v1/events/ev-sync/devices');
  const device = devices.body.devices.find((d: { kioskId: string }) => d.kioskId === a.kiosk.context.identity.kioskId);
  expect(device.reportedQueue).toBe(0);
  expect((await call(world.cloud, 'DELETE', `/v1/events/ev-sync/devices/${device.deviceId}`)).status).toBe(204);
  const before = (await a.kiosk.router.invoke('app.info', {})).replica;
  expect(await a.engine.run()).toMatchObject({ ok: false });
  const status = await a.kiosk.router.invoke('sync.status', {});
  expect(status).toMatchObject({ enrolled: false, state: 'revoked' });
  expect((await a.kiosk.router.invoke('app.info', {})).replica).toMatchObject({ attendees: before.attendees, checkins: before.checkins });
  expect((await a.kiosk.router.invoke('attendees.search', { text: 'First0' })).total).toBe(0);
  expect(await b.engine.run()).toMatchObject({ ok: true });
  expect((await b.kiosk.router.invoke('attendees.search', { text: 'First0' })).total).toBe(1);
});

it('a walk-in at an event with no ticket types reaches the cloud: the cloud creates the kiosks\' "Walk-in" type, closed to the public', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 1 });
  const created = await call(world.cloud, 'POST', '/v1/events', { body: { id: 'ev-bare', name: 'No types yet', ticketTypes: [] } });
  expect(created.status).toBe(201);
  const door = async () => {
    const k = world.kiosk();
    await k.kiosk.router.invoke('sync.enroll', { server: world.cloud.url, setupCode: await world.setupCode('ev-bare') });
    expect(await k.engine.run()).toMatchObject({ ok: true });
    return k;
  };
  const a = await door();
  const b = await door();
  const walkIn = await a.kiosk.router.invoke('attendees.registerWalkIn', { firstName: 'Nora', lastName: 'Notype' });
  expect(walkIn).toMatchObject({ verdict: 'admitted', attendee: { ticketType: 'Walk-in' } });
  expect(await a.engine.run()).toMatchObject({ ok: true, pushed: 2, deadLettered: 0 });
  expect((await a.kiosk.router.invoke('sync.status', {})).deadLetters).toBe(0);
  const event = await call(world.cloud, 'GET', '/v1/events/ev-bare');
  expect(event.body.ticketTypes).toEqual([expect.objectContaining({ name: 'Walk-in', public: false, multiEntry: false, capacity: null })]);
  expect(await stats(world.cloud, 'ev-bare')).toMatchObject({ admitted: 1, insideNow: 1 });
  // The other door learns the guest and the type from the feed: the guest is inside already.
  await b.engine.run();
  const atB = await b.kiosk.router.invoke('checkins.checkIn', { code: walkIn.attendee.code });
  expect(atB).toMatchObject({ verdict: 'already_in', attendee: { firstName: 'Nora', ticketType: 'Walk-in' } });
  // A second walk-in finds the type there: still one type.
  await b.kiosk.router.invoke('attendees.registerWalkIn', { firstName: 'Otto', lastName: 'Second' });
  expect(await b.engine.run()).toMatchObject({ ok: true, deadLettered: 0 });
  expect((await call(world.cloud, 'GET', '/v1/events/ev-bare')).body.ticketTypes).toHaveLength(1);
  expect(await stats(world.cloud, 'ev-bare')).toMatchObject({ admitted: 2 });
});

it('undoing the first admission clears the second one\'s flag: at the cloud, on both kiosks, and on a kiosk that pulls afresh', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 3 });
  const a = await world.enrolledKiosk();
  const b = await world.enrolledKiosk();
  const code = world.codes[0]!;
  // Apart: each admits the same single-entry ticket; B's arrives second and is flagged.
  const first = await a.kiosk.router.invoke('checkins.checkIn', { code });
  await b.kiosk.router.invoke('checkins.checkIn', { code });
  await a.engine.run();
  await b.engine.run();
  await a.engine.run();
  expect((await stats(world.cloud)).duplicatesFlagged).toBe(1);
  // A's admission was a mistake (the wrong guest's ticket): undone, the guest's entry at B is their only one.
  await a.kiosk.router.invoke('checkins.undo', { checkinId: first.checkinId!, reason: 'wrong guest' });
  expect(await a.engine.run()).toMatchObject({ ok: true, deadLettered: 0 });
  await b.engine.run();
  const fresh = await world.enrolledKiosk();
  for (const k of [a, b, fresh]) {
    expect((await k.kiosk.router.invoke('sync.status', {})).duplicatesFlagged).toBe(0);
    expect((await k.kiosk.router.invoke('sync.duplicates', {})).total).toBe(0);
  }
  expect(await stats(world.cloud)).toMatchObject({ duplicatesFlagged: 0, recentDuplicates: [], admitted: 1, insideNow: 1 });
  const rows = await world.cloud.cdb.db.selectFrom('checkins').select(['kiosk_id', 'result', 'flagged', 'undone']).where('code', '=', code).orderBy('received_at').orderBy('arrival').execute();
  // B's check-in keeps what it was found to be at ingest (its result, and the answer replays get), no longer flagged.
  expect(rows.map((r) => [r.result, Number(r.flagged), Number(r.undone)])).toEqual([['accepted', 0, 1], ['duplicate_entry', 0, 0]]);
});

it('undoing the middle of three admissions moves the third one\'s flag to the first, by the same rule at the cloud and on the kiosks', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 3 });
  const doors = [await world.enrolledKiosk(), await world.enrolledKiosk(), await world.enrolledKiosk()];
  const [a, b, c] = doors as [typeof doors[0], typeof doors[0], typeof doors[0]];
  const code = world.codes[0]!;
  const made = [];
  for (const k of doors) made.push(await k.kiosk.router.invoke('checkins.checkIn', { code }));
  for (const k of doors) await k.engine.run();
  for (const k of doors) await k.engine.run();
  expect((await stats(world.cloud)).duplicatesFlagged).toBe(2);
  await b.kiosk.router.invoke('checkins.undo', { checkinId: made[1]!.checkinId!, reason: 'scanned twice' });
  for (const k of [b, a, c]) await k.engine.run();
  const s = await stats(world.cloud);
  expect(s.duplicatesFlagged).toBe(1);
  expect(s.recentDuplicates).toEqual([expect.objectContaining({ id: made[2]!.checkinId, kioskId: c.kiosk.context.identity.kioskId, otherKioskId: a.kiosk.context.identity.kioskId })]);
  for (const k of [...doors, await world.enrolledKiosk()]) {
    const list = await k.kiosk.router.invoke('sync.duplicates', {});
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ kioskId: c.kiosk.context.identity.kioskId, otherKioskId: a.kiosk.context.identity.kioskId });
  }
});
