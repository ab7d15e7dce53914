/**
 * Opens the cloud's database from a `--db` value: a `postgres://` URL is PostgreSQL (for scale and
 * several server processes), anything else a SQLite file (the default, embedded). Both go through
 * Kysely, so every query in cloud/store runs on both engines.
 */
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { systemClock, type Clock } from '../../common/clock';
import { ensurePrivateFile, makePrivateDir, tightenFile } from '../../common/node/private-files';
import { migrate } from './migrations';
import type { CloudDatabase } from './schema';

export type Engine = 'sqlite' | 'pg';

export interface CloudDb {
  db: Kysely<CloudDatabase>;
  engine: Engine;
  /** Every time the cloud stores or compares (created, received, expires, revoked…) is read here. */
  clock: Clock;
  /** PostgreSQL only: the pool under Kysely, for the ingest path's hand-written round trips. */
  pgPool?: pg.Pool;
  close(): Promise<void>;
}

export function engineOf(location: string): Engine {
  return /^postgres(ql)?:\/\//.test(location) ? 'pg' : 'sqlite';
}

// COUNT(*) and SUM() are int8 in PostgreSQL, which node-pg returns as strings; our counts fit a double.
const int8 = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * The database holds every guest's name and email, the device token hashes and the events' private
 * signing keys: its directory is made 0700 and the file 0600 (SQLite gives its -wal and -shm files
 * the file's mode), and a file found readable by others is narrowed to 0600.
 */
function keepPrivate(location: string): void {
  if (location === ':memory:' || location === '') return;
  makePrivateDir(dirname(location));
  ensurePrivateFile(location);
  for (const suffix of ['-wal', '-shm']) tightenFile(location + suffix);
}

export async function openCloudDb(location: string, options: { poolSize?: number; clock?: Clock } = {}): Promise<CloudDb> {
  const engine = engineOf(location);
  const clock = options.clock ?? systemClock;
  let db: Kysely<CloudDatabase>;
  let pgPool: pg.Pool | undefined;
  if (engine === 'pg') {
    const pool = new pg.Pool({ connectionString: location, max: options.poolSize ?? 10, types: pgTypes });
    pgPool = pool;
    db = new Kysely<CloudDatabase>({ dialect: new PostgresDialect({ pool }) });
  } else {
    keepPrivate(location);
    const sqlite = new Database(location);
    // WAL lets readers (feed, stats) run beside the writer; NORMAL keeps commits durable across a
    // process crash, which is what an event server needs, without an fsync per check-in batch.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<CloudDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  await migrate(db, engine, clock);
  return { db, engine, clock, ...(pgPool ? { pgPool } : {}), close: () => db.destroy() };
}
