/**
 * Test support: a real replica in a temp directory with one event ("Berlin"), ticket types General
 * (single entry), VIP and Staff (multi-entry), a signing key, and helpers to add attendees and sign
 * codes (AR2, and legacy AR1 ones as issued before). Used by the engine, drill and bad-input tests.
 *
 * Every time comes from the test's clock (by default a manual clock standing at the real now): `t0`
 * is the clock's time when the fixture was made, and the doors are open from 3 h before it to 8 h
 * after it. So the suite means the same on any date.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock, nowIso, systemClock, type Clock, type ManualClock } from '../../../common/clock';
import type { AttendeeStatus } from '../../../common/domain/attendee';
import { insertAttendee } from '../db/checkin-queries';
import { signingKey, upsertEvent, upsertTicketType } from '../db/event-queries';
import { openReplica, type Database } from '../db/open';
import { setSetting, settingKeys } from '../db/settings-queries';
import { createEventKey, eventSigner } from '../tickets/keys';
import { signLegacyTicket, signTicket } from '../../../common/node/signing';

const minute = 60_000;

export interface DoorFixture<C extends Clock = ManualClock> {
  db: Database;
  dataDir: string;
  eventId: string;
  clock: C;
  /** The clock's time when the fixture was made (ISO). */
  t0: string;
  /** `minutes` after t0 (negative: before), ISO. */
  at(minutes: number): string;
  doors: { open: string; close: string };
  addAttendee(code: string, extra?: Partial<{ ticketType: string; status: AttendeeStatus; vip: boolean; note: string; firstName: string; eventId: string }>): void;
  /** An AR2 code of the event's current key; `ticketType` by name, or `typeIndex` as a raw index. */
  sign(serial: number, extra?: Partial<{ ticketType: string; typeIndex: number; validFrom: number; validUntil: number }>): string;
  /** A legacy AR1 code of the event's current key, as kiosks and the cloud issued before. */
  signLegacy(ticketId: string, extra?: Partial<{ ticketType: string; validFrom: number; validUntil: number }>): string;
  close(): void;
}

/** Another event in the same replica (no doors window), with the same ticket types and its own key. */
export function addEvent(db: Database, id: string, name: string, at: string, doors: { open: string | null; close: string | null } = { open: null, close: null }): void {
  upsertEvent(db, { id, name, timeZone: 'Europe/Berlin', doorsOpen: doors.open, doorsClose: doors.close }, at);
  upsertTicketType(db, { eventId: id, name: 'General', color: '#1f6feb', multiEntry: false }, at);
  upsertTicketType(db, { eventId: id, name: 'VIP', color: '#d4a017', multiEntry: false }, at);
  upsertTicketType(db, { eventId: id, name: 'Staff', color: '#2da44e', multiEntry: true }, at);
  createEventKey(db, id, at);
}

export function doorFixture(options?: { dataDir?: string }): DoorFixture<ManualClock>;
export function doorFixture<C extends Clock>(options: { dataDir?: string; clock: C }): DoorFixture<C>;
export function doorFixture(options: { dataDir?: string; clock?: Clock } = {}): DoorFixture<Clock> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'arrivals-door-'));
  const clock = options.clock ?? manualClock(systemClock.now());
  const start = clock.now();
  const t0 = nowIso(clock);
  const at = (minutes: number) => new Date(start + minutes * minute).toISOString();
  const doors = { open: at(-3 * 60), close: at(8 * 60) };
  const db = openReplica(dataDir, clock);
  const eventId = 'evt-berlin';
  addEvent(db, eventId, 'Berlin Summit', t0, doors);
  setSetting(db, settingKeys.currentEventId, eventId);
  // The event's current key at each call (a test may make a new one).
  const signer = () => eventSigner(db, eventId, t0);
  const key = () => signingKey(db, eventId)!;
  return {
    db,
    dataDir,
    eventId,
    clock,
    t0,
    at,
    doors,
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
    sign: (serial, extra = {}) =>
      extra.typeIndex === undefined
        ? signer()({ serial, ticketType: extra.ticketType ?? 'General', validFrom: extra.validFrom ?? 0, validUntil: extra.validUntil ?? 0 })
        : signTicket({ keyIndex: key().key_index!, serial, typeIndex: extra.typeIndex, validFrom: extra.validFrom ?? 0, validUntil: extra.validUntil ?? 0 }, key().private_key!),
    signLegacy: (ticketId, extra = {}) =>
      signLegacyTicket(
        { keyId: key().key_id, eventId, ticketId, ticketType: extra.ticketType ?? 'General', validFrom: extra.validFrom ?? 0, validUntil: extra.validUntil ?? 0 },
        key().private_key!,
      ),
    close() {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
