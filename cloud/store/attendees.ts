/** Attendees: bulk upsert (JSON or mapped CSV), public registration, cancel and re-issue. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { attendeeFromColumns, type Attendee } from '../../common/domain/attendee';
import { nowIso } from '../../common/clock';
import { maxTicketSerial, normalizeTicketCode } from '../../common/ticket-code';
import { signTicket } from '../../common/node/signing';
import type { AttendeesTable, CloudDatabase } from '../db/schema';
import type { CloudDb } from '../db/connect';
import { chunk } from './chunk';
import { activeKey, codeKindOf, guestBadgeFieldsOf, requireEvent, upsertTicketType } from './events';
import { CloudStoreError } from './errors';
import { ticketEmailRow } from './outbox';
import { newId, newShortCode } from './secrets';
import { lockEvent, reserveSeq } from './sequencer';

type Trx = Transaction<CloudDatabase>;

export interface AttendeeFields {
  code?: string | undefined;
  /**
   * The ticket id its code carries (a signed code made elsewhere with this event's key: the kiosk
   * demo's); default the next serial. A decimal one is that serial: the event's counter moves past it.
   */
  ticketId?: string | undefined;
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  ticketType: string;
  status: Attendee['status'];
  vip: boolean;
  note: string;
  badgeFields: Record<string, string>;
}

/** What a CSV row gives: a code, and only the columns the file has (absent = keep what is stored). */
export type PartialAttendeeFields = Partial<AttendeeFields> & { code: string };

const blank: Omit<AttendeeFields, 'ticketType'> = { firstName: '', lastName: '', email: '', company: '', status: 'valid', vip: false, note: '', badgeFields: {} };
const defaultTicketType = 'General';

/**
 * The mapping the kiosk uses too (common/domain/attendee.ts: the cloud's attendee columns carry the
 * replica's names), so the feed and every API answer use the field names of `search --json`.
 */
export function toAttendee(row: AttendeesTable): Attendee {
  return attendeeFromColumns(row);
}

interface Issued {
  ticketId: string;
  code: string;
}

/**
 * Issues `tickets.length` new codes of the event inside the caller's transaction: each ticket takes
 * the event's next serial (its ticket id), and its code is an AR2 code signed with the active key
 * (serial, type index) or, for an event with short codes, 16 random base32 characters no other
 * ticket has. The serial counter is a column of the event row, so this takes that row's lock
 * (PostgreSQL): callers take it before any other row lock, as the sequencer does.
 */
async function issueCodes(trx: Trx, eventId: string, tickets: Array<{ ticketType: string }>, floor = 0): Promise<Issued[]> {
  if (floor > 0) await trx.updateTable('events').set({ last_serial: floor }).where('id', '=', eventId).where('last_serial', '<', floor).execute();
  if (tickets.length === 0) return [];
  const event = await trx
    .updateTable('events')
    .set((eb) => ({ last_serial: eb('last_serial', '+', tickets.length) }))
    .where('id', '=', eventId)
    .returning(['last_serial', 'codes'])
    .executeTakeFirst();
  if (!event) throw new CloudStoreError(404, 'not_found', `no event ${eventId}`);
  const last = Number(event.last_serial);
  if (last > maxTicketSerial) {
    throw new CloudStoreError(409, 'conflict', `event ${eventId} has used all ${maxTicketSerial.toLocaleString('en-US')} ticket serials`);
  }
  const serials = tickets.map((_, i) => last - tickets.length + 1 + i);
  if (codeKindOf(event) === 'short') {
    const codes = await uniqueShortCodes(trx, tickets.length);
    return serials.map((serial, i) => ({ ticketId: String(serial), code: codes[i]! }));
  }
  const key = await activeKey(trx, eventId);
  const typeRows = await trx.selectFrom('ticket_types').select(['name', 'type_index']).where('event_id', '=', eventId).execute();
  const typeIndex = new Map(typeRows.map((r) => [r.name, r.type_index]));
  return tickets.map(({ ticketType }, i) => {
    const index = typeIndex.get(ticketType);
    if (index === undefined || index === null) throw new CloudStoreError(409, 'conflict', `ticket type "${ticketType}" has no index a signed code can carry`);
    const serial = serials[i]!;
    return { ticketId: String(serial), code: signTicket({ keyIndex: key.keyIndex, serial, typeIndex: index, validFrom: 0, validUntil: 0 }, key.privateKey) };
  });
}

/**
 * Short codes that no ticket has, of any event (a kiosk's replica holds codes of several events in one
 * unique column). 80 random bits make a clash astronomically unlikely; one is drawn again all the same.
 */
export async function uniqueShortCodes(trx: Trx, count: number, draw: () => string = newShortCode): Promise<string[]> {
  const codes = new Set<string>();
  for (let round = 0; codes.size < count; round++) {
    if (round > 10) throw new Error('could not draw unique short codes');
    const fresh = new Set<string>();
    while (codes.size + fresh.size < count) {
      const code = draw();
      if (!codes.has(code)) fresh.add(code);
    }
    const taken = new Set<string>();
    for (const part of chunk([...fresh], 500)) {
      for (const row of await trx.selectFrom('attendees').select('code').where('code', 'in', part).execute()) taken.add(row.code);
    }
    for (const code of fresh) if (!taken.has(code)) codes.add(code);
  }
  return [...codes];
}

/** The serial a given ticket id stands for, if it is one (canonical decimal in the serial range). */
function serialOf(ticketId: string | undefined): number {
  if (!ticketId || !/^(0|[1-9]\d{0,6})$/.test(ticketId)) return 0;
  const serial = Number(ticketId);
  return serial <= maxTicketSerial ? serial : 0;
}

async function knownTicketTypes(trx: Trx, eventId: string): Promise<Set<string>> {
  const rows = await trx.selectFrom('ticket_types').select('name').where('event_id', '=', eventId).execute();
  return new Set(rows.map((r) => r.name));
}

/**
 * Creates or updates attendees in one transaction. A row matches an existing attendee by code,
 * else by email; new rows without a code get one (signed or short, as the event says). Every
 * written row re-enters the feed.
 */
export async function bulkUpsertAttendees(
  cdb: CloudDb,
  eventId: string,
  items: Array<AttendeeFields | PartialAttendeeFields>,
  options: { origin?: 'import' | 'demo'; createTicketTypes?: boolean } = {},
): Promise<{ created: number; updated: number; codes: string[] }> {
  const origin = options.origin ?? 'import';
  return cdb.db.transaction().execute(async (trx) => {
    await requireEvent(trx, eventId);
    // The event row's lock first, before touching ticket types: the sequencer takes it first too,
    // and the other order could deadlock with it.
    await lockEvent(trx, cdb.engine, eventId);
    const types = await knownTicketTypes(trx, eventId);
    const unknownTypes = [...new Set(items.flatMap((i) => (i.ticketType !== undefined && !types.has(i.ticketType) ? [i.ticketType] : [])))];
    if (!types.has(defaultTicketType) && options.createTicketTypes && items.some((i) => i.ticketType === undefined)) unknownTypes.push(defaultTicketType);
    if (unknownTypes.length && !options.createTicketTypes) {
      throw new CloudStoreError(400, 'bad_input', `unknown ticket type(s): ${unknownTypes.slice(0, 5).join(', ')}; create them on the event first`);
    }
    // A CSV import creates the types its file names, as the kiosk's own import does.
    const now = nowIso(cdb.clock);
    for (const name of unknownTypes) await upsertTicketType(trx, eventId, { name, color: '#1f6feb', multiEntry: false, capacity: null, public: false }, now);

    const codes = [...new Set(items.flatMap((i) => (i.code ? [normalizeTicketCode(i.code)] : [])))];
    const emails = [...new Set(items.flatMap((i) => (!i.code && i.email ? [i.email.toLowerCase()] : [])))];
    const byCode = new Map<string, AttendeesTable>();
    const byEmail = new Map<string, AttendeesTable>();
    for (const part of chunk(codes, 500)) {
      for (const row of await trx.selectFrom('attendees').selectAll().where('event_id', '=', eventId).where('code', 'in', part).execute()) byCode.set(row.code, row);
    }
    for (const part of chunk(emails, 500)) {
      for (const row of await trx.selectFrom('attendees').selectAll().where('event_id', '=', eventId).where('email_key', 'in', part).execute()) byEmail.set(row.email_key, row);
    }

    const inserts = new Map<string, AttendeesTable>();
    const updates = new Map<string, AttendeesTable>();
    const out: AttendeesTable[] = [];
    /** New rows that need a code, issued together once every row is matched. */
    const needCodes: AttendeesTable[] = [];
    let givenSerials = 0;
    for (const given of items) {
      const code = given.code ? normalizeTicketCode(given.code) : undefined;
      const existing = (code ? byCode.get(code) : given.email ? byEmail.get(given.email.toLowerCase()) : undefined) ?? undefined;
      const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<AttendeeFields>;
      const item: AttendeeFields = existing
        ? { ...toAttendee(existing), ...defined }
        : { ...blank, ticketType: defaultTicketType, ...defined };
      const emailKey = item.email.toLowerCase();
      const fields = {
        first_name: item.firstName,
        last_name: item.lastName,
        email: item.email,
        email_key: emailKey,
        company: item.company,
        ticket_type: item.ticketType,
        status: item.status,
        vip: item.vip ? 1 : 0,
        note: item.note,
        badge_fields: JSON.stringify(item.badgeFields),
        seq: null,
        updated_at: now,
      };
      if (existing) {
        if (inserts.has(existing.id)) {
          // Made earlier in this batch (its code may be issued only below): the same row, changed.
          Object.assign(existing, fields);
          out.push(existing);
          continue;
        }
        const row = { ...existing, ...fields };
        updates.set(existing.id, row);
        out.push(row);
        continue;
      }
      const row: AttendeesTable = { id: newId('A', 8), event_id: eventId, ticket_id: given.ticketId ?? (code ? newId('T', 6) : ''), code: code ?? '', origin, client_id: null, created_at: now, ...fields };
      if (code) givenSerials = Math.max(givenSerials, serialOf(given.ticketId));
      else needCodes.push(row);
      inserts.set(row.id, row);
      if (code) byCode.set(row.code, row);
      if (emailKey) byEmail.set(emailKey, row);
      out.push(row);
    }
    // Serials after every one a given (signed elsewhere) ticket id took, so no issued code repeats one.
    const issued = await issueCodes(trx, eventId, needCodes.map((row) => ({ ticketType: row.ticket_type })), givenSerials);
    for (const [i, row] of needCodes.entries()) {
      row.ticket_id = issued[i]!.ticketId;
      row.code = issued[i]!.code;
    }
    // Numbered here, under the event's lock, so a 100k-row import is in the feed at once instead
    // of waiting for the sequencer to renumber it.
    let seq = await reserveSeq(trx, cdb.engine, eventId, inserts.size + updates.size);
    for (const row of inserts.values()) row.seq = seq++;
    for (const row of updates.values()) row.seq = seq++;
    for (const part of chunk([...inserts.values()], 500)) await trx.insertInto('attendees').values(part).execute();
    for (const row of updates.values()) {
      const { id, ...rest } = row;
      await trx.updateTable('attendees').set(rest).where('id', '=', id).execute();
    }
    return { created: inserts.size, updated: updates.size, codes: out.map((row) => row.code) };
  });
}

export interface RegistrationRequest {
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  ticketType?: string | undefined;
  badgeFields: Record<string, string>;
}

/**
 * Stores public registrations of one event in one transaction (application-level group commit:
 * ./registration-queue.ts merges concurrent ones), reading the event, its public ticket types and
 * its signing key once for the batch. Under the event row's lock (the ticket serial is a column of
 * it; taken first, as the sequencer takes it) seats and emails are counted once and each
 * registration is decided in order, so no seat is sold twice and no email registered twice. Each
 * answer is the attendee, or the error of that registration alone (a badge field guests may not
 * set, no such public type, sold out, already registered), which takes no serial. A registration
 * is only for a public type (by default the event's first) with only the badge fields the event
 * lets guests set; each stored one queues its ticket mail in the same transaction.
 */
export async function commitRegistrations(cdb: CloudDb, eventId: string, requests: RegistrationRequest[]): Promise<Array<Attendee | CloudStoreError>> {
  const { engine } = cdb;
  return cdb.db.transaction().execute(async (trx) => {
    let eventQuery = trx.selectFrom('events').select(['last_serial', 'codes', 'guest_badge_fields']).where('id', '=', eventId);
    if (engine === 'pg') eventQuery = eventQuery.forUpdate();
    const event = await eventQuery.executeTakeFirst();
    if (!event) throw new CloudStoreError(404, 'not_found', `no event ${eventId}`);
    const short = codeKindOf(event) === 'short';
    const emailKeys = [...new Set(requests.map((r) => r.email.toLowerCase()))];
    const [types, key, registered] = await Promise.all([
      trx.selectFrom('ticket_types').select(['name', 'capacity', 'type_index']).where('event_id', '=', eventId).where('is_public', '=', 1).orderBy('position').execute(),
      short ? undefined : activeKey(trx, eventId),
      trx.selectFrom('attendees').select('email_key').where('event_id', '=', eventId).where('email_key', 'in', emailKeys).where('status', '=', 'valid').execute(),
    ]);
    const allowed = new Set(guestBadgeFieldsOf(event));
    const typeOf = (request: RegistrationRequest) => (request.ticketType ? types.find((t) => t.name === request.ticketType) : types[0]);
    const wanted = [...new Set(requests.flatMap((r) => (typeOf(r) ? [typeOf(r)!.name] : [])))];
    const counts = wanted.length
      ? await trx.selectFrom('attendees').select(['ticket_type', (eb) => eb.fn.countAll<number>().as('n')]).where('event_id', '=', eventId).where('ticket_type', 'in', wanted).where('status', 'in', ['valid', 'pending']).groupBy('ticket_type').execute()
      : [];
    const taken = new Map(counts.map((c) => [c.ticket_type, Number(c.n)]));
    const emails = new Set(registered.map((r) => r.email_key));
    let serial = Number(event.last_serial);
    type Accepted = { request: RegistrationRequest; type: (typeof types)[number]; serial: number };
    const decided = requests.map((request): Accepted | CloudStoreError => {
      const refused = Object.keys(request.badgeFields).filter((label) => !allowed.has(label));
      if (refused.length) return new CloudStoreError(400, 'bad_input', `badge field(s) guests may not set here: ${refused.slice(0, 5).map((l) => `"${l}"`).join(', ')}`);
      const type = typeOf(request);
      if (!type) return new CloudStoreError(400, 'bad_input', request.ticketType ? `no ticket type "${request.ticketType}" open for registration at this event` : 'this event has no ticket type open for registration');
      if (!short && type.type_index === null) return new CloudStoreError(409, 'conflict', `ticket type "${type.name}" has no index a signed code can carry`);
      const seats = taken.get(type.name) ?? 0;
      if (type.capacity !== null && seats >= type.capacity) return new CloudStoreError(409, 'sold_out', `no seats left for ${type.name}`);
      const emailKey = request.email.toLowerCase();
      if (emails.has(emailKey)) return new CloudStoreError(409, 'conflict', 'this email is already registered for the event');
      if (serial + 1 > maxTicketSerial) return new CloudStoreError(409, 'conflict', `event ${eventId} has used all ${maxTicketSerial.toLocaleString('en-US')} ticket serials`);
      taken.set(type.name, seats + 1);
      emails.add(emailKey);
      return { request, type, serial: ++serial };
    });
    const accepted = decided.filter((d): d is Accepted => !(d instanceof CloudStoreError));
    if (!accepted.length) return decided as CloudStoreError[];
    const shortCodes = short ? await uniqueShortCodes(trx, accepted.length) : [];
    const now = nowIso(cdb.clock);
    const rows = new Map<Accepted, AttendeesTable>();
    for (const item of accepted) {
      const { request, type } = item;
      const code = short || !key ? shortCodes.pop()! : signTicket({ keyIndex: key.keyIndex, serial: item.serial, typeIndex: type.type_index!, validFrom: 0, validUntil: 0 }, key.privateKey);
      rows.set(item, {
        id: newId('A', 8),
        event_id: eventId,
        ticket_id: String(item.serial),
        code,
        first_name: request.firstName,
        last_name: request.lastName,
        email: request.email,
        email_key: request.email.toLowerCase(),
        company: request.company,
        ticket_type: type.name,
        status: 'valid',
        vip: 0,
        note: '',
        badge_fields: JSON.stringify(request.badgeFields),
        origin: 'registration',
        client_id: null,
        seq: null,
        created_at: now,
        updated_at: now,
      });
    }
    const stored = [...rows.values()];
    await trx.updateTable('events').set({ last_serial: serial }).where('id', '=', eventId).execute();
    await trx.insertInto('attendees').values(stored).execute();
    // The ticket mail, in the same transaction: queued if and only if the registration is stored.
    await trx.insertInto('email_outbox').values(stored.map((row) => ticketEmailRow(cdb.clock, eventId, row.id, row.email))).execute();
    return decided.map((d) => (d instanceof CloudStoreError ? d : toAttendee(rows.get(d)!)));
  });
}

/**
 * Public registration of one guest (what the routes do through the registration queue, which
 * merges concurrent ones into one transaction).
 */
export async function registerAttendee(cdb: CloudDb, eventId: string, request: RegistrationRequest): Promise<Attendee> {
  const [result] = await commitRegistrations(cdb, eventId, [request]);
  if (result instanceof CloudStoreError) throw result;
  return result!;
}

async function requireAttendee(trx: Trx, eventId: string, code: string): Promise<AttendeesTable> {
  const row = await trx.selectFrom('attendees').selectAll().where('event_id', '=', eventId).where('code', '=', normalizeTicketCode(code)).executeTakeFirst();
  if (!row) throw new CloudStoreError(404, 'not_found', 'no ticket with that code at this event');
  return row;
}

async function revoke(trx: Trx, eventId: string, code: string, attendeeId: string, now: string): Promise<void> {
  await trx
    .insertInto('revocations')
    .values({ event_id: eventId, code, attendee_id: attendeeId, revoked_at: now, seq: null })
    .onConflict((oc) => oc.columns(['event_id', 'code']).doNothing())
    .execute();
}

/** Cancels a ticket: the attendee's status changes and the code goes on the revocation list. */
export async function cancelTicket(cdb: CloudDb, eventId: string, code: string): Promise<Attendee> {
  const now = nowIso(cdb.clock);
  return cdb.db.transaction().execute(async (trx) => {
    const row = await requireAttendee(trx, eventId, code);
    const updated = { ...row, status: 'cancelled', seq: null, updated_at: now };
    await trx.updateTable('attendees').set({ status: 'cancelled', seq: null, updated_at: updated.updated_at }).where('id', '=', row.id).execute();
    await revoke(trx, eventId, row.code, row.id, now);
    return toAttendee(updated);
  });
}

/** Gives the ticket a new code (new serial and ticket id; active key, or short); the old code is revoked. */
export async function reissueTicket(cdb: CloudDb, eventId: string, code: string): Promise<{ attendee: Attendee; ticketId: string; revokedCode: string }> {
  const now = nowIso(cdb.clock);
  return cdb.db.transaction().execute(async (trx) => {
    await lockEvent(trx, cdb.engine, eventId);
    const row = await requireAttendee(trx, eventId, code);
    const [issued] = (await issueCodes(trx, eventId, [{ ticketType: row.ticket_type }])) as [Issued];
    await revoke(trx, eventId, row.code, row.id, now);
    await trx.updateTable('attendees').set({ ticket_id: issued.ticketId, code: issued.code, status: 'valid', seq: null, updated_at: now }).where('id', '=', row.id).execute();
    return { attendee: toAttendee({ ...row, ticket_id: issued.ticketId, code: issued.code, status: 'valid', updated_at: now }), ticketId: row.id, revokedCode: row.code };
  });
}

/** Whether a code belongs to any attendee (the public QR route renders only real tickets). */
export async function codeExists(db: Kysely<CloudDatabase>, code: string): Promise<boolean> {
  const row = await db.selectFrom('attendees').select(sql<number>`1`.as('one')).where('code', '=', normalizeTicketCode(code)).limit(1).executeTakeFirst();
  return row !== undefined;
}
