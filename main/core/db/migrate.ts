/**
 * Numbered migrations. Each file `NNNN_name.sql` runs once, in one transaction, in numeric order,
 * and is recorded in `schema_migrations` with a checksum of its text. A replica whose recorded
 * history differs from the migrations this build carries (an edited migration, a gap, or one from a
 * newer build) refuses to open: guessing would risk the check-ins it holds.
 */
import { nowIso, systemClock, type Clock } from '../../../common/clock';
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ArrivalsError } from '../../../common/contract/index';

export interface Migration {
  version: number;
  /** The file name, e.g. `0001_init.sql`. */
  name: string;
  sql: string;
  checksum: string;
}

const fileName = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Checks and orders the migration files; throws on a malformed name or a duplicate number. */
export function parseMigrations(files: ReadonlyArray<{ file: string; sql: string }>): Migration[] {
  const migrations = files.map(({ file, sql }) => {
    const match = fileName.exec(file);
    if (!match) throw new Error(`migration file name ${file} is not NNNN_name.sql`);
    const text = sql.replace(/\r\n/g, '\n');
    return { version: Number(match[1]), name: file, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 0001, 0002… without gaps; found ${m.name} at position ${i + 1}`);
  });
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/** Brings the database up to `upTo` (default: the last migration). Returns the versions applied. */
export function applyMigrations(db: Database, migrations: readonly Migration[], options: { upTo?: number; label?: string; clock?: Clock } = {}): number[] {
  const label = options.label ?? db.name;
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const readHistory = () => db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  const history = readHistory();
  checkHistory(history, migrations, label);

  const target = options.upTo ?? migrations.length;
  const applied: number[] = [];
  // Only what is missing takes the write lock: opening an up-to-date replica (every CLI command)
  // reads the history once and writes nothing.
  const missing = migrations.filter((m) => m.version <= target && !history.some((row) => row.version === m.version));
  for (const migration of missing) {
    // IMMEDIATE: two processes opening the same replica at once (the CLI beside a running host)
    // must not both apply a migration; the second re-reads the history under the write lock.
    const ran = db.transaction(() => {
      const history = readHistory();
      checkHistory(history, migrations, label);
      if (history.some((row) => row.version === migration.version)) return false;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(
        migration.version,
        migration.name,
        migration.checksum,
        nowIso(options.clock ?? systemClock),
      );
      return true;
    }).immediate();
    if (ran) applied.push(migration.version);
  }
  return applied;
}

function checkHistory(history: readonly AppliedRow[], migrations: readonly Migration[], label: string): void {
  history.forEach((row, i) => {
    const known = migrations.find((m) => m.version === row.version);
    if (!known) {
      throw new ArrivalsError(
        'unavailable',
        `${label} was migrated by a newer Arrivals (migration ${row.name} is unknown to this version); upgrade Arrivals to open it`,
      );
    }
    if (row.version !== i + 1) throw new ArrivalsError('unavailable', `${label} has a gap in its migration history before ${row.name}; restore it from a backup`);
    if (known.name !== row.name || known.checksum !== row.checksum) {
      throw new ArrivalsError(
        'unavailable',
        `${label} was migrated with a different ${row.name} than this version carries (checksum ${row.checksum.slice(0, 12)}, expected ${known.checksum.slice(0, 12)} for ${known.name}); refusing to open it`,
      );
    }
  });
}
