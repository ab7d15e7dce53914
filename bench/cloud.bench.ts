/**
 * Cloud server load on loopback (npm run bench:cloud). Starts its own throwaway PostgreSQL cluster
 * (cloud/test/pg-cluster.sh) and its own servers as child processes, so the load generator and the
 * server do not share an event loop. Prints one JSON line per metric: {"metric","value","unit"}.
 *
 * Bounded: ~100k batched check-ins per engine, 8 s of single requests, a 100k-attendee snapshot.
 * The PostgreSQL ingest and the raw-insert baseline run alternately, two rounds each, and each
 * reports its better round: the machine is shared (2 cores), and a burst of someone else's work
 * during one phase would otherwise skew the ratio between the two.
 * The console's figures (issue 15): registrations at 50 concurrent (limit raised, each mail queued in
 * the outbox), a check-in until the console's chart shows it in real Chromium, and 16 concurrent
 * single-row INSERTs straight into PostgreSQL, the floor that ingest_single_per_s is measured against.
 * BENCH_SCALE (default 1) scales the counts; BENCH_PHASES (batched,raw,single,rawsingle,registration,
 * dashboard,snapshot,sqlite) picks phases.
 */
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { IngestCheckin } from '../common/cloud-api';
import { isoFromNow, nowIso, systemClock } from '../common/clock';
import { openCloudDb } from '../cloud/db/connect';
import { chunk } from '../cloud/store/chunk';
import { createUser } from '../cloud/store/users';
import { freshPgDatabase } from '../cloud/test/engines';
import { startServerProcess, type ServerProcess } from '../cloud/test/processes';
import { metric, percentile } from './metrics';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const batchedCount = Math.round(100_000 * scale);
const snapshotAttendees = 100_000;
const ticketCount = 20_000;
const batchSize = 500;
const batchConcurrency = 4;
const singleSeconds = 8;
const adminToken = 'adm_bench-' + randomUUID();
const phases = new Set((process.env.BENCH_PHASES ?? 'batched,raw,single,rawsingle,registration,dashboard,snapshot,sqlite').split(','));
const registrationConnections = 50;
const dashboardSamples = 30;
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

/** 16 clients, each sending single-row INSERTs of check-ins straight to PostgreSQL: the floor for single ingest. */
async function rawSingleInsert(url: string, eventId: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  await pool.query('CREATE TABLE IF NOT EXISTS raw_single_checkins (LIKE checkins INCLUDING ALL)');
  let n = 0;
  const until = performance.now() + singleSeconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < until) {
          const i = n++;
          const id = randomUUID();
          await client.query(
            'INSERT INTO raw_single_checkins (event_id, id, seq, kiosk_id, code, attendee_id, ticket_type, direction, at, verdict, result, recorded, flagged, other_kiosk_id, other_at, device_id, received_at, answer) VALUES ($1,$2,NULL,$3,$4,$5,$6,$7,$8,$9,$10,1,0,NULL,NULL,NULL,$11,$12)',
            [eventId, id, benchKiosk, plainCode(eventId, i % ticketCount), 'A' + (i % 1000), 'General', 'entry', isoFromNow(systemClock, -60_000), 'admitted', 'accepted', nowIso(systemClock), JSON.stringify({ id, result: 'accepted', recorded: true, flagged: false })],
          );
        }
      } finally {
        client.release();
      }
    }),
  );
  await pool.end();
  return n / ((performance.now() - started) / 1000);
}

/** Public registrations from 50 connections (the limit raised for the bench), each queuing its mail. */
async function registrations(base: string, dbUrl: string): Promise<{ perSecond: number; p99: number; queued: number; registered: number }> {
  await api(base, 'POST', '/v1/events', adminToken, { id: 'reg', name: 'Registrations', ticketTypes: [{ name: 'General', public: true }] });
  let i = 0;
  const result = await autocannon({
    url: base,
    connections: registrationConnections,
    duration: singleSeconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/events/reg/registrations',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const n = i++;
          return { ...request, body: JSON.stringify({ firstName: `Guest${n}`, lastName: 'Bench', email: `guest${n}-${randomUUID().slice(0, 8)}@example.org` }) };
        },
      },
    ],
  });
  errors += result.errors + result.timeouts + result.non2xx;
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const queued = await client.query<{ n: string }>("SELECT COUNT(*) AS n FROM email_outbox WHERE event_id = 'reg' AND status = 'pending'");
    const registered = await client.query<{ n: string }>("SELECT COUNT(*) AS n FROM attendees WHERE event_id = 'reg'");
    return { perSecond: result.requests.average, p99: result.latency.p99, queued: Number(queued.rows[0]!.n), registered: Number(registered.rows[0]!.n) };
  } finally {
    await client.end();
  }
}

/**
 * A check-in ingested until the console's chart (signed in, in real Chromium, over the stats
 * stream) shows it: the chart's `data-entries` is the number of entries it draws.
 */
async function dashboardUpdates(base: string, dbUrl: string): Promise<number> {
  const eventId = 'dash';
  const token = await seedEvent(base, eventId, dashboardSamples + 10);
  const cdb = await openCloudDb(dbUrl);
  const password = 'bench password ' + randomUUID();
  try {
    await createUser(cdb, 'bench@example.org', password);
  } finally {
    await cdb.close();
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel('Email').fill('bench@example.org');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: eventId, exact: true }).click();
    const chart = page.getByTestId('arrivals-chart');
    await chart.waitFor();
    const samples: number[] = [];
    for (let k = 0; k < dashboardSamples; k++) {
      const started = performance.now();
      const item = { id: randomUUID(), kioskId: benchKiosk, code: plainCode(eventId, k), direction: 'entry', at: isoFromNow(systemClock, -60_000), verdict: 'admitted' };
      await api(base, 'POST', `/v1/events/${eventId}/checkins`, token, { checkins: [item] });
      await page.locator(`[data-testid="arrivals-chart"][data-entries="${k + 1}"]`).waitFor({ timeout: 10_000 });
      samples.push(performance.now() - started);
    }
    return percentile(samples, 95);
  } finally {
    await browser.close();
  }
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
  const pgServer = await startServerProcess(pgUrl, adminToken, { ARRIVALS_PG_POOL: '8', ARRIVALS_REGISTRATIONS_PER_MINUTE: '10000000' });
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
  // Single ingest and its floor, alternately, two rounds each, each reporting its better round.
  const singles: Array<{ perSecond: number; p99: number }> = [];
  const rawSingles: number[] = [];
  for (let round = 0; round < 2; round++) {
    if (phases.has('single')) singles.push(await ingestSingle(pgServer.url, 'bench', token));
    if (phases.has('rawsingle')) rawSingles.push(await rawSingleInsert(pgUrl, 'bench'));
  }
  const single = singles.sort((a, b) => b.perSecond - a.perSecond)[0];
  if (single) {
    metric('ingest_single_per_s', single.perSecond, 'requests/s');
    metric('ingest_single_p99_ms', single.p99, 'ms');
  }
  if (rawSingles.length) metric('raw_pg_single_insert_per_s', Math.max(...rawSingles), 'rows/s');
  // Target: ingest_single_per_s at least a third of the raw single-row floor.
  if (single && rawSingles.length) metric('ingest_single_vs_raw_single_ratio', single.perSecond / Math.max(...rawSingles), 'ratio');
  if (phases.has('registration')) {
    const reg = await registrations(pgServer.url, pgUrl);
    if (reg.queued !== reg.registered) errors++;
    metric('registration_p99_ms', reg.p99, 'ms');
    metric('registrations_per_s', reg.perSecond, 'registrations/s');
    metric('registration_emails_queued', reg.queued, 'count');
  }
  if (phases.has('dashboard')) metric('dashboard_update_p95_ms', await dashboardUpdates(pgServer.url, pgUrl), 'ms');
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
