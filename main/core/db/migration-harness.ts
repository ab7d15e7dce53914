/**
 * For tests of one migration: a scratch database migrated up to the version before it, so the test
 * can insert rows in the old shape, apply the migration, and check what became of them.
 *
 *   const scratch = scratchDatabase();
 *   scratch.migrateTo(1);          // schema as of 0001
 *   scratch.db.prepare('INSERT …').run(…);
 *   scratch.migrateTo(2);          // apply 0002 alone
 *   … assertions …; scratch.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from './migrate';
import { openDatabase, replicaMigrations, replicaPath, type Database } from './open';

export interface ScratchDatabase {
  db: Database;
  dataDir: string;
  migrateTo(version: number): number[];
  close(): void;
}

export function scratchDatabase(): ScratchDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'arrivals-migration-'));
  const db = openDatabase(replicaPath(dataDir));
  return {
    db,
    dataDir,
    migrateTo: (version) => applyMigrations(db, replicaMigrations(), { upTo: version }),
    close() {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
