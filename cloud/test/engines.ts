/**
 * The engines every cloud suite runs on: SQLite always; PostgreSQL when a cluster is given
 * (ARRIVALS_TEST_PG_URL, e.g. from pg-cluster.sh) or the binaries are installed (then this file
 * starts a throwaway cluster for the test file). With CI=true PostgreSQL is required: a missing
 * one fails the run instead of silently testing half.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestEngine {
  name: 'sqlite' | 'pg';
  /** A fresh, empty database location for one suite. */
  fresh(): Promise<string>;
}

const script = join(import.meta.dirname, 'pg-cluster.sh');

function pgBinariesInstalled(): boolean {
  // The same places pg-cluster.sh looks: PG_BIN, else Debian's versioned folders.
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb'));
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, 'bin', 'initdb')));
}

let cluster: { url: string; dir: string | null } | undefined;

/** The cluster's URL, starting one if needed (stopped again by stopTestCluster). */
export function testClusterUrl(): string | undefined {
  if (cluster) return cluster.url;
  if (process.env.ARRIVALS_TEST_PG_URL) {
    cluster = { url: process.env.ARRIVALS_TEST_PG_URL, dir: null };
    return cluster.url;
  }
  if (!pgBinariesInstalled()) {
    if (process.env.CI === 'true') throw new Error('CI=true but PostgreSQL is neither given (ARRIVALS_TEST_PG_URL) nor installed: the PostgreSQL half of the cloud tests cannot run');
    return undefined;
  }
  // This process owns the cluster: if it dies before stopTestCluster (killed, crashed), the
  // script's watcher stops and deletes the cluster anyway.
  const out = execFileSync(script, ['start', String(process.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = /ARRIVALS_TEST_PG_URL=(\S+)/.exec(out)?.[1];
  const dir = /ARRIVALS_TEST_PG_DIR=(\S+)/.exec(out)?.[1];
  if (!url || !dir) throw new Error(`pg-cluster.sh start printed no URL: ${out}`);
  cluster = { url, dir };
  return url;
}

export function stopTestCluster(): void {
  if (cluster?.dir) execFileSync(script, ['stop', cluster.dir], { stdio: 'inherit' });
  cluster = undefined;
}

/** A new database in the cluster, so suites never see each other's rows. */
export async function freshPgDatabase(url: string): Promise<string> {
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

const tempDirs: string[] = [];

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [
    {
      name: 'sqlite',
      async fresh() {
        const dir = mkdtempSync(join(tmpdir(), 'arrivals-cloud-'));
        tempDirs.push(dir);
        return join(dir, 'cloud.db');
      },
    },
  ];
  const url = testClusterUrl();
  if (url) engines.push({ name: 'pg', fresh: () => freshPgDatabase(url) });
  return engines;
}

export function cleanupTestEngines(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  stopTestCluster();
}
