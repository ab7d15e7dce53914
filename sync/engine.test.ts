import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, systemClock } from '../common/clock';
import type { SyncStatus } from '../common/contract/sync';
import { searchIndexDeferred } from '../main/core/db/search-queries';
import { readSyncState, saveCursor } from '../main/core/db/sync-queries';
import { fileTokenStore } from '../main/core/sync/token-store';
import { applyFeedPage } from './apply-feed';
import { SyncWorld, stats } from './test/harness';
import { call } from '../cloud/test/helpers';
import { retryDelay } from './engine';
import { httpTransport, TransportError } from './transport';

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
    // Both replicas know the check-in's place in the cloud's order (own and remote alike).
    const seqAt = (k: typeof a) => k.kiosk.context.replica().prepare('SELECT origin, cloud_seq FROM checkins').get() as { origin: string; cloud_seq: number | null };
    expect(seqAt(a).origin).toBe('local');
    expect(seqAt(a).cloud_seq).toEqual(expect.any(Number));
    expect(seqAt(b)).toEqual({ origin: 'remote', cloud_seq: seqAt(a).cloud_seq });
    expect((await b.kiosk.router.invoke('checkins.insideNow', {})).insideNow).toBe(1);
  });
});

describe('failures', () => {
  it('retries an unreachable cloud within seconds, and a failing one with the full backoff', () => {
    const timings = { backoffBaseMs: 1000, backoffCapMs: 60_000, unreachableCapMs: 2000 };
    const half = () => 0.5;
    const unreachable = new TransportError('transient', 'cannot reach the cloud (ECONNREFUSED)', { unreachable: true });
    const failing = new TransportError('transient', 'the cloud is busy or failing (HTTP 503)', { status: 503 });
    const busy = new TransportError('transient', 'the cloud is busy or failing (HTTP 429)', { status: 429, retryAfterMs: 30_000 });
    expect([1, 2, 3, 10].map((n) => retryDelay(n, unreachable, timings, half))).toEqual([750, 1500, 1500, 1500]);
    expect([1, 2, 3, 10].map((n) => retryDelay(n, failing, timings, half))).toEqual([750, 1500, 3000, 45_000]);
    expect(retryDelay(1, busy, timings, half)).toBe(30_000);
  });

  it('backs off a failing push exponentially with jitter and a cap, honours Retry-After, then delivers', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 3 });
    const clock = manualClock(systemClock.now());
    const faults: TransportError[] = [];
    const a = await world.enrolledKiosk({
      clock,
      timings: { backoffBaseMs: 1000, backoffCapMs: 4000 },
      transport: (server, token) => {
        const real = httpTransport({ server, token, clock });
        return { ...real, push: (eventId, batch, signal) => (faults.length ? Promise.reject(faults.shift()!) : real.push(eventId, batch, signal)) };
      },
    });
    const onlineEvents: boolean[] = [];
    a.kiosk.bus.subscribe((event, payload) => {
      if (event === 'app.online') onlineEvents.push((payload as { online: boolean }).online);
    });
    await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    const row = () => a.kiosk.context.replica().prepare('SELECT attempts, next_attempt_at, acked_at, last_error FROM outbox').get() as { attempts: number; next_attempt_at: string | null; acked_at: string | null; last_error: string | null };
    const dueIn = () => Date.parse(row().next_attempt_at!) - clock.now();

    // random() = 0.5: half the delay fixed plus a quarter: 0.75 × base × 2^(attempt-1), at most the cap.
    const expected = [750, 1500, 3000, 3000];
    for (const [i, delay] of expected.entries()) {
      faults.push(new TransportError('transient', 'the cloud is busy or failing (HTTP 503)', { status: 503 }));
      const outcome = await a.engine.run();
      expect(outcome.ok).toBe(false);
      expect(row().attempts).toBe(i + 1);
      expect(dueIn()).toBe(delay);
      expect((await a.kiosk.router.invoke('sync.status', {})).state).toBe('offline');
      // Not due yet: a run now leaves the item alone (and the pull succeeds).
      expect(await a.engine.run()).toMatchObject({ ok: true, pushed: 0 });
      expect(row().attempts).toBe(i + 1);
      clock.advance(delay);
    }
    faults.push(new TransportError('transient', 'the cloud is busy or failing (HTTP 429)', { status: 429, retryAfterMs: 30_000 }));
    await a.engine.run();
    expect(dueIn()).toBe(30_000);
    clock.advance(30_000);
    expect(await a.engine.run()).toMatchObject({ ok: true, pushed: 1 });
    expect(row()).toMatchObject({ attempts: 6, next_attempt_at: null, last_error: null });
    expect(row().acked_at).not.toBeNull();
    expect(onlineEvents).toEqual(expect.arrayContaining([false, true]));
    expect((await stats(world.cloud)).admitted).toBe(1);
  });

  it('dead-letters an item the cloud refuses for good; the items behind it go through', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 4 });
    const a = await world.enrolledKiosk();
    await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    // Two years ago: the cloud refuses check-ins this far from its clock (400, nothing stored).
    const old = new Date(systemClock.now() - 730 * 86_400_000).toISOString();
    const refused = await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[1]!, at: old });
    expect(refused.verdict).toBe('admitted');
    await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[2]! });
    const outcome = await a.engine.run();
    expect(outcome).toMatchObject({ ok: true, pushed: 2, deadLettered: 1 });
    const status = await a.kiosk.router.invoke('sync.status', {});
    expect(status).toMatchObject({ queue: 0, deadLetters: 1, state: 'idle' });
    const letters = await a.kiosk.router.invoke('sync.deadLetters', {});
    expect(letters.total).toBe(1);
    expect(letters.items[0]).toMatchObject({ kind: 'checkin', refId: refused.checkinId, code: world.codes[1] });
    expect(letters.items[0]!.error).toMatch(/HTTP 400/);
    expect((await stats(world.cloud)).admitted).toBe(2);
    // Never retried.
    expect(await a.engine.run()).toMatchObject({ ok: true, pushed: 0, deadLettered: 0 });
  });

  it('a refusal of the whole request (404: the event is gone) dead-letters nothing: the items wait', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 3 });
    let gone = true;
    const a = await world.enrolledKiosk({
      transport: (server, token) => {
        const real = httpTransport({ server, token, clock: systemClock });
        return { ...real, push: (...args) => (gone ? Promise.reject(new TransportError('permanent', 'the cloud refused it (HTTP 404 not_found)', { status: 404 })) : real.push(...args)) };
      },
    });
    await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[1]! });
    expect(await a.engine.run()).toMatchObject({ ok: false, deadLettered: 0 });
    expect(await a.kiosk.router.invoke('sync.status', {})).toMatchObject({ state: 'error', queue: 2, deadLetters: 0 });
    gone = false;
    expect(await a.engine.run()).toMatchObject({ ok: true, pushed: 2 });
  });

  it('an interrupted first pull resumes at its cursor, reporting progress; the replica never runs ahead of it', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 30 });
    let pulls = 0;
    let broken = true;
    const cursors: string[] = [];
    const k = world.kiosk({
      pageLimit: 5,
      transport: (server, token) => {
        const real = httpTransport({ server, token, clock: systemClock });
        return {
          ...real,
          pullFeed: (eventId, cursor, limit, signal) => {
            cursors.push(cursor);
            if (broken && ++pulls > 3) return Promise.reject(new TransportError('transient', 'cannot reach the cloud (ECONNRESET)'));
            return real.pullFeed(eventId, cursor, limit, signal);
          },
        };
      },
    });
    const progress: Array<{ done: number; total: number | null }> = [];
    k.kiosk.bus.subscribe((event, payload) => {
      const p = (payload as SyncStatus).initialPull;
      if (event === 'sync.status' && p) progress.push(p);
    });
    await k.kiosk.router.invoke('sync.enroll', { server: world.cloud.url, setupCode: await world.setupCode() });
    expect(await k.engine.run()).toMatchObject({ ok: false });
    const db = k.kiosk.context.replica();
    const state = readSyncState(db);
    expect(state.initial_done).toBe(0);
    const seqCursor = Number(state.cursor);
    expect(seqCursor).toBeGreaterThan(0);
    // Three pages of 5 changes were applied, each with its cursor; nothing beyond.
    expect(progress.map((p) => p.done)).toEqual(expect.arrayContaining([0, 5, 10, 15]));
    const applied = (db.prepare('SELECT count(*) AS n FROM attendees').get() as { n: number }).n + (db.prepare('SELECT count(*) AS n FROM ticket_types').get() as { n: number }).n;
    expect(applied).toBeLessThanOrEqual(15);
    // The first pull indexes names for search once, at its end (migration 0009); the deferral
    // outlives the interruption.
    expect(searchIndexDeferred(db)).toBe(true);
    broken = false;
    cursors.length = 0;
    expect(await k.engine.run()).toMatchObject({ ok: true });
    expect(cursors[0]).toBe(state.cursor);
    expect(cursors).not.toContain('');
    expect((await k.kiosk.router.invoke('app.info', {})).replica.attendees).toBe(30);
    expect(readSyncState(db).initial_done).toBe(1);
    expect((await k.kiosk.router.invoke('sync.status', {})).initialPull).toBeNull();
    expect(searchIndexDeferred(db)).toBe(false);
    const found = await k.kiosk.router.invoke('attendees.search', { text: 'last29' });
    expect(found.attendees.map((a) => a.lastName)).toEqual(['Last29']);
    // Later changes are indexed one by one again.
    db.prepare("UPDATE attendees SET last_name = 'Renamed' WHERE last_name = 'Last1'").run();
    expect((await k.kiosk.router.invoke('attendees.search', { text: 'renamed' })).attendees).toHaveLength(1);
  });
});

describe('the feed', () => {
  it("brings the event's accent colour into the replica, and a later change of it; a feed without one keeps the kiosk's", async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 2 });
    expect((await call(world.cloud, 'PATCH', '/v1/events/ev-sync', { body: { color: '#7a1f5c' } })).status).toBe(200);
    const a = await world.enrolledKiosk();
    const db = a.kiosk.context.replica();
    const color = () => (db.prepare("SELECT color FROM events WHERE id = 'ev-sync'").get() as { color: string | null }).color;
    expect(color()).toBe('#7a1f5c');
    await call(world.cloud, 'PATCH', '/v1/events/ev-sync', { body: { color: null } });
    expect(await a.engine.run()).toMatchObject({ ok: true });
    expect(color()).toBeNull();
    await call(world.cloud, 'PATCH', '/v1/events/ev-sync', { body: { color: '#ffd700' } });
    await a.engine.run();
    expect(color()).toBe('#ffd700');
    // An older cloud sends no colour: the one the kiosk has stays.
    const token = await fileTokenStore(a.dataDir).load();
    const page = await httpTransport({ server: world.cloud.url, token: token!, clock: systemClock }).pullFeed('ev-sync', '', 5000, new AbortController().signal);
    const { color: _sent, ...olderEvent } = page.event;
    saveCursor(db, '', '2000-01-01T00:00:00.000Z', false);
    applyFeedPage(db, { ...page, event: olderEvent }, '2001-01-01T00:00:00.000Z');
    expect(color()).toBe('#ffd700');
  });

  it('re-applying a page changes nothing', async () => {
    world = new SyncWorld();
    await world.startCloud({ attendees: 5 });
    const a = await world.enrolledKiosk();
    const b = await world.enrolledKiosk();
    await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
    await a.engine.run();
    const token = await fileTokenStore(b.dataDir).load();
    const page = await httpTransport({ server: world.cloud.url, token: token!, clock: systemClock }).pullFeed('ev-sync', '', 5000, new AbortController().signal);
    expect(page.changes.some((c) => c.kind === 'checkin')).toBe(true);
    const db = b.kiosk.context.replica();
    const dump = () =>
      Object.fromEntries(
        ['events', 'ticket_types', 'attendees', 'checkins', 'checkin_undos', 'revocations', 'event_keys', 'sync_duplicates', 'sync_orphan_checkins', 'sync_state'].map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]),
      );
    // From the start again: every writer meets rows that already say the same.
    saveCursor(db, '', '2000-01-01T00:00:00.000Z', false);
    applyFeedPage(db, page, '2001-01-01T00:00:00.000Z');
    const once = dump();
    saveCursor(db, '', '2001-01-01T00:00:00.000Z', false);
    applyFeedPage(db, page, '2002-01-01T00:00:00.000Z');
    const twice = dump();
    expect({ ...twice, sync_state: null }).toEqual({ ...once, sync_state: null });
    // And a page at or below the cursor is skipped whole.
    expect(applyFeedPage(db, page, '2003-01-01T00:00:00.000Z')).toMatchObject({ applied: 0, skipped: page.changes.length });
  });
});
