/**
 * Test support: a replica in a temp directory with migrations applied straight from the .sql
 * files. Used until the migration runner (main/core/db) is available to these tests.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const migrationsDir = join(import.meta.dirname, '..', 'db', 'migrations');

export function applyMigrationFile(db: Database.Database, file: string): void {
  db.exec(readFileSync(join(migrationsDir, file), 'utf8'));
}

export interface TempReplica {
  db: Database.Database;
  dir: string;
  close(): void;
}

export function tempReplica(files = ['0001_init.sql', '0002_attendee_search.sql']): TempReplica {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-test-'));
  const db = new Database(join(dir, 'replica.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  for (const file of files) applyMigrationFile(db, file);
  return {
    db,
    dir,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addEvent(db: Database.Database, id = 'evt-1', ticketTypes = ['General']): void {
  const at = '2026-01-01T00:00:00.000Z';
  db.prepare('INSERT INTO events (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, `Event ${id}`, at, at);
  for (const name of ticketTypes) {
    db.prepare('INSERT INTO ticket_types (event_id, name, updated_at) VALUES (?, ?, ?)').run(id, name, at);
  }
}

export interface TestAttendee {
  code: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  company?: string;
  ticketType?: string;
  eventId?: string;
}

export function addAttendees(db: Database.Database, attendees: TestAttendee[]): void {
  const at = '2026-01-01T00:00:00.000Z';
  const insert = db.prepare(
    `INSERT INTO attendees (event_id, code, first_name, last_name, email, company, ticket_type, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const a of attendees) {
      insert.run(a.eventId ?? 'evt-1', a.code, a.firstName ?? '', a.lastName ?? '', a.email ?? '', a.company ?? '', a.ticketType ?? 'General', at, at);
    }
  })();
}
