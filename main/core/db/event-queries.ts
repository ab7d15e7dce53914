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
  /** The event's accent colour (#rrggbb); null: the app's default. */
  color: string | null;
}

export function getEvent(db: Database, id: string): EventRow | undefined {
  return prepared<[string], EventRow>(db, 'SELECT id, name, time_zone, doors_open, doors_close, color FROM events WHERE id = ?').get(id);
}

/** Creates or updates an event; an absent `color` keeps the one it has (null clears it). */
export function upsertEvent(db: Database, event: EventInfo, at: string): void {
  prepared(
    db,
    `INSERT INTO events (id, name, time_zone, doors_open, doors_close, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, doors_open = excluded.doors_open,
       doors_close = excluded.doors_close, color = CASE WHEN ? THEN excluded.color ELSE color END, updated_at = excluded.updated_at`,
  ).run(event.id, event.name, event.timeZone, event.doorsOpen, event.doorsClose, event.color ?? null, at, at, event.color === undefined ? 0 : 1);
}

/** Renames an event (one from a list: the cloud names its own). */
export function setEventName(db: Database, id: string, name: string, at: string): void {
  prepared(db, 'UPDATE events SET name = ?, updated_at = ? WHERE id = ?').run(name, at, id);
}

/** Sets the event's accent colour (null: the app's default). */
export function setEventColor(db: Database, id: string, color: string | null): void {
  prepared(db, 'UPDATE events SET color = ? WHERE id = ?').run(color, id);
}

export interface TicketTypeRow {
  name: string;
  color: string;
  multi_entry: number;
  /** What AR2 codes carry for this type (0–127); null when it has none. */
  type_index: number | null;
}

export function getTicketType(db: Database, eventId: string, name: string): TicketTypeRow | undefined {
  return prepared<[string, string], TicketTypeRow>(db, 'SELECT name, color, multi_entry, type_index FROM ticket_types WHERE event_id = ? AND name = ?').get(eventId, name);
}

/** The event's ticket type that AR2 codes name by this index. */
export function ticketTypeByIndex(db: Database, eventId: string, index: number): TicketTypeRow | undefined {
  return prepared<[string, number], TicketTypeRow>(db, 'SELECT name, color, multi_entry, type_index FROM ticket_types WHERE event_id = ? AND type_index = ?').get(eventId, index);
}

// The next index of an event's types or keys: one past the highest, or NULL once the range is used up.
const nextTypeIndex = '(SELECT CASE WHEN n <= 127 THEN n END FROM (SELECT coalesce(max(type_index), -1) + 1 AS n FROM ticket_types WHERE event_id = ?))';
const nextKeyIndex = '(SELECT CASE WHEN n <= 255 THEN n END FROM (SELECT coalesce(max(key_index), -1) + 1 AS n FROM event_keys WHERE event_id = ?))';

/**
 * Creates or updates a ticket type. A new type gets the event's next type index, unless `index` is
 * given: the issuer's (the cloud feed's) numbering, which wins over a local one (a kiosk-made type
 * that held the index loses it). An existing type keeps its index unless one is given.
 */
export function upsertTicketType(db: Database, type: TicketType, at: string, index?: number): void {
  if (index === undefined) {
    prepared(
      db,
      `INSERT INTO ticket_types (event_id, name, color, multi_entry, updated_at, type_index) VALUES (?, ?, ?, ?, ?, ${nextTypeIndex})
       ON CONFLICT (event_id, name) DO UPDATE SET color = excluded.color, multi_entry = excluded.multi_entry, updated_at = excluded.updated_at`,
    ).run(type.eventId, type.name, type.color, type.multiEntry ? 1 : 0, at, type.eventId);
    return;
  }
  prepared(db, 'UPDATE ticket_types SET type_index = NULL WHERE event_id = ? AND type_index = ? AND name <> ?').run(type.eventId, index, type.name);
  prepared(
    db,
    `INSERT INTO ticket_types (event_id, name, color, multi_entry, updated_at, type_index) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_id, name) DO UPDATE SET color = excluded.color, multi_entry = excluded.multi_entry, updated_at = excluded.updated_at,
       type_index = excluded.type_index`,
  ).run(type.eventId, type.name, type.color, type.multiEntry ? 1 : 0, at, index);
}

/** The event's ticket types in the event's own order (type index, then name; types without an index last). */
export function ticketTypesInOrder(db: Database, eventId: string): Array<{ name: string; multiEntry: boolean }> {
  return prepared<[string], { name: string; multi_entry: number }>(
    db,
    'SELECT name, multi_entry FROM ticket_types WHERE event_id = ? ORDER BY type_index IS NULL, type_index, name',
  )
    .all(eventId)
    .map((r) => ({ name: r.name, multiEntry: r.multi_entry === 1 }));
}

export function ticketTypeNames(db: Database, eventId: string): Set<string> {
  return new Set(prepared<[string], { name: string }>(db, 'SELECT name FROM ticket_types WHERE event_id = ?').all(eventId).map((r) => r.name));
}

/**
 * A ticket type first seen in an imported list or on a legacy signed code: added with defaults and
 * the event's next type index, never overwriting a synced one.
 */
export function ensureTicketType(db: Database, eventId: string, name: string, at: string): void {
  prepared(db, `INSERT INTO ticket_types (event_id, name, updated_at, type_index) VALUES (?, ?, ?, ${nextTypeIndex}) ON CONFLICT DO NOTHING`).run(eventId, name, at, eventId);
}

export interface EventKeyRow {
  event_id: string;
  key_id: string;
  /** What AR2 codes signed with it carry (0–255, scoped to the event); null when it has none. */
  key_index: number | null;
  public_key: string;
  private_key: string | null;
  created_at: string;
  retired_at: string | null;
}

const keyColumns = 'event_id, key_id, key_index, public_key, private_key, created_at, retired_at';

export function eventPublicKey(db: Database, eventId: string, keyId: string): string | undefined {
  return prepared<[string, string], { public_key: string }>(db, 'SELECT public_key FROM event_keys WHERE event_id = ? AND key_id = ?').get(eventId, keyId)?.public_key;
}

/** Every key held with this index, of any event (at most one per event): the candidates for an AR2 code. */
export function keysWithIndex(db: Database, keyIndex: number): Array<{ eventId: string; keyId: string; publicKey: string }> {
  return prepared<[number], { eventId: string; keyId: string; publicKey: string }>(
    db,
    'SELECT event_id AS eventId, key_id AS keyId, public_key AS publicKey FROM event_keys WHERE key_index = ?',
  ).all(keyIndex);
}

export function listEventKeys(db: Database, eventId: string): EventKeyRow[] {
  return prepared<[string], EventKeyRow>(db, `SELECT ${keyColumns} FROM event_keys WHERE event_id = ? ORDER BY created_at, key_index, key_id`).all(eventId);
}

/** The key new codes are signed with: the newest one not retired that has its private half and an index. */
export function signingKey(db: Database, eventId: string): EventKeyRow | undefined {
  return prepared<[string], EventKeyRow>(
    db,
    `SELECT ${keyColumns} FROM event_keys
      WHERE event_id = ? AND private_key IS NOT NULL AND retired_at IS NULL AND key_index IS NOT NULL ORDER BY created_at DESC, key_index DESC LIMIT 1`,
  ).get(eventId);
}

/**
 * Stores a key. `keyIndex` is the issuer's (the cloud feed's); without one the key gets its event's
 * next index (null once 256 are used). Returns the index it got.
 */
export function insertEventKey(
  db: Database,
  key: { eventId: string; keyId: string; publicKey: string; privateKey: string | null; keyIndex?: number | undefined },
  at: string,
): number | null {
  const row = prepared<[string, string, string, string | null, string, number | null, string], { key_index: number | null }>(
    db,
    `INSERT INTO event_keys (event_id, key_id, public_key, private_key, created_at, key_index) VALUES (?, ?, ?, ?, ?, coalesce(?, ${nextKeyIndex}))
     RETURNING key_index`,
  ).get(key.eventId, key.keyId, key.publicKey, key.privateKey, at, key.keyIndex ?? null, key.eventId);
  return row?.key_index ?? null;
}

export function isRevoked(db: Database, eventId: string, code: string): { reason: string } | undefined {
  return prepared<[string, string], { reason: string }>(db, 'SELECT reason FROM revocations WHERE event_id = ? AND code = ?').get(eventId, code);
}

export function insertRevocation(db: Database, eventId: string, code: string, reason: string, at: string): void {
  prepared(db, 'INSERT INTO revocations (event_id, code, revoked_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(eventId, code, at, reason);
}
