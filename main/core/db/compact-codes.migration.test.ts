// Migration 0006 (compact codes): keys and ticket types from before it get the indices AR2 codes
// carry, in the order they were made and per event; what is added afterwards continues from there.
import { afterEach, expect, it } from 'vitest';
import { ensureTicketType, insertEventKey, keysWithIndex, listEventKeys, ticketTypeByIndex, upsertTicketType } from './event-queries';
import { scratchDatabase, type ScratchDatabase } from './migration-harness';

let scratch: ScratchDatabase;
afterEach(() => scratch.close());

const at = '2026-11-24T09:00:00.000Z';

it('numbers the keys and ticket types of each event in creation order, and new ones continue from there', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(5);
  const { db } = scratch;
  for (const id of ['berlin', 'paris']) db.prepare('INSERT INTO events (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, id, at, at);
  const type = db.prepare('INSERT INTO ticket_types (event_id, name, updated_at) VALUES (?, ?, ?)');
  for (const [event, name] of [['berlin', 'General'], ['paris', 'Staff'], ['berlin', 'VIP'], ['berlin', 'Crew']]) type.run(event, name, at);
  const key = db.prepare('INSERT INTO event_keys (event_id, key_id, public_key, private_key, created_at) VALUES (?, ?, ?, NULL, ?)');
  // Inserted out of order: the later key's row comes first.
  key.run('berlin', 'AAAA', 'pub-2', '2026-11-24T10:00:00.000Z');
  key.run('berlin', 'ZZZZ', 'pub-1', '2026-11-24T08:00:00.000Z');
  key.run('paris', 'PPPP', 'pub-p', at);
  expect(scratch.migrateTo(6)).toEqual([6]);

  expect(listEventKeys(db, 'berlin').map((k) => [k.key_id, k.key_index])).toEqual([['ZZZZ', 0], ['AAAA', 1]]);
  expect(listEventKeys(db, 'paris').map((k) => [k.key_id, k.key_index])).toEqual([['PPPP', 0]]);
  expect(keysWithIndex(db, 0).map((k) => k.eventId).sort()).toEqual(['berlin', 'paris']);
  expect([0, 1, 2, 3].map((i) => ticketTypeByIndex(db, 'berlin', i)?.name)).toEqual(['General', 'VIP', 'Crew', undefined]);
  expect(ticketTypeByIndex(db, 'paris', 0)?.name).toBe('Staff');

  // The kiosk's own writers continue the numbering of the event.
  expect(insertEventKey(db, { eventId: 'berlin', keyId: 'NEW1', publicKey: 'pub-3', privateKey: null }, at)).toBe(2);
  ensureTicketType(db, 'berlin', 'Workshop', at);
  upsertTicketType(db, { eventId: 'paris', name: 'Press', color: '#000000', multiEntry: false }, at);
  expect(ticketTypeByIndex(db, 'berlin', 3)?.name).toBe('Workshop');
  expect(ticketTypeByIndex(db, 'paris', 1)?.name).toBe('Press');
  // An update keeps a type's index; the issuer's numbering (from the feed) wins over a local one.
  upsertTicketType(db, { eventId: 'berlin', name: 'VIP', color: '#b08800', multiEntry: true }, at);
  expect(ticketTypeByIndex(db, 'berlin', 1)).toMatchObject({ name: 'VIP', multi_entry: 1 });
  upsertTicketType(db, { eventId: 'berlin', name: 'Day pass', color: '#1f6feb', multiEntry: false }, at, 3);
  expect(ticketTypeByIndex(db, 'berlin', 3)?.name).toBe('Day pass');
  expect(db.prepare("SELECT type_index FROM ticket_types WHERE event_id = 'berlin' AND name = 'Workshop'").get()).toEqual({ type_index: null });

  // Indices stay in range and unique within an event.
  expect(() => db.prepare("UPDATE ticket_types SET type_index = 128 WHERE name = 'Crew'").run()).toThrow(/CHECK constraint failed/);
  expect(() => db.prepare("UPDATE event_keys SET key_index = 256 WHERE key_id = 'AAAA'").run()).toThrow(/CHECK constraint failed/);
  expect(() => db.prepare("UPDATE ticket_types SET type_index = 0 WHERE name = 'Crew'").run()).toThrow(/UNIQUE constraint failed/);
  expect(() => insertEventKey(db, { eventId: 'berlin', keyId: 'DUP', publicKey: 'pub-4', privateKey: null, keyIndex: 0 }, at)).toThrow(/UNIQUE constraint failed/);
});

it('gives no index past the range: the 129th type and the 257th key of an event get none', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(5);
  const { db } = scratch;
  db.prepare('INSERT INTO events (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run('big', 'big', at, at);
  for (let i = 0; i < 130; i++) db.prepare('INSERT INTO ticket_types (event_id, name, updated_at) VALUES (?, ?, ?)').run('big', `T${i}`, at);
  for (let i = 0; i < 257; i++) db.prepare('INSERT INTO event_keys (event_id, key_id, public_key, created_at) VALUES (?, ?, ?, ?)').run('big', `K${String(i).padStart(3, '0')}`, 'pub', at);
  scratch.migrateTo(6);
  const typeIndices = db.prepare("SELECT type_index AS i FROM ticket_types WHERE event_id = 'big' ORDER BY rowid").all() as Array<{ i: number | null }>;
  expect(typeIndices.map((r) => r.i)).toEqual([...Array.from({ length: 128 }, (_, i) => i), null, null]);
  const indexOf = new Map(listEventKeys(db, 'big').map((k) => [k.key_id, k.key_index]));
  expect([indexOf.get('K000'), indexOf.get('K255'), indexOf.get('K256')]).toEqual([0, 255, null]);
  ensureTicketType(db, 'big', 'One more', at);
  expect(db.prepare("SELECT type_index FROM ticket_types WHERE name = 'One more'").get()).toEqual({ type_index: null });
  expect(insertEventKey(db, { eventId: 'big', keyId: 'LAST', publicKey: 'pub', privateKey: null }, at)).toBeNull();
});
