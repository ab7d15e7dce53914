/**
 * Cloud server load on loopback (npm run bench:cloud). Starts its own throwaway PostgreSQL cluster
 * (cloud/test/pg-cluster.sh) and its own servers as child processes, so the load generator and the
 * server do not share an event loop. Prints one JSON line per metric: {"metric","value","unit"}.
 *
 * Bounded: ~100k batched check-ins per engine, 8 s of single requests, a 100k-attendee snapshot.
 * The PostgreSQL ingest and the raw-insert baseline run alternately, two rounds each, and each
 * reports its better round: the machine is shared (2 cores), and a burst of someone else's work
 * during one phase would otherwise skew the ratio between the two.
 * BENCH_SCALE (default 1) scales the counts; BENCH_PHASES (batched,raw,single,snapshot,sqlite) picks phases.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { IngestCheckin } from '../common/cloud-api';
import { isoFromNow, nowIso, systemClock } from '../common/clock';
import { chunk } from '../cloud/store/chunk';
import { freshPgDatabase } from '../cloud/test/engines';
import { startServerProcess, type ServerProcess } from '../cloud/test/processes';
import { metric } from './metrics';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const batchedCount = Math.round(100_000 * scale);
const snapshotAttendees = 100_000;
const ticketCount = 20_000;
const batchSize = 500;
const batchConcurrency = 4;
const singleSeconds = 8;
const adminToken = 'adm_bench-' + randomUUID();
const phases = new Set((process.env.BENCH_PHASES ?? 'batched,raw,single,snapshot,sqlite').split(','));
const script = join(import.meta.dirname, '..', 'cloud', 'test', 'pg-cluster.sh');

let errors = 0;

async function api(base: string, method: string, path: string, token: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    errors++;
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

const plainCode = (event: string, i: number) => `${event}-${String(i).padStart(6, '0')}`;

/** An event with `count` attendees (plain codes: the bench measures ingest, not signing) and a device. */
async function seedEvent(base: string, eventId: string, count: number): Promise<string> {
  await api(base, 'POST', '/v1/events', adminToken, { id: eventId, name: eventId, ticketTypes: [{ name: 'General', multiEntry: true }] });
  for (let from = 0; from < count; from += 10_000) {
    const attendees = Array.from({ length: Math.min(10_000, count - from) }, (_, k) => {
      const i = from + k;
      return { code: plainCode(eventId, i), firstName: `First${i}`, lastName: `Last${i}`, email: `guest${i}@example.org`, company: 'Bench Ltd', ticketType: 'General' };
    });
    await api(base, 'POST', `/v1/events/${eventId}/attendees`, adminToken, { attendees });
  }
  const setup = await api(base, 'POST', `/v1/events/${eventId}/devices/setup-codes`, adminToken, {});
  const response = await fetch(`${base}/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ setupCode: setup.setupCode, name: 'bench', kioskId: benchKiosk }) });
  return ((await response.json()) as { token: string }).token;
}

/** The device token files check-ins only under the kiosk id it enrolled with. */
const benchKiosk = 'bench-kiosk';

function makeCheckins(eventId: string, count: number): IngestCheckin[] {
  // Door times of today: the server refuses check-ins far from its clock.
  const start = systemClock.now() - 2 * 3_600_000;
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    kioskId: benchKiosk,
    code: plainCode(eventId, i % ticketCount),
    direction: (Math.floor(i / ticketCount) % 2 ? 'exit' : 'entry') as 'entry' | 'exit',
    at: new Date(start + i * 50).toISOString(),
    verdict: (Math.floor(i / ticketCount) % 2 ? 'exited' : 'admitted') as 'exited' | 'admitted',
  }));
}

/** Sends the items in batches of 500 from a few concurrent senders; returns items per second. */
async function inBatches(items: IngestCheckin[], send: (batch: IngestCheckin[]) => Promise<void>): Promise<number> {
  const batches = chunk(items, batchSize);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: batchConcurrency }, async () => {
      while (next < batches.length) await send(batches[next++]!);
    }),
  );
  return items.length / ((performance.now() - started) / 1000);
}

/** Posts batches of 500 from a few concurrent kiosks; returns check-ins per second. */
function ingestBatched(base: string, eventId: string, token: string, items: IngestCheckin[]): Promise<number> {
  return inBatches(items, async (batch) => {
    const { results } = await api(base, 'POST', `/v1/events/${eventId}/checkins`, token, { checkins: batch });
    if (results.length !== batch.length) errors++;
  });
}

/** The same rows, as the server would store them, in plain batched INSERTs straight into PostgreSQL. */
async function rawInsert(url: string, eventId: string, items: IngestCheckin[], round: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: batchConcurrency });
  if (round === 0) await pool.query('CREATE TABLE raw_checkins (LIKE checkins INCLUDING ALL)');
  const columns = ['event_id', 'id', 'seq', 'kiosk_id', 'code', 'attendee_id', 'ticket_type', 'direction', 'at', 'verdict', 'result', 'recorded', 'flagged', 'other_kiosk_id', 'other_at', 'device_id', 'received_at', 'answer'];
  const rate = await inBatches(items, async (batch) => {
    const values: unknown[] = [];
    const rows = batch.map((item, r) => {
      values.push(eventId, item.id, null, item.kioskId, item.code, 'A' + (r % 1000), 'General', item.direction, item.at, item.verdict, 'accepted', 1, 0, null, null, null, nowIso(systemClock), JSON.stringify({ id: item.id, result: 'accepted', recorded: true, flagged: false }));
      return `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(',')})`;
    });
    await pool.query(`INSERT INTO raw_checkins (${columns.join(',')}) VALUES ${rows.join(',')}`, values);
  });
  await pool.end();
  return rate;
}

async function ingestSingle(base: string, eventId: string, token: string): Promise<{ perSecond: number; p99: number }> {
  let i = 0;
  const result = await autocannon({
    url: base,
    connections: 16,
    duration: singleSeconds,
    requests: [
      {
        method: 'POST',
        path: `/v1/events/${eventId}/checkins`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (request) => {
          const n = i++;
          const item = { id: randomUUID(), kioskId: benchKiosk, code: plainCode(eventId, n % ticketCount), direction: 'entry', at: isoFromNow(systemClock, n - 3_600_000), verdict: 'admitted' };
          return { ...request, body: JSON.stringify({ checkins: [item] }) };
        },
      },
    ],
  });
  errors += result.errors + result.timeouts + result.non2xx;
  return { perSecond: result.requests.average, p99: result.latency.p99 };
}

async function feedSnapshot(base: string, eventId: string, token: string): Promise<number> {
  const started = performance.now();
  let cursor = '';
  let attendees = 0;
  for (;;) {
    const page = await api(base, 'GET', `/v1/events/${eventId}/feed?cursor=${cursor}&limit=5000`, token);
    attendees += page.changes.filter((c: { kind: string }) => c.kind === 'attendee').length;
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  if (attendees !== snapshotAttendees) errors++;
  return performance.now() - started;
}

const servers: ServerProcess[] = [];
let clusterDir: string | undefined;
const sqliteDir = mkdtempSync(join(tmpdir(), 'arrivals-bench-'));
try {
  const out = execFileSync(script, ['start', String(process.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const clusterUrl = /ARRIVALS_TEST_PG_URL=(\S+)/.exec(out)![1]!;
  clusterDir = /ARRIVALS_TEST_PG_DIR=(\S+)/.exec(out)![1]!;
  const pgUrl = await freshPgDatabase(clusterUrl);
  const pgServer = await startServerProcess(pgUrl, adminToken, { ARRIVALS_PG_POOL: '8' });
  servers.push(pgServer);

  const token = await seedEvent(pgServer.url, 'bench', ticketCount);
  const batched: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < 2; round++) {
    if (phases.has('batched')) batched.push(await ingestBatched(pgServer.url, 'bench', token, makeCheckins('bench', batchedCount / 2)));
    if (phases.has('raw')) raw.push(await rawInsert(pgUrl, 'bench', makeCheckins('bench', batchedCount / 2), round));
  }
  if (batched.length) metric('ingest_batched_checkins_per_s', Math.max(...batched), 'checkins/s');
  if (raw.length) metric('raw_pg_insert_rows_per_s', Math.max(...raw), 'rows/s');
  if (phases.has('single')) {
    const single = await ingestSingle(pgServer.url, 'bench', token);
    metric('ingest_single_per_s', single.perSecond, 'requests/s');
    metric('ingest_single_p99_ms', single.p99, 'ms');
  }
  if (phases.has('snapshot')) {
    const snapshotToken = await seedEvent(pgServer.url, 'snapshot', snapshotAttendees);
    metric('feed_snapshot_100k_ms', await feedSnapshot(pgServer.url, 'snapshot', snapshotToken), 'ms');
  }
  await pgServer.stop();

  if (phases.has('sqlite')) {
    const sqliteServer = await startServerProcess(join(sqliteDir, 'bench.db'), adminToken);
    servers.push(sqliteServer);
    const sqliteToken = await seedEvent(sqliteServer.url, 'bench', ticketCount);
    metric('ingest_batched_checkins_per_s_sqlite', await ingestBatched(sqliteServer.url, 'bench', sqliteToken, makeCheckins('bench', batchedCount)), 'checkins/s');
  }
} catch (error) {
  errors++;
  console.error(error);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  if (clusterDir) execFileSync(script, ['stop', clusterDir], { stdio: 'inherit' });
  rmSync(sqliteDir, { recursive: true, force: true });
  metric('errors', errors, 'count');
}
