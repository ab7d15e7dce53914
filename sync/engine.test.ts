import { afterEach, describe, expect, it } from 'vitest';
import { SyncWorld, stats } from './test/harness';

let world: SyncWorld;
afterEach(async () => world.close());

describe('sync engine against a real cloud', () => {
  it('enrolls, pulls the event, pushes a check-in, and the cloud counts it', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 6 });
    const a = await world.enrolledKiosk();
    const status = await a.kiosk.router.invoke('sync.status', {});
    expect(status).toMatchObject({ enrolled: true, state: 'idle', online: true, eventId: 'ev-sync', queue: 0, initialPull: null });
    expect(status.lastPullAt).not.toBeNull();
    const info = await a.kiosk.router.invoke('app.info', {});
    expect(info.replica).toMatchObject({ events: 1, attendees: 6 });

    const verdict = await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    expect(verdict.verdict).toBe('admitted');
    expect((await a.kiosk.router.invoke('sync.status', {})).queue).toBe(1);
    const run = await a.engine.run();
    expect(run).toMatchObject({ ok: true, pushed: 1 });
    expect((await a.kiosk.router.invoke('sync.status', {})).queue).toBe(0);
    expect((await stats(world.cloud)).admitted).toBe(1);
  });

  it('two kiosks converge: a guest admitted at one is already_in at the other', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 4 });
    const a = await world.enrolledKiosk();
    const b = await world.enrolledKiosk();
    expect((await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[1]! })).verdict).toBe('admitted');
    await a.engine.run();
    await b.engine.run();
    const second = await b.kiosk.router.invoke('checkins.checkIn', { code: world.codes[1]! });
    expect(second.verdict).toBe('already_in');
    expect(second.previous?.kioskId).toBe(a.kiosk.context.identity.kioskId);
    // A's own check-in came back in the feed and was recognised by its id: still one row.
    await a.engine.run();
    expect(a.kiosk.context.replica().prepare('SELECT count(*) AS n FROM checkins').get()).toEqual({ n: 1 });
    expect((await b.kiosk.router.invoke('checkins.insideNow', {})).insideNow).toBe(1);
  });
});
