/**
 * Test support: a migrated replica in a temp directory (the real openReplica, so the real
 * pragmas and every migration), plus terse ways to fill it through the db module's own writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nowIso, systemClock } from '../../../common/clock';
import { insertAttendee } from '../db/checkin-queries';
import { upsertEvent, upsertTicketType } from '../db/event-queries';
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
  const at = nowIso(systemClock);
  upsertEvent(db, { id, name: `Event ${id}`, timeZone: 'UTC', doorsOpen: null, doorsClose: null }, at);
  for (const name of ticketTypes) upsertTicketType(db, { eventId: id, name, color: '#1f6feb', multiEntry: false }, at);
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
  const at = nowIso(systemClock);
  db.transaction(() => {
    for (const a of attendees) {
      insertAttendee(
        db,
        {
          eventId: a.eventId ?? 'evt-1', code: a.code, ticketId: null, firstName: a.firstName ?? '', lastName: a.lastName ?? '', email: a.email ?? '',
          company: a.company ?? '', ticketType: a.ticketType ?? 'General', status: 'valid', vip: false, note: '', badgeFields: {}, origin: 'import',
        },
        at,
      );
    }
  })();
}
