/**
 * Check-in ingest: a batch of what kiosks did at the door, applied set-based in one transaction
 * (a handful of statements per batch, however many items it holds) and idempotently by the
 * kiosk's uuid.
 *
 * Concurrency (PostgreSQL, several server processes): the batch's tickets are locked in id order
 * first, so two batches touching one ticket run one after the other and the second sees the
 * first's check-ins; rows are inserted in id order with ON CONFLICT DO NOTHING, so a replay racing
 * its original can neither double-apply nor deadlock, and reads back the stored result instead.
 */
import { sql, type Kysely } from 'kysely';
import type { IngestCheckin, IngestResult, IngestResultKind } from '../../common/cloud-api';
import { admittingVerdicts } from '../../common/domain/checkin';
import { normalizeTicketCode } from '../../common/ticket-code';
import type { CloudDb } from '../db/connect';
import type { CheckinsTable, CloudDatabase } from '../db/schema';
import { nowIso } from './secrets';

interface Ticket {
  id: string;
  code: string;
  status: string;
  ticket_type: string;
  multi_entry: number | null;
}

interface Admission {
  id: string;
  kioskId: string;
  direction: string;
  at: string;
}

const retryable = new Set(['40P01', '40001']);

/** A check-in with the enrolled device that sent it (null: the manager). */
export type IngestItem = IngestCheckin & { deviceId: string | null };

export async function ingestCheckins(cdb: CloudDb, eventId: string, items: IngestItem[]): Promise<IngestResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(cdb, eventId, items);
    } catch (error) {
      // A deadlock victim's transaction rolled back whole; running it again is safe.
      if (attempt < 4 && retryable.has((error as { code?: string }).code ?? '')) continue;
      throw error;
    }
  }
}

function toResult(row: Pick<CheckinsTable, 'id' | 'result' | 'recorded' | 'flagged' | 'other_kiosk_id' | 'other_at'>): IngestResult {
  const result: IngestResult = { id: row.id, result: row.result as IngestResultKind, recorded: row.recorded === 1, flagged: row.flagged === 1 };
  if (row.other_kiosk_id !== null) result.otherKioskId = row.other_kiosk_id;
  if (row.other_at !== null) result.otherAt = row.other_at;
  return result;
}

async function ingestOnce(cdb: CloudDb, eventId: string, input: IngestItem[]): Promise<IngestResult[]> {
  const receivedAt = nowIso();
  const items = input.map((i) => ({ ...i, code: normalizeTicketCode(i.code), at: new Date(i.at).toISOString() }));
  const codes = [...new Set(items.map((i) => i.code))];
  const idSet = new Set(items.map((i) => i.id));
  const ids = [...idSet];
  return cdb.db.transaction().execute(async (trx) => {
    const tickets = new Map<string, Ticket>((await lockAndFindTickets(trx, cdb.engine, eventId, codes)).map((t) => [t.code, t]));

    const missing = codes.filter((c) => !tickets.has(c));
    const revoked = new Map<string, string | null>();
    if (missing.length) {
      // Revocations: (event_id, code) is the primary key, and the list is short.
      const rows = await trx.selectFrom('revocations').select(['code', 'attendee_id']).where('event_id', '=', eventId).where('code', 'in', missing).execute();
      for (const r of rows) revoked.set(r.code, r.attendee_id);
    }

    const attendeeIds = [...new Set([...tickets.values()].map((t) => t.id))];
    const existing = await findExisting(trx, cdb.engine, eventId, ids, attendeeIds);

    const stored = new Map<string, IngestResult>();
    const history = new Map<string, Admission[]>();
    const seenRows = new Set<string>();
    for (const row of existing) {
      if (seenRows.has(row.id)) continue; // in both halves of the union
      seenRows.add(row.id);
      if (idSet.has(row.id)) stored.set(row.id, toResult(row));
      if (row.recorded === 1 && row.attendee_id) {
        const list = history.get(row.attendee_id) ?? [];
        list.push({ id: row.id, kioskId: row.kiosk_id, direction: row.direction, at: row.at });
        history.set(row.attendee_id, list);
      }
    }

    const inserts: CheckinsTable[] = [];
    const flagOlder = new Set<string>();
    for (const item of items) {
      if (stored.has(item.id)) continue;
      const green = admittingVerdicts.includes(item.verdict);
      const ticket = tickets.get(item.code);
      const row: CheckinsTable = {
        event_id: eventId,
        id: item.id,
        seq: null,
        kiosk_id: item.kioskId,
        code: item.code,
        attendee_id: ticket?.id ?? revoked.get(item.code) ?? null,
        ticket_type: ticket?.ticket_type ?? null,
        direction: item.direction,
        at: item.at,
        verdict: item.verdict,
        result: 'accepted',
        recorded: 0,
        flagged: 0,
        other_kiosk_id: null,
        other_at: null,
        device_id: item.deviceId,
        received_at: receivedAt,
      };
      if (!ticket || ticket.status !== 'valid') {
        // Unknown or revoked: a green verdict already let someone in, so it is kept and flagged.
        row.result = ticket || revoked.has(item.code) ? 'revoked' : 'unknown_ticket';
        row.recorded = green || (ticket !== undefined && item.direction === 'exit') ? 1 : 0;
        row.flagged = green ? 1 : 0;
      } else if (item.direction === 'exit') {
        row.recorded = 1;
      } else {
        row.recorded = green ? 1 : 0;
        const other = green ? earlierAdmission(history.get(ticket.id) ?? [], item.at, ticket.multi_entry === 1) : undefined;
        if (other) {
          // Both admissions are kept; the later of the two (by door time) carries the flag.
          row.result = 'duplicate_entry';
          row.other_kiosk_id = other.kioskId;
          row.other_at = other.at;
          if (item.at >= other.at) row.flagged = 1;
          else flagOlder.add(other.id);
        }
      }
      if (row.recorded === 1 && row.attendee_id) {
        const list = history.get(row.attendee_id) ?? [];
        list.push({ id: row.id, kioskId: row.kiosk_id, direction: row.direction, at: row.at });
        history.set(row.attendee_id, list);
      }
      stored.set(item.id, toResult(row));
      inserts.push(row);
    }

    for (const row of inserts) {
      if (!flagOlder.delete(row.id)) continue;
      row.flagged = 1;
      stored.set(row.id, toResult(row));
    }
    if (inserts.length) {
      // Sorted by id so that concurrent batches sharing ids wait on each other in one order.
      inserts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const written = cdb.engine === 'pg'
        ? await insertUnnest(trx, eventId, inserts)
        : await trx.insertInto('checkins').values(inserts).onConflict((oc) => oc.columns(['event_id', 'id']).doNothing()).returning('id').execute();
      if (written.length !== inserts.length) {
        // Another process stored some of these ids first: theirs is the result, ours is dropped.
        const mine = new Set(written.map((w) => w.id));
        const lost = inserts.filter((r) => !mine.has(r.id)).map((r) => r.id);
        const rows = await findExisting(trx, cdb.engine, eventId, lost, []);
        for (const r of rows) stored.set(r.id, toResult(r));
      }
    }
    if (flagOlder.size) await flagRows(trx, cdb.engine, eventId, [...flagOlder]);
    return items.map((i) => stored.get(i.id)!);
  });
}

/**
 * The admission this entry duplicates, if any: for a single-entry ticket any other entry; for a
 * multi-entry ticket the last movement before it, when that was an entry (the guest never left).
 */
function earlierAdmission(history: Admission[], at: string, multiEntry: boolean): Admission | undefined {
  if (!multiEntry) {
    return history.filter((h) => h.direction === 'entry').sort((a, b) => (a.at < b.at ? -1 : 1))[0];
  }
  const before = history.filter((h) => h.at <= at).sort((a, b) => (a.at < b.at ? -1 : 1));
  const last = before[before.length - 1];
  return last?.direction === 'entry' ? last : undefined;
}

async function flagRows(trx: Kysely<CloudDatabase>, engine: CloudDb['engine'], eventId: string, ids: string[]): Promise<void> {
  // Rare (an admission synced after a later one) and few rows: the primary key serves `IN`.
  void engine;
  await trx.updateTable('checkins').set({ flagged: 1 }).where('event_id', '=', eventId).where('id', 'in', ids).execute();
}

const existingColumns = ['id', 'attendee_id', 'kiosk_id', 'direction', 'at', 'result', 'recorded', 'flagged', 'other_kiosk_id', 'other_at'] as const;
type ExistingRow = Pick<CheckinsTable, (typeof existingColumns)[number]>;

/**
 * Replays (stored rows with the batch's ids) and the tickets' earlier recorded movements.
 *
 * On PostgreSQL each key is looked up on its own index through LATERAL … OFFSET 0 (which the
 * planner may not flatten): with `IN (…)` or `= ANY(…)` and no statistics yet — a fresh event
 * filling up faster than autovacuum analyses it — it chose to scan all the event's check-ins per
 * batch, and ingest slowed down as the table grew.
 */
async function findExisting(trx: Kysely<CloudDatabase>, engine: CloudDb['engine'], eventId: string, ids: string[], attendeeIds: string[]): Promise<ExistingRow[]> {
  if (engine === 'pg') {
    const cols = sql.raw(existingColumns.map((c) => `c.${c}`).join(', '));
    const replays = sql`
      SELECT ${cols} FROM unnest(${ids}::text[]) AS u(id)
      CROSS JOIN LATERAL (SELECT * FROM checkins c WHERE c.event_id = ${eventId} AND c.id = u.id OFFSET 0) c`;
    // Attendee ids are unique across events, so the attendee index alone answers this.
    const history = sql`
      SELECT ${cols} FROM unnest(${attendeeIds}::text[]) AS u(id)
      CROSS JOIN LATERAL (SELECT * FROM checkins c WHERE c.attendee_id = u.id AND c.recorded = 1 OFFSET 0) c`;
    const query = attendeeIds.length ? sql<ExistingRow>`${replays} UNION ALL ${history}` : sql<ExistingRow>`${replays}`;
    return (await query.execute(trx)).rows;
  }
  const replays = trx.selectFrom('checkins').select(existingColumns).where('event_id', '=', eventId).where('id', 'in', ids);
  return (attendeeIds.length
    ? replays.unionAll(trx.selectFrom('checkins').select(existingColumns).where('attendee_id', 'in', attendeeIds).where('recorded', '=', 1))
    : replays
  ).execute();
}

/** PostgreSQL: the batch as one column array per field, unnested into rows by the server. */
async function insertUnnest(trx: Kysely<CloudDatabase>, eventId: string, rows: CheckinsTable[]): Promise<Array<{ id: string }>> {
  const column = <K extends keyof CheckinsTable>(key: K) => rows.map((r) => r[key]);
  const result = await sql<{ id: string }>`
    INSERT INTO checkins (event_id, id, kiosk_id, code, attendee_id, ticket_type, direction, at, verdict, result, recorded, flagged, other_kiosk_id, other_at, device_id, received_at)
    SELECT ${eventId}, u.* FROM unnest(
      ${column('id')}::text[], ${column('kiosk_id')}::text[], ${column('code')}::text[], ${column('attendee_id')}::text[],
      ${column('ticket_type')}::text[], ${column('direction')}::text[], ${column('at')}::text[], ${column('verdict')}::text[],
      ${column('result')}::text[], ${column('recorded')}::int[], ${column('flagged')}::int[], ${column('other_kiosk_id')}::text[],
      ${column('other_at')}::text[], ${column('device_id')}::text[], ${column('received_at')}::text[]) AS u
    ON CONFLICT (event_id, id) DO NOTHING
    RETURNING id`.execute(trx);
  return result.rows;
}

/**
 * The batch's tickets, locked for the rest of the transaction so that two batches admitting one
 * ticket run one after the other. PostgreSQL: transaction-scoped advisory locks on (event, code),
 * taken in one sorted order (no deadlocks) and without writing a row lock into 500 tuples; SQLite
 * has one writer at a time anyway. Later statements (history, replays) see what a batch that held
 * the lock before us committed.
 */
async function lockAndFindTickets(trx: Kysely<CloudDatabase>, engine: CloudDb['engine'], eventId: string, codes: string[]): Promise<Ticket[]> {
  if (engine === 'pg') {
    const result = await sql<Ticket>`
      WITH locks AS (
        SELECT count(pg_advisory_xact_lock(hashtext(${eventId}), k)) AS n
        FROM (SELECT DISTINCT hashtext(c) AS k FROM unnest(${codes}::text[]) AS c ORDER BY k) AS keys)
      SELECT a.id, a.code, a.status, a.ticket_type, t.multi_entry
      FROM locks, unnest(${codes}::text[]) AS u(code)
      CROSS JOIN LATERAL (SELECT * FROM attendees a WHERE a.event_id = ${eventId} AND a.code = u.code OFFSET 0) a
      LEFT JOIN ticket_types t ON t.event_id = a.event_id AND t.name = a.ticket_type`.execute(trx);
    return result.rows;
  }
  return trx
    .selectFrom('attendees')
    .leftJoin('ticket_types', (join) => join.onRef('ticket_types.event_id', '=', 'attendees.event_id').onRef('ticket_types.name', '=', 'attendees.ticket_type'))
    .select(['attendees.id', 'attendees.code', 'attendees.status', 'attendees.ticket_type', 'ticket_types.multi_entry'])
    .where('attendees.event_id', '=', eventId)
    .where('attendees.code', 'in', codes)
    .execute();
}
