/** Events, ticket types and the per-event signing keys (managers' side). */
import type { Kysely, Transaction } from 'kysely';
import type { CloudEvent, CloudTicketType, CodeKind } from '../../common/cloud-api';
import { nowIso } from '../../common/clock';
import type { EventInfo } from '../../common/domain/attendee';
import { maxKeyIndex, maxTypeIndex } from '../../common/ticket-code';
import { generateEventKey, privateKeyObject, type EventKey } from '../../common/node/signing';
import type { KeyObject } from 'node:crypto';
import type { CloudDb } from '../db/connect';
import type { CloudDatabase, EventsTable, TicketTypesTable } from '../db/schema';
import { CloudStoreError } from './errors';
import { newId } from './secrets';
import { lockEvent } from './sequencer';

type Db = Kysely<CloudDatabase> | Transaction<CloudDatabase>;

export interface TicketTypeSpec {
  name: string;
  color: string;
  multiEntry: boolean;
  capacity: number | null;
  /** Open to public registration. */
  public: boolean;
  /** The index a new type gets (the demo takes the kiosk demo's); default the event's next one. */
  index?: number | undefined;
}

export interface EventSpec {
  id?: string | undefined;
  name: string;
  timeZone: string;
  doorsOpen: string | null;
  doorsClose: string | null;
  guestBadgeFields: string[];
  /** The event's accent colour (#rrggbb); null or absent: the app's default. */
  color?: string | null | undefined;
  /** What new codes are; default signed. */
  codes?: CodeKind | undefined;
  ticketTypes: TicketTypeSpec[];
  /** The signing key to start with and its index (the demo takes the kiosk demo's); default a new one, index 0. */
  key?: EventKey & { keyIndex?: number };
}

export type EventPatch = Partial<Omit<EventSpec, 'id' | 'ticketTypes' | 'key'>>;

export function toEventInfo(row: EventsTable): EventInfo {
  return { id: row.id, name: row.name, timeZone: row.time_zone, doorsOpen: row.doors_open, doorsClose: row.doors_close, color: row.color ?? null };
}

export function toTicketType(row: Pick<TicketTypesTable, 'event_id' | 'name' | 'color' | 'multi_entry' | 'capacity' | 'is_public' | 'type_index'>): CloudTicketType {
  return {
    eventId: row.event_id,
    name: row.name,
    color: row.color,
    multiEntry: row.multi_entry === 1,
    capacity: row.capacity,
    public: row.is_public === 1,
    index: row.type_index,
  };
}

export function codeKindOf(row: Pick<EventsTable, 'codes'>): CodeKind {
  return row.codes === 'short' ? 'short' : 'signed';
}

/** The labels guests may set at registration, as stored. */
export function guestBadgeFieldsOf(row: Pick<EventsTable, 'guest_badge_fields'>): string[] {
  const value: unknown = JSON.parse(row.guest_badge_fields);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function refuseDoorsOutOfOrder(doorsOpen: string | null, doorsClose: string | null): void {
  if (doorsOpen && doorsClose && Date.parse(doorsClose) < Date.parse(doorsOpen)) {
    throw new CloudStoreError(400, 'bad_input', 'doorsClose is earlier than doorsOpen');
  }
}

export async function createEvent(cdb: CloudDb, spec: EventSpec): Promise<CloudEvent> {
  const { db } = cdb;
  const id = spec.id ?? newId('E', 5);
  const now = nowIso(cdb.clock);
  refuseDoorsOutOfOrder(spec.doorsOpen, spec.doorsClose);
  await db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('events').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) throw new CloudStoreError(409, 'conflict', `event ${id} already exists`);
    await trx
      .insertInto('events')
      .values({
        id,
        name: spec.name,
        time_zone: spec.timeZone,
        doors_open: spec.doorsOpen,
        doors_close: spec.doorsClose,
        guest_badge_fields: JSON.stringify(spec.guestBadgeFields),
        color: spec.color ?? null,
        codes: spec.codes ?? 'signed',
        last_serial: 0,
        last_seq: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const type of spec.ticketTypes) await upsertTicketType(trx, id, type, now);
    const key = spec.key ?? generateEventKey();
    const keyIndex = spec.key?.keyIndex ?? 0;
    if (!Number.isInteger(keyIndex) || keyIndex < 0 || keyIndex > maxKeyIndex) throw new CloudStoreError(400, 'bad_input', `a key index is 0 to ${maxKeyIndex}`);
    await trx
      .insertInto('event_keys')
      .values({ event_id: id, key_id: key.keyId, key_index: keyIndex, public_key: key.publicKey, private_key: key.privateKey, active: 1, created_at: now, seq: null })
      .execute();
  });
  return (await getEvent(db, id))!;
}

/** Changes only the fields given; the doors stay in order with what is stored (else 400, nothing changed). */
export async function updateEvent(cdb: CloudDb, id: string, patch: EventPatch): Promise<CloudEvent> {
  const { db } = cdb;
  const values: Partial<EventsTable> = { updated_at: nowIso(cdb.clock) };
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.timeZone !== undefined) values.time_zone = patch.timeZone;
  if (patch.doorsOpen !== undefined) values.doors_open = patch.doorsOpen;
  if (patch.doorsClose !== undefined) values.doors_close = patch.doorsClose;
  if (patch.guestBadgeFields !== undefined) values.guest_badge_fields = JSON.stringify(patch.guestBadgeFields);
  if (patch.codes !== undefined) values.codes = patch.codes;
  if (patch.color !== undefined) values.color = patch.color;
  await db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('events').select(['doors_open', 'doors_close']).where('id', '=', id);
    if (cdb.engine === 'pg') query = query.forUpdate();
    const stored = await query.executeTakeFirst();
    if (!stored) throw new CloudStoreError(404, 'not_found', `no event ${id}`);
    refuseDoorsOutOfOrder(values.doors_open !== undefined ? values.doors_open : stored.doors_open, values.doors_close !== undefined ? values.doors_close : stored.doors_close);
    await trx.updateTable('events').set(values).where('id', '=', id).execute();
  });
  return (await getEvent(db, id))!;
}

export async function getEvent(db: Db, id: string): Promise<CloudEvent | undefined> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const types = await db.selectFrom('ticket_types').selectAll().where('event_id', '=', id).orderBy('position').execute();
  return { ...toEventInfo(row), guestBadgeFields: guestBadgeFieldsOf(row), codes: codeKindOf(row), ticketTypes: types.map(toTicketType) };
}

export async function requireEvent(db: Db, id: string): Promise<EventsTable> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new CloudStoreError(404, 'not_found', `no event ${id}`);
  return row;
}

export async function listEvents(db: Db): Promise<CloudEvent[]> {
  const rows = await db.selectFrom('events').select('id').orderBy('created_at').execute();
  return Promise.all(rows.map(async (r) => (await getEvent(db, r.id))!));
}

/**
 * Creates or updates a ticket type; a change re-enters the feed (seq back to NULL). A new type gets
 * the event's next type index (AR2 codes carry it), fixed for good; an event has at most 128 types.
 */
export async function upsertTicketType(db: Db, eventId: string, type: TicketTypeSpec, now: string): Promise<CloudTicketType> {
  const existing = await db.selectFrom('ticket_types').select(['position', 'type_index']).where('event_id', '=', eventId).where('name', '=', type.name).executeTakeFirst();
  const { index: _index, ...spec } = type;
  if (existing) {
    await db
      .updateTable('ticket_types')
      .set({ color: type.color, multi_entry: type.multiEntry ? 1 : 0, capacity: type.capacity, is_public: type.public ? 1 : 0, seq: null, updated_at: now })
      .where('event_id', '=', eventId)
      .where('name', '=', type.name)
      .execute();
    return { eventId, ...spec, index: existing.type_index };
  }
  const last = await db
    .selectFrom('ticket_types')
    .select((eb) => [eb.fn.max('position').as('position'), eb.fn.max('type_index').as('index')])
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  const index = type.index ?? (last?.index === null || last?.index === undefined ? 0 : Number(last.index) + 1);
  if (type.index !== undefined && !(Number.isInteger(index) && index >= 0 && index <= maxTypeIndex)) {
    throw new CloudStoreError(400, 'bad_input', `a ticket type index is 0 to ${maxTypeIndex}`);
  }
  if (index > maxTypeIndex) {
    throw new CloudStoreError(400, 'bad_input', `event ${eventId} already has ${maxTypeIndex + 1} ticket types, the most a signed code can tell apart`);
  }
  await db
    .insertInto('ticket_types')
    .values({
      event_id: eventId,
      name: type.name,
      color: type.color,
      multi_entry: type.multiEntry ? 1 : 0,
      capacity: type.capacity,
      is_public: type.public ? 1 : 0,
      position: Number(last?.position ?? -1) + 1,
      type_index: index,
      seq: null,
      updated_at: now,
    })
    .execute();
  return { eventId, ...spec, index };
}

export interface ActiveKey {
  keyId: string;
  /** What AR2 codes signed with it carry. */
  keyIndex: number;
  privateKey: KeyObject;
}

// Parsing a PKCS#8 key costs more than a signature; the active key changes only on rotation.
const keyObjects = new Map<string, KeyObject>();

export async function activeKey(db: Db, eventId: string): Promise<ActiveKey> {
  const row = await db
    .selectFrom('event_keys')
    .select(['key_id', 'key_index', 'private_key'])
    .where('event_id', '=', eventId)
    .where('active', '=', 1)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) throw new CloudStoreError(409, 'conflict', `event ${eventId} has no signing key`);
  if (row.key_index === null) throw new CloudStoreError(409, 'conflict', `event ${eventId}'s signing key has no index; rotate the key`);
  const cacheKey = `${eventId}/${row.key_id}`;
  let key = keyObjects.get(cacheKey);
  if (!key) {
    key = privateKeyObject(row.private_key);
    keyObjects.set(cacheKey, key);
  }
  return { keyId: row.key_id, keyIndex: row.key_index, privateKey: key };
}

/**
 * Makes a new signing key the one new codes use. Old keys stay published (kiosks must still verify
 * codes already issued); re-issue a ticket to move it to the new key.
 */
export async function rotateKey(cdb: CloudDb, eventId: string): Promise<{ keyId: string; keyIndex: number; publicKey: string }> {
  const { db } = cdb;
  await requireEvent(db, eventId);
  const key = generateEventKey();
  const keyIndex = await db.transaction().execute(async (trx) => {
    // Under the event row's lock, so two rotations cannot take the same index.
    await lockEvent(trx, cdb.engine, eventId);
    const last = await trx.selectFrom('event_keys').select((eb) => eb.fn.max('key_index').as('max')).where('event_id', '=', eventId).executeTakeFirst();
    const next = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
    if (next > maxKeyIndex) {
      throw new CloudStoreError(409, 'conflict', `event ${eventId} has used all ${maxKeyIndex + 1} key indices a signed code can tell apart; keep signing with the current key`);
    }
    await trx.updateTable('event_keys').set({ active: 0 }).where('event_id', '=', eventId).execute();
    await trx
      .insertInto('event_keys')
      .values({ event_id: eventId, key_id: key.keyId, key_index: next, public_key: key.publicKey, private_key: key.privateKey, active: 1, created_at: nowIso(cdb.clock), seq: null })
      .execute();
    return next;
  });
  return { keyId: key.keyId, keyIndex, publicKey: key.publicKey };
}
