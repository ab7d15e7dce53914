/**
 * Walk-in ingest: guests registered at a kiosk become attendees (origin walk_in) with the code the
 * kiosk made and printed, idempotently by the kiosk's client id. A created attendee enters the feed
 * like any other (the sequencer numbers it), with its stable `ticketId`.
 *
 * Answers: created; duplicate (this client id was ingested before: the same attendee, as it is
 * now); refused for good, nothing stored: unknown_ticket_type (not a type of the event), code_taken (another attendee of any event holds the code, or it was revoked:
 * a kiosk's replica keeps the codes of all its events in one unique column). Walk-ins are not held
 * to a type's capacity: the guest is already at the door.
 *
 * The one type a walk-in may create is the kiosks' fallback, `Walk-in` (common/domain/attendee.ts):
 * a kiosk whose event has no ticket types (or that has not pulled them yet) registers the guest
 * under it, and refusing would turn a guest already let in into a dead letter. It is made closed to
 * the public (never self-served), single entry, without capacity, and reaches the kiosks in the
 * feed. Any other unknown name stays refused: a kiosk only offers the types it pulled, and letting
 * devices create types at will would let one use up the event's 128 type indices.
 */
import type { Transaction } from 'kysely';
import type { IngestWalkIn, IngestWalkInResult } from '../../common/cloud-api';
import { nowIso } from '../../common/clock';
import { normalizeTicketCode } from '../../common/ticket-code';
import type { CloudDb } from '../db/connect';
import { walkInTicketType } from '../../common/domain/attendee';
import type { AttendeesTable, CloudDatabase } from '../db/schema';
import { toAttendee } from './attendees';
import { upsertTicketType } from './events';
import { CloudStoreError } from './errors';
import { lockEvent } from './sequencer';
import { newId } from './secrets';

/** The kiosks' default badge colour (their ticket_types default), so the band does not change when the type arrives. */
const walkInColor = '#1f6feb';

export type WalkInItem = IngestWalkIn & { deviceId: string | null };

export async function ingestWalkIns(cdb: CloudDb, eventId: string, items: WalkInItem[]): Promise<IngestWalkInResult[]> {
  if (items.length === 0) return [];
  return cdb.db.transaction().execute(async (trx) => {
    const readTypes = async () => new Set((await trx.selectFrom('ticket_types').select('name').where('event_id', '=', eventId).execute()).map((r) => r.name));
    let types = await readTypes();
    if (!types.has(walkInTicketType) && items.some((i) => i.ticketType === walkInTicketType)) {
      // About to create the type: under the event row's lock (taken first, as the sequencer and the
      // type routes take it), so two kiosks' walk-ins at once cannot both create it, then read again.
      await lockEvent(trx, cdb.engine, eventId);
      types = await readTypes();
    }
    const now = nowIso(cdb.clock);
    const results: IngestWalkInResult[] = [];
    // One at a time: walk-ins are few, and each insert settles a race with a concurrent replay.
    for (const item of items) results.push(await ingestOne(trx, eventId, types, item, now));
    return results;
  });
}

const answer = (clientId: string, result: 'created' | 'duplicate', row: AttendeesTable): IngestWalkInResult => ({ clientId, result, ticketId: row.id, attendee: toAttendee(row) });

async function byClientId(trx: Transaction<CloudDatabase>, eventId: string, clientId: string): Promise<AttendeesTable | undefined> {
  return trx.selectFrom('attendees').selectAll().where('event_id', '=', eventId).where('client_id', '=', clientId).executeTakeFirst();
}

async function ingestOne(trx: Transaction<CloudDatabase>, eventId: string, types: Set<string>, item: WalkInItem, now: string): Promise<IngestWalkInResult> {
  const replay = await byClientId(trx, eventId, item.clientId);
  if (replay) return answer(item.clientId, 'duplicate', replay);
  const refuse = (result: 'unknown_ticket_type' | 'code_taken', message: string): IngestWalkInResult => ({ clientId: item.clientId, result, message });
  const makeType = !types.has(item.ticketType) && item.ticketType === walkInTicketType;
  if (!types.has(item.ticketType) && !makeType) return refuse('unknown_ticket_type', `"${item.ticketType}" is not a ticket type of this event`);
  const code = normalizeTicketCode(item.code);
  const holder = await trx.selectFrom('attendees').select('event_id').where('code', '=', code).limit(1).executeTakeFirst();
  if (holder) return refuse('code_taken', holder.event_id === eventId ? 'another attendee of this event has this code' : 'an attendee of another event has this code');
  const revoked = await trx.selectFrom('revocations').select('code').where('event_id', '=', eventId).where('code', '=', code).executeTakeFirst();
  if (revoked) return refuse('code_taken', 'this code was revoked at this event');
  if (makeType) {
    try {
      await upsertTicketType(trx, eventId, { name: walkInTicketType, color: walkInColor, multiEntry: false, capacity: null, public: false }, now);
    } catch (error) {
      // The event already has the 128 types a signed code can tell apart: the walk-in cannot get one.
      if (error instanceof CloudStoreError) return refuse('unknown_ticket_type', `"${item.ticketType}" is not a ticket type of this event, and it cannot get one: ${error.message}`);
      throw error;
    }
    types.add(walkInTicketType);
  }
  const row: AttendeesTable = {
    id: newId('A', 8),
    event_id: eventId,
    ticket_id: newId('T', 6),
    code,
    first_name: item.firstName,
    last_name: item.lastName,
    email: item.email,
    email_key: item.email.toLowerCase(),
    company: item.company,
    ticket_type: item.ticketType,
    status: 'valid',
    vip: 0,
    note: '',
    badge_fields: '{}',
    origin: 'walk_in',
    client_id: item.clientId,
    seq: null,
    created_at: now,
    updated_at: now,
  };
  // Conflicts (a concurrent replay of this client id, or the code taken meanwhile) insert nothing.
  const inserted = await trx.insertInto('attendees').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  if (inserted) return answer(item.clientId, 'created', row);
  const raced = await byClientId(trx, eventId, item.clientId);
  return raced ? answer(item.clientId, 'duplicate', raced) : refuse('code_taken', 'another attendee of this event has this code');
}
