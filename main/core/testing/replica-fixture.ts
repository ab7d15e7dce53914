/**
 * Test support: a migrated replica in a temp directory (the real openReplica, so the real
 * pragmas and every migration), plus terse ways to fill it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReplica, type Database } from '../db/open';

export interface TempReplica {
  db: Database;
  dir: string;
  close(): void;
}

export function tempReplica(): TempReplica {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-test-'));
  const db = openReplica(dir);
  return {
    db,
    dir,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addEvent(db: Database, id = 'evt-1', ticketTypes = ['General']): void {
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

export function addAttendees(db: Database, attendees: TestAttendee[]): void {
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
