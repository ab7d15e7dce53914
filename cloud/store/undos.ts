/**
 * Undo ingest: kiosks' undos of check-ins, idempotent by the undo's uuid. An accepted undo is a row
 * of `undos` (in the feed, after its check-in) and marks its check-in `undone`: from then on the
 * check-in counts nowhere (who is inside, admitted, arrivals, double admissions), so the guest may
 * enter again without being flagged. The check-in row itself stays.
 *
 * Any kiosk of the event may undo any check-in of the event: a kiosk's replica holds the other
 * kiosks' check-ins and its engine lets staff undo them, and a refusal here would leave that
 * replica disagreeing with the cloud for good. The undo names the kiosk that made it.
 *
 * Answers: accepted; already_undone (another undo id undid the check-in first; nothing changes);
 * unknown_checkin (no such check-in at this event; permanent, since a kiosk sends its own check-in
 * before its undo and knows another kiosk's only from the feed). Only accepted undos are stored;
 * a replay of one gets `accepted` again, and a refused one is decided again (the same answer,
 * unless its check-in has arrived since).
 *
 * On PostgreSQL the undone check-ins' codes are locked with the very advisory locks check-in
 * ingest takes (ingest-pg.ts), so a concurrent batch on that ticket sees the undo or precedes it.
 */
import { sql, type Transaction } from 'kysely';
import type { IngestUndo, IngestUndoResult } from '../../common/cloud-api';
import { nowIso } from '../../common/clock';
import type { CloudDb } from '../db/connect';
import { duplicatesOnArrival, type Movement } from '../../common/domain/admission';
import type { CloudDatabase, UndosTable } from '../db/schema';
import { byArrival } from './ingest';

export type UndoItem = IngestUndo & { deviceId: string | null };

const retryable = new Set(['40P01', '40001']);

export async function ingestUndos(cdb: CloudDb, eventId: string, items: UndoItem[]): Promise<IngestUndoResult[]> {
  if (items.length === 0) return [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(cdb, eventId, items);
    } catch (error) {
      if (attempt < 4 && (retryable.has((error as { code?: string }).code ?? '') || isUniqueViolation(error))) continue;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

async function ingestOnce(cdb: CloudDb, eventId: string, items: UndoItem[]): Promise<IngestUndoResult[]> {
  const checkinIds = [...new Set(items.map((i) => i.checkinId))];
  const undoIds = [...new Set(items.map((i) => i.id))];
  return cdb.db.transaction().execute(async (trx) => {
    if (cdb.engine === 'pg') {
      // A check-in's code never changes, so it can be read before the lock.
      const codes = await trx.selectFrom('checkins').select('code').distinct().where('event_id', '=', eventId).where('id', 'in', checkinIds).execute();
      if (codes.length) {
        await sql`SELECT count(pg_advisory_xact_lock(hashtext(${eventId}), k)) FROM (SELECT DISTINCT hashtext(c) AS k FROM unnest(${codes.map((c) => c.code)}::text[]) AS c ORDER BY k) AS keys`.execute(trx);
      }
    }
    const checkins = new Map(
      (await trx.selectFrom('checkins').select(['id', 'undone']).where('event_id', '=', eventId).where('id', 'in', checkinIds).execute()).map((r) => [r.id, r]),
    );
    const undone = new Map(
      (await trx.selectFrom('undos').select(['id', 'checkin_id']).where('event_id', '=', eventId).where('checkin_id', 'in', checkinIds).execute()).map((r) => [r.checkin_id, r.id]),
    );
    const known = new Map(
      (await trx.selectFrom('undos').select(['id', 'checkin_id']).where('event_id', '=', eventId).where('id', 'in', undoIds).execute()).map((r) => [r.id, r.checkin_id]),
    );
    const receivedAt = nowIso(cdb.clock);
    const inserts: UndosTable[] = [];
    const results = items.map((item): IngestUndoResult => {
      const replayOf = known.get(item.id);
      // A replay: its first answer was accepted (only accepted undos are stored).
      if (replayOf !== undefined) return { id: item.id, checkinId: replayOf, result: 'accepted' };
      if (!checkins.has(item.checkinId)) {
        return { id: item.id, checkinId: item.checkinId, result: 'unknown_checkin', message: `no check-in ${item.checkinId} at this event` };
      }
      const by = undone.get(item.checkinId);
      if (by !== undefined) return { id: item.id, checkinId: item.checkinId, result: 'already_undone', undoneBy: by };
      undone.set(item.checkinId, item.id);
      known.set(item.id, item.checkinId);
      inserts.push({
        event_id: eventId,
        id: item.id,
        checkin_id: item.checkinId,
        kiosk_id: item.kioskId,
        at: new Date(item.at).toISOString(),
        reason: item.reason,
        device_id: item.deviceId,
        received_at: receivedAt,
        seq: null,
      });
      return { id: item.id, checkinId: item.checkinId, result: 'accepted' };
    });
    if (inserts.length) {
      // A concurrent replay of one of these ids (or another undo of the same check-in) makes this a
      // unique violation: the transaction rolls back whole and runs again, then answering from the rows stored.
      await trx.insertInto('undos').values(inserts).execute();
      await trx
        .updateTable('checkins')
        .set({ undone: 1 })
        .where('event_id', '=', eventId)
        .where('id', 'in', inserts.map((u) => u.checkin_id))
        .execute();
      await redecideFlags(trx, eventId, inserts.map((u) => u.checkin_id));
    }
    return results;
  });
}

/**
 * After undos: the flags of the undone check-ins' tickets as the one rule now decides them
 * (`duplicatesOnArrival`, in arrival order, undone movements counting nowhere). An entry whose
 * duplicated admission was undone is no longer flagged (`flagged` 0; its `result` and `other_*`
 * stay as the record of what it was flagged against, and its stored ingest answer never changes);
 * an entry that now duplicates another admission names that one. Check-ins keep their place in the
 * feed (a kiosk re-decides the same way when the undo reaches it), so the arrival order the feed
 * carries never moves.
 */
async function redecideFlags(trx: Transaction<CloudDatabase>, eventId: string, undoneIds: string[]): Promise<void> {
  const tickets = await trx.selectFrom('checkins').select('attendee_id').distinct().where('event_id', '=', eventId).where('id', 'in', undoneIds).where('attendee_id', 'is not', null).execute();
  const attendeeIds = tickets.map((t) => t.attendee_id!);
  if (!attendeeIds.length) return;
  const multi = new Map(
    (
      await trx
        .selectFrom('attendees')
        .innerJoin('ticket_types', (join) => join.onRef('ticket_types.event_id', '=', 'attendees.event_id').onRef('ticket_types.name', '=', 'attendees.ticket_type'))
        .select(['attendees.id', 'ticket_types.multi_entry'])
        .where('attendees.id', 'in', attendeeIds)
        .execute()
    ).map((r) => [r.id, Number(r.multi_entry) === 1]),
  );
  const rows = await trx
    .selectFrom('checkins')
    .select(['id', 'attendee_id', 'kiosk_id', 'direction', 'at', 'undone', 'received_at', 'arrival', 'result', 'flagged', 'other_id'])
    .where('event_id', '=', eventId)
    .where('attendee_id', 'in', attendeeIds)
    .where('recorded', '=', 1)
    .execute();
  type Judged = Omit<(typeof rows)[number], 'undone' | 'arrival'> & Movement & { undone: boolean; receivedAt: string; arrival: number };
  const byTicket = new Map<string, Judged[]>();
  for (const row of rows) {
    const list = byTicket.get(row.attendee_id!) ?? [];
    list.push({ ...row, undone: Number(row.undone) === 1, receivedAt: row.received_at, arrival: Number(row.arrival ?? 0) });
    byTicket.set(row.attendee_id!, list);
  }
  for (const [attendeeId, list] of byTicket) {
    list.sort(byArrival);
    const decided = duplicatesOnArrival(list, multi.get(attendeeId) ?? false);
    for (const [index, row] of list.entries()) {
      // Only admissions of a valid ticket are judged by the rule (an unknown or revoked one stays flagged).
      if (row.undone || row.direction !== 'entry' || (row.result !== 'accepted' && row.result !== 'duplicate_entry')) continue;
      const other = decided[index];
      const flagged = Number(row.flagged) === 1;
      if (other && (!flagged || row.other_id !== other.id)) {
        await trx
          .updateTable('checkins')
          .set({ result: 'duplicate_entry', flagged: 1, other_id: other.id, other_kiosk_id: other.kiosk_id, other_at: other.at })
          .where('event_id', '=', eventId)
          .where('id', '=', row.id)
          .execute();
      } else if (!other && flagged) {
        await trx.updateTable('checkins').set({ flagged: 0 }).where('event_id', '=', eventId).where('id', '=', row.id).execute();
      }
    }
  }
}
