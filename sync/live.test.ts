import { afterEach, expect, it, vi } from 'vitest';
import { systemClock } from '../common/clock';
import { SyncWorld } from './test/harness';
import { httpTransport, TransportError } from './transport';

let world: SyncWorld;
afterEach(async () => world.close());

const wait = { timeout: 10_000, interval: 20 };

it('follows the stream: a check-in at one kiosk reaches the other without a poll; a broken stream falls back to polling and comes back', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 4 });
  // Polls an hour apart while the stream is up: only the stream can bring a check-in within the wait.
  const options = { manual: false, stream: true, timings: { pollMs: 3_600_000, backoffBaseMs: 50, backoffCapMs: 200 } };
  const a = await world.enrolledKiosk(options);
  let down = false;
  let streams = 0;
  const live: AbortController[] = [];
  const b = await world.enrolledKiosk({
    ...options,
    transport: (server, token) => {
      const real = httpTransport({ server, token, clock: systemClock });
      return {
        ...real,
        stream(eventId, cursor, signal, onPage, onActivity) {
          if (down) return Promise.reject(new TransportError('transient', 'cannot reach the cloud (ECONNRESET)'));
          streams++;
          const mine = new AbortController();
          live.push(mine);
          signal.addEventListener('abort', () => mine.abort());
          return real.stream(eventId, cursor, mine.signal, onPage, onActivity);
        },
      };
    },
  });
  const inside = async () => (await b.kiosk.router.invoke('checkins.insideNow', {})).insideNow;
  await vi.waitFor(() => expect(a.engine.streaming() && b.engine.streaming()).toBe(true), wait);

  await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
  await vi.waitFor(async () => expect(await inside()).toBe(1), wait);

  // The stream breaks and cannot be had again: B polls (every retry of the stream), and still learns.
  down = true;
  for (const controller of live.splice(0)) controller.abort();
  await vi.waitFor(() => expect(b.engine.streaming()).toBe(false), wait);
  await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[1]! });
  await vi.waitFor(async () => expect(await inside()).toBe(2), wait);
  expect(streams).toBe(1);

  // The stream is back: B follows it again.
  down = false;
  await vi.waitFor(() => expect(b.engine.streaming()).toBe(true), wait);
  expect(streams).toBe(2);
  await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[2]! });
  await vi.waitFor(async () => expect(await inside()).toBe(3), wait);
});

it('while it follows the stream, a push that failed is tried again when its retry falls due, not at the next poll', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 2 });
  let failing = 0;
  // Polls an hour apart: only a retry timed by the item's own next attempt can deliver within the wait.
  const a = await world.enrolledKiosk({
    manual: false,
    stream: true,
    timings: { pollMs: 3_600_000, backoffBaseMs: 200, backoffCapMs: 400, unreachableCapMs: 400 },
    transport: (server, token) => {
      const real = httpTransport({ server, token, clock: systemClock });
      return { ...real, push: (...args) => (failing-- > 0 ? Promise.reject(new TransportError('transient', 'cannot reach the cloud (ECONNREFUSED)', { unreachable: true })) : real.push(...args)) };
    },
  });
  await vi.waitFor(() => expect(a.engine.streaming()).toBe(true), wait);
  failing = 1;
  await a.kiosk.router.invoke('checkins.checkIn', { code: world.codes[0]! });
  const row = () => a.kiosk.context.replica().prepare('SELECT attempts, acked_at FROM outbox').get() as { attempts: number; acked_at: string | null };
  await vi.waitFor(() => expect(row().attempts).toBe(1), wait);
  expect(a.engine.streaming()).toBe(true);
  await vi.waitFor(() => expect(row().acked_at).not.toBeNull(), { timeout: 3000, interval: 20 });
  // One failure, one delivery: the retry went at its time, once.
  expect(row().attempts).toBe(2);
});
