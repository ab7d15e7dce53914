/**
 * Test support: a real replica in a temp directory with one event ("Berlin", doors open all day),
 * ticket types General (single entry), VIP and Staff (multi-entry), a signing key, and helpers to
 * add attendees and sign codes. Used by the engine, drill and bad-input tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttendeeStatus } from '../../../common/domain/attendee';
import { insertAttendee } from '../db/checkin-queries';
import { upsertEvent, upsertTicketType } from '../db/event-queries';
import { openReplica, type Database } from '../db/open';
import { setSetting, settingKeys } from '../db/settings-queries';
import { createEventKey, eventSigner } from '../tickets/keys';

export const t0 = '2026-11-24T10:00:00.000Z';

export interface DoorFixture {
  db: Database;
  dataDir: string;
  eventId: string;
  addAttendee(code: string, extra?: Partial<{ ticketType: string; status: AttendeeStatus; vip: boolean; note: string; firstName: string; eventId: string }>): void;
  sign(ticketId: string, extra?: Partial<{ ticketType: string; validFrom: number; validUntil: number }>): string;
  close(): void;
}

export function addEvent(db: Database, id: string, name: string, doors: { open: string | null; close: string | null } = { open: null, close: null }): void {
  upsertEvent(db, { id, name, timeZone: 'Europe/Berlin', doorsOpen: doors.open, doorsClose: doors.close }, t0);
  upsertTicketType(db, { eventId: id, name: 'General', color: '#1f6feb', multiEntry: false }, t0);
  upsertTicketType(db, { eventId: id, name: 'VIP', color: '#d4a017', multiEntry: false }, t0);
  upsertTicketType(db, { eventId: id, name: 'Staff', color: '#2da44e', multiEntry: true }, t0);
  createEventKey(db, id, t0);
}

export function doorFixture(dataDir = mkdtempSync(join(tmpdir(), 'arrivals-door-'))): DoorFixture {
  const db = openReplica(dataDir);
  const eventId = 'evt-berlin';
  addEvent(db, eventId, 'Berlin Summit', { open: '2026-11-24T07:00:00.000Z', close: '2026-11-24T18:00:00.000Z' });
  setSetting(db, settingKeys.currentEventId, eventId);
  const signer = eventSigner(db, eventId);
  return {
    db,
    dataDir,
    eventId,
    addAttendee(code, extra = {}) {
      insertAttendee(
        db,
        {
          eventId: extra.eventId ?? eventId,
          code,
          ticketId: null,
          firstName: extra.firstName ?? 'Zoë',
          lastName: 'Müller',
          email: 'zoe@example.org',
          company: 'Ñandú GmbH',
          ticketType: extra.ticketType ?? 'General',
          status: extra.status ?? 'valid',
          vip: extra.vip ?? false,
          note: extra.note ?? '',
          badgeFields: {},
          origin: 'demo',
        },
        t0,
      );
    },
    sign: (ticketId, extra = {}) => signer({ ticketId, ticketType: extra.ticketType ?? 'General', validFrom: extra.validFrom ?? 0, validUntil: extra.validUntil ?? 0 }),
    close() {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
