import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, parseMigrations } from './migrate';
import { scratchDatabase } from './migration-harness';
import { migrationFiles } from './migrations/index';
import { openDatabase, openReplica, replicaMigrations, replicaPath } from './open';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-migrate-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tables = (db: ReturnType<typeof openDatabase>) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);

describe('embedded migrations', () => {
  it('match the .sql files on disk (run `node main/core/db/embed-migrations.mjs` if not)', () => {
    const folder = join(import.meta.dirname, 'migrations');
    const onDisk = readdirSync(folder).filter((f) => f.endsWith('.sql')).sort();
    expect(migrationFiles.map((m) => m.file), 'run: node main/core/db/embed-migrations.mjs').toEqual(onDisk);
    for (const { file, sql } of migrationFiles) {
      expect(sql, `${file} changed; run: node main/core/db/embed-migrations.mjs`).toBe(readFileSync(join(folder, file), 'utf8').replace(/\r\n/g, '\n'));
    }
  });

  it('are numbered without gaps and checksummed over LF text', () => {
    expect(() => parseMigrations([{ file: '0001_a.sql', sql: '' }, { file: '0003_c.sql', sql: '' }])).toThrow(/without gaps/);
    expect(() => parseMigrations([{ file: '1_a.sql', sql: '' }])).toThrow(/NNNN_name/);
    const [lf] = parseMigrations([{ file: '0001_a.sql', sql: 'SELECT 1;\n' }]);
    const [crlf] = parseMigrations([{ file: '0001_a.sql', sql: 'SELECT 1;\r\n' }]);
    expect(crlf!.checksum).toBe(lf!.checksum);
  });
});

describe('openReplica', () => {
  it('creates DATA/replica.sqlite with every migration recorded, and the door pragmas', () => {
    const dir = tempDir();
    const db = openReplica(dir);
    expect(db.name).toBe(replicaPath(dir));
    const history = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all();
    expect(history).toEqual(replicaMigrations().map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    expect(tables(db)).toEqual(expect.arrayContaining(['events', 'ticket_types', 'attendees', 'checkins', 'checkin_undos', 'outbox', 'event_keys', 'revocations', 'settings']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('applies nothing the second time and keeps the data', () => {
    const dir = tempDir();
    const first = openReplica(dir);
    first.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    first.close();
    const again = openReplica(dir);
    expect(applyMigrations(again, replicaMigrations())).toEqual([]);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    again.close();
  });

  it('refuses a replica whose applied migration has changed since', () => {
    const dir = tempDir();
    const db = openReplica(dir);
    db.prepare("UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1").run();
    db.close();
    expect(() => openReplica(dir)).toThrow(/different 0001_init\.sql .*refusing to open/);
  });

  it('refuses a replica migrated by a newer build', () => {
    const dir = tempDir();
    const db = openReplica(dir);
    const next = replicaMigrations().length + 1;
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run(next, `${String(next).padStart(4, '0')}_future.sql`, 'x', 'now');
    db.close();
    expect(() => openReplica(dir)).toThrow(/newer Arrivals .*_future\.sql/);
  });

  it('refuses a replica with a hole in its recorded history, naming the migration after it', () => {
    const dir = tempDir();
    const db = openReplica(dir);
    db.prepare('DELETE FROM schema_migrations WHERE version = 1').run();
    db.close();
    expect(() => openReplica(dir)).toThrow(/has a gap in its migration history before 0002_attendee_search\.sql/);
  });

  it('rolls a failing migration back entirely and records nothing for it', () => {
    const db = openDatabase(join(tempDir(), 'x.sqlite'));
    const migrations = parseMigrations([
      { file: '0001_ok.sql', sql: 'CREATE TABLE a (x INTEGER);' },
      { file: '0002_bad.sql', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ]);
    expect(() => applyMigrations(db, migrations)).toThrow(/nowhere/);
    expect(tables(db)).toEqual(['a', 'schema_migrations']);
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    db.close();
  });

  it('refuses a file that is not a database, in one line', () => {
    const dir = tempDir();
    const db = openReplica(dir);
    db.close();
    rmSync(replicaPath(dir));
    rmSync(`${replicaPath(dir)}-wal`, { force: true });
    rmSync(`${replicaPath(dir)}-shm`, { force: true });
    writeFileSync(replicaPath(dir), 'not a database at all, just text '.repeat(200));
    expect(() => openReplica(dir)).toThrow(/replica/);
  });

  it('migrates one step at a time for migration tests (the harness)', () => {
    const scratch = scratchDatabase();
    try {
      expect(scratch.migrateTo(1)).toEqual([1]);
      expect(scratch.db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
      expect(scratch.migrateTo(1)).toEqual([]);
      const rest = replicaMigrations().slice(1).map((m) => m.version);
      expect(scratch.migrateTo(replicaMigrations().length)).toEqual(rest);
    } finally {
      scratch.close();
    }
  });
});
