/**
 * Opening the replica: `DATA/replica.sqlite`, with the pragmas a door needs and every migration
 * applied. Services receive the open `Database` and call the named query functions in this folder.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../../common/clock';
import { ArrivalsError } from '../../../common/contract/index';
import { searchIndexText } from '../../../common/domain/search-fold';
import { ensurePrivateFile, tightenFile } from '../../../common/node/private-files';
import { explainSqliteLoadError, sqliteOptions } from './native-binding';
import { applyMigrations, parseMigrations, type Migration } from './migrate';
import { migrationFiles } from './migrations/index';

export type { Database } from 'better-sqlite3';

let parsed: Migration[] | undefined;
/** The migrations this build carries, checked and ordered. */
export function replicaMigrations(): Migration[] {
  return (parsed ??= parseMigrations(migrationFiles));
}

export function replicaPath(dataDir: string): string {
  return join(dataDir, 'replica.sqlite');
}

/**
 * Opens a SQLite file with the replica's pragmas, without migrating it (tests of a single
 * migration start here). The file is created 0600 before SQLite opens it, so its -wal and -shm
 * files, which SQLite creates with the database file's mode, are owner-only too.
 */
export function openDatabase(file: string): Database {
  let db: Database;
  try {
    ensurePrivateFile(file);
    for (const suffix of ['-wal', '-shm']) tightenFile(file + suffix);
    db = new BetterSqlite3(file, sqliteOptions());
  } catch (error) {
    throw new ArrivalsError('unavailable', `cannot open ${file}: ${explainSqliteLoadError((error as Error).message)}`);
  }
  try {
    // WAL: readers (search, the UI's counts) never wait for the check-in writer.
    db.pragma('journal_mode = WAL');
    // FULL: a green verdict shown to a guest must survive a power cut, so each commit is fsynced.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // MEMORY: a statement that may have to undo part of itself (an upsert, any write to attendees,
    // whose triggers keep the search index) keeps its statement journal in memory. In a temporary
    // file it cost a pwrite per page touched: the first pull of 100k attendees took 3.4 s instead of 1.2.
    db.pragma('temp_store = MEMORY');
    // The CLI and a running kiosk may share the file; wait for each other's short writes.
    db.pragma('busy_timeout = 5000');
    registerSearchFold(db);
  } catch (error) {
    db.close();
    throw new ArrivalsError('unavailable', `cannot use ${file}: ${(error as Error).message}`);
  }
  return db;
}

/**
 * The search index's fold (migration 0008): its triggers call arrivals_search_text(text, compact),
 * so every connection that writes attendees needs it. Deterministic: the same text always folds
 * the same way, which is what lets SQLite use it in triggers.
 */
export function registerSearchFold(db: Database): void {
  db.function('arrivals_search_text', { deterministic: true }, (text: unknown, compact: unknown) =>
    typeof text === 'string' ? searchIndexText(text, { compact: compact !== 0 }) : '',
  );
}

/** Opens (creating if needed) and migrates a data directory's replica. */
export function openReplica(dataDir: string, clock: Clock = systemClock): Database {
  const file = replicaPath(dataDir);
  const db = openDatabase(file);
  try {
    applyMigrations(db, replicaMigrations(), { label: `the replica ${file}`, clock });
  } catch (error) {
    db.close();
    if (error instanceof ArrivalsError) throw error;
    throw new ArrivalsError('unavailable', `cannot migrate the replica ${file}: ${(error as Error).message}`);
  }
  return db;
}
