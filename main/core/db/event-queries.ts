/** Events, their ticket types, their signing keys and revocations. */
import type { EventInfo, TicketType } from '../../../common/domain/attendee';
import { prepared } from './statements';
import type { Database } from './open';

export interface EventRow {
  id: string;
  name: string;
  time_zone: string;
  doors_open: string | null;
  doors_close: string | null;
}

export function getEvent(db: Database, id: string): EventRow | undefined {
  return prepared<[string], EventRow>(db, 'SELECT id, name, time_zone, doors_open, doors_close FROM events WHERE id = ?').get(id);
}

export function upsertEvent(db: Database, event: EventInfo, at: string): void {
  prepared(
    db,
    `INSERT INTO events (id, name, time_zone, doors_open, doors_close, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, doors_open = excluded.doors_open,
       doors_close = excluded.doors_close, updated_at = excluded.updated_at`,
  ).run(event.id, event.name, event.timeZone, event.doorsOpen, event.doorsClose, at, at);
}

export interface TicketTypeRow {
  name: string;
  color: string;
  multi_entry: number;
}

export function getTicketType(db: Database, eventId: string, name: string): TicketTypeRow | undefined {
  return prepared<[string, string], TicketTypeRow>(db, 'SELECT name, color, multi_entry FROM ticket_types WHERE event_id = ? AND name = ?').get(eventId, name);
}

export function upsertTicketType(db: Database, type: TicketType, at: string): void {
  prepared(
    db,
    `INSERT INTO ticket_types (event_id, name, color, multi_entry, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (event_id, name) DO UPDATE SET color = excluded.color, multi_entry = excluded.multi_entry, updated_at = excluded.updated_at`,
  ).run(type.eventId, type.name, type.color, type.multiEntry ? 1 : 0, at);
}

export function ticketTypeNames(db: Database, eventId: string): Set<string> {
  return new Set(prepared<[string], { name: string }>(db, 'SELECT name FROM ticket_types WHERE event_id = ?').all(eventId).map((r) => r.name));
}

/** A ticket type first seen on a signed code: added with defaults, never overwriting a synced one. */
export function ensureTicketType(db: Database, eventId: string, name: string, at: string): void {
  prepared(db, 'INSERT INTO ticket_types (event_id, name, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(eventId, name, at);
}

export interface EventKeyRow {
  event_id: string;
  key_id: string;
  public_key: string;
  private_key: string | null;
  created_at: string;
  retired_at: string | null;
}

export function eventPublicKey(db: Database, eventId: string, keyId: string): string | undefined {
  return prepared<[string, string], { public_key: string }>(db, 'SELECT public_key FROM event_keys WHERE event_id = ? AND key_id = ?').get(eventId, keyId)?.public_key;
}

export function listEventKeys(db: Database, eventId: string): EventKeyRow[] {
  return prepared<[string], EventKeyRow>(
    db,
    'SELECT event_id, key_id, public_key, private_key, created_at, retired_at FROM event_keys WHERE event_id = ? ORDER BY created_at, key_id',
  ).all(eventId);
}

/** The key new codes are signed with: the newest one not retired that has its private half. */
export function signingKey(db: Database, eventId: string): EventKeyRow | undefined {
  return prepared<[string], EventKeyRow>(
    db,
    `SELECT event_id, key_id, public_key, private_key, created_at, retired_at FROM event_keys
      WHERE event_id = ? AND private_key IS NOT NULL AND retired_at IS NULL ORDER BY created_at DESC, key_id DESC LIMIT 1`,
  ).get(eventId);
}

export function insertEventKey(db: Database, key: { eventId: string; keyId: string; publicKey: string; privateKey: string | null }, at: string): void {
  prepared(db, 'INSERT INTO event_keys (event_id, key_id, public_key, private_key, created_at) VALUES (?, ?, ?, ?, ?)').run(
    key.eventId,
    key.keyId,
    key.publicKey,
    key.privateKey,
    at,
  );
}

export function isRevoked(db: Database, eventId: string, code: string): { reason: string } | undefined {
  return prepared<[string, string], { reason: string }>(db, 'SELECT reason FROM revocations WHERE event_id = ? AND code = ?').get(eventId, code);
}

export function insertRevocation(db: Database, eventId: string, code: string, reason: string, at: string): void {
  prepared(db, 'INSERT INTO revocations (event_id, code, revoked_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(eventId, code, at, reason);
}
