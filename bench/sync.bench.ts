/**
 * Sync engine benchmarks (npm run bench:sync). The cloud runs as a child process on SQLite, so it
 * does not share an event loop with the kiosks; the kiosks run in this process with their real
 * engines and default timings, talking HTTP. Prints one JSON line per metric.
 *
 * - initial_pull_100k_ms: an enrolled kiosk's first pull of an event with 100,000 attendees;
 * - push_10k_ms: 10,000 check-ins made offline, pushed (and the feed caught up) in one run;
 * - propagation_p95_ms: a check-in on kiosk A until kiosk B's replica holds it, both following the stream;
 * - convergence_after_partition_ms: 5 kiosks make 1,000 check-ins each while cut off (through a
 *   proxy), the network returns, until every outbox is empty and every kiosk counts all 5,000 inside.
 * BENCH_SCALE (default 1) scales the attendee and check-in counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../common/clock';
import { startServerProcess } from '../cloud/test/processes';
import { openKiosk, type Kiosk } from '../main/core/kiosk';
import type { SyncEngine } from '../sync/engine';
import { syncService } from '../sync/service';
import { startFaultProxy } from '../sync/test/fault-proxy';
import { metric, percentile } from './metrics';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const pullAttendees = Math.round(100_000 * scale);
const pushCheckins = Math.round(10_000 * scale);
const partitionPerKiosk = Math.round(1_000 * scale);
const adminToken = 'adm_bench-sync-token';
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const pause = (ms: number) => new Promise<void>((resolve) => systemClock.setTimer(ms, resolve));
const now = () => performance.now();

async function api(base: string, method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON replies
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function seedEvent(base: string, eventId: string, count: number): Promise<string[]> {
  await api(base, 'POST', '/v1/events', { id: eventId, name: `Bench ${eventId}`, codes: 'short', ticketTypes: [{ name: 'General' }] });
  const codes: string[] = [];
  for (let from = 0; from < count; from += 10_000) {
    const attendees = Array.from({ length: Math.min(10_000, count - from) }, (_, k) => ({
      code: `${eventId}-${from + k}`,
      firstName: `First${from + k}`,
      lastName: `Last${from + k}`,
      email: `p${from + k}@bench.example`,
      ticketType: 'General',
    }));
    codes.push(...(await api(base, 'POST', `/v1/events/${eventId}/attendees`, { attendees })).codes);
  }
  return codes;
}

interface BenchKiosk {
  kiosk: Kiosk;
  engine: SyncEngine;
}

async function enrolledKiosk(server: string, base: string, eventId: string, manual: boolean): Promise<BenchKiosk> {
  let engine: SyncEngine | undefined;
  const kiosk = openKiosk({ dataDir: tempDir('arrivals-bench-sync-'), face: 'cli', sync: syncService({ manual, onEngine: (e) => (engine = e) }) });
  kiosk.context.sync();
  const { setupCode } = await api(base, 'POST', `/v1/events/${eventId}/devices/setup-codes`, {});
  await kiosk.router.invoke('sync.enroll', { server, setupCode });
  return { kiosk, engine: engine! };
}

const count = (k: BenchKiosk, table: string) => (k.kiosk.context.replica().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const cloud = await startServerProcess(join(tempDir('arrivals-bench-sync-cloud-'), 'cloud.db'), adminToken);
const kiosks: BenchKiosk[] = [];
try {
  // 1. The first pull of 100k attendees.
  const bigCodes = await seedEvent(cloud.url, 'pull', pullAttendees);
  const a = await enrolledKiosk(cloud.url, cloud.url, 'pull', true);
  kiosks.push(a);
  let started = now();
  const pulled = await a.engine.run();
  metric('initial_pull_100k_ms', now() - started, 'ms');
  if (!pulled.ok || count(a, 'attendees') !== pullAttendees) throw new Error(`initial pull: ${JSON.stringify(pulled)}, ${count(a, 'attendees')} attendees`);

  // 2. 10k check-ins made offline, then pushed in one run.
  for (let i = 0; i < pushCheckins; i++) {
    const result = await a.kiosk.router.invoke('checkins.checkIn', { code: bigCodes[i]! });
    if (!result.checkinId) throw new Error(`check-in refused: ${result.verdict}`);
  }
  started = now();
  const pushed = await a.engine.run();
  metric('push_10k_ms', now() - started, 'ms');
  if (!pushed.ok || (await a.kiosk.router.invoke('sync.status', {})).queue !== 0) throw new Error(`push: ${JSON.stringify(pushed)}`);

  // 3. Propagation between two kiosks that follow the stream.
  const liveCodes = await seedEvent(cloud.url, 'live', 300);
  const sender = await enrolledKiosk(cloud.url, cloud.url, 'live', false);
  const receiver = await enrolledKiosk(cloud.url, cloud.url, 'live', false);
  kiosks.push(sender, receiver);
  for (let waited = 0; !(sender.engine.streaming() && receiver.engine.streaming()); waited += 20) {
    if (waited > 20_000) throw new Error('the kiosks never connected to the stream');
    await pause(20);
  }
  const seen = receiver.kiosk.context.replica().prepare('SELECT 1 FROM checkins WHERE id = ?').pluck();
  const samples: number[] = [];
  for (let i = 0; i < Math.min(200, liveCodes.length); i++) {
    const t0 = now();
    const result = await sender.kiosk.router.invoke('checkins.checkIn', { code: liveCodes[i]! });
    while (!seen.get(result.checkinId)) {
      if (now() - t0 > 30_000) throw new Error('a check-in never reached the other kiosk');
      await pause(1);
    }
    samples.push(now() - t0);
    await pause(10);
  }
  metric('propagation_p95_ms', percentile(samples, 95), 'ms');
  metric('propagation_p50_ms', percentile(samples, 50), 'ms');

  // 4. Five kiosks apart, then together again.
  const partitionCodes = await seedEvent(cloud.url, 'apart', partitionPerKiosk * 5);
  const proxy = await startFaultProxy({ target: cloud.url });
  const five: BenchKiosk[] = [];
  for (let i = 0; i < 5; i++) five.push(await enrolledKiosk(proxy.url, cloud.url, 'apart', false));
  kiosks.push(...five);
  await Promise.all(five.map((k) => k.engine.run()));
  proxy.partition(true);
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < partitionPerKiosk; j++) await five[i]!.kiosk.router.invoke('checkins.checkIn', { code: partitionCodes[i * partitionPerKiosk + j]! });
  }
  proxy.partition(false);
  started = now();
  const everyone = partitionPerKiosk * 5;
  for (;;) {
    const states = await Promise.all(five.map(async (k) => ({ queue: (await k.kiosk.router.invoke('sync.status', {})).queue, inside: (await k.kiosk.router.invoke('checkins.insideNow', { eventId: 'apart' })).insideNow })));
    if (states.every((s) => s.queue === 0 && s.inside === everyone)) break;
    if (now() - started > 120_000) throw new Error(`no convergence after 120 s: ${JSON.stringify(states)}`);
    // Looking costs the kiosks' CPU too (one process): often enough for the metric, not more.
    await pause(50);
  }
  metric('convergence_after_partition_ms', now() - started, 'ms');
  await proxy.close();
} finally {
  for (const k of kiosks) {
    await k.engine.stop();
    k.kiosk.close();
  }
  await cloud.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
