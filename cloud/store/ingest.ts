/**
 * Check-in ingest: a batch of what kiosks did at the door, applied set-based in one transaction
 * and idempotently by the kiosk's uuid. The decisions (accepted, duplicate_entry naming the other
 * admission, unknown_ticket, revoked; what is recorded and flagged) are made here, once, for both
 * engines; ingest-pg.ts and ingest-sqlite.ts only read the batch's state and write its rows.
 *
 * Order: a ticket's check-ins count in the cloud's arrival order (`received_at`, taken under the
 * ticket's lock, then `arrival` within one time), never in kiosk door times, which may be hours
 * off. So of two admissions on one ticket the one that arrived second is the duplicate and carries
 * the flag (the first keeps its answer), and an exit that arrived after an entry lets the guest out
 * whatever its `at` says. The kiosk's door times are kept as data (`at`, `otherAt`).
 *
 * Concurrency (PostgreSQL, several server processes): the batch's tickets are locked first, in one
 * sorted order, so two batches touching one ticket run one after the other and the second sees the
 * first's check-ins; rows are inserted in id order with ON CONFLICT DO NOTHING, so a replay racing
 * its original can neither double-apply nor deadlock, and reads back the stored result instead.
 */
import type { IngestCheckin, IngestResult, IngestResultKind } from '../../common/cloud-api';
import { duplicatedAdmissionOnArrival } from '../../common/domain/admission';
import { admittingVerdicts } from '../../common/domain/checkin';
import { nowIso } from '../../common/clock';
import { normalizeTicketCode } from '../../common/ticket-code';
import type { CloudDb } from '../db/connect';
import type { CheckinsTable } from '../db/schema';
import type { BatchRunner, BatchState, BatchWrites } from './ingest-types';
import { ingestBatchPg } from './ingest-pg';
import { ingestBatchSqlite } from './ingest-sqlite';

/** A check-in with the enrolled device that sent it (null: the manager). */
export type IngestItem = IngestCheckin & { deviceId: string | null };

interface Admission {
  id: string;
  kioskId: string;
  direction: string;
  at: string;
  /** Undone by a kiosk's undo: it never counts. */
  undone: boolean;
  receivedAt: string;
  arrival: number;
}

/** The cloud's arrival order: received (under the ticket's lock), then counted within one time, then id. */
export function byArrival(a: { receivedAt: string; arrival: number; id: string }, b: { receivedAt: string; arrival: number; id: string }): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? -1 : 1;
  if (a.arrival !== b.arrival) return a.arrival - b.arrival;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const retryable = new Set(['40P01', '40001']);

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

/** A stored check-in's answer: exactly the one it got when first ingested (a later duplicate may flag it since). */
export function storedAnswer(row: Pick<CheckinsTable, 'id' | 'result' | 'recorded' | 'flagged' | 'other_kiosk_id' | 'other_at' | 'answer'>): IngestResult {
  // Rows from before the answer was stored: their current state is the best there is.
  return row.answer ? (JSON.parse(row.answer) as IngestResult) : toResult(row);
}

export function toResult(row: Pick<CheckinsTable, 'id' | 'result' | 'recorded' | 'flagged' | 'other_kiosk_id' | 'other_at'>): IngestResult {
  const result: IngestResult = { id: row.id, result: row.result as IngestResultKind, recorded: Number(row.recorded) === 1, flagged: Number(row.flagged) === 1 };
  if (row.other_kiosk_id !== null) result.otherKioskId = row.other_kiosk_id;
  if (row.other_at !== null) result.otherAt = row.other_at;
  return result;
}

async function ingestOnce(cdb: CloudDb, eventId: string, input: IngestItem[]): Promise<IngestResult[]> {
  const items = input.map((i) => ({ ...i, code: normalizeTicketCode(i.code), at: new Date(i.at).toISOString() }));
  const codes = [...new Set(items.map((i) => i.code))];
  const ids = [...new Set(items.map((i) => i.id))];
  const stored = new Map<string, IngestResult>();
  const run: BatchRunner = cdb.engine === 'pg' ? ingestBatchPg : ingestBatchSqlite;
  const outcome = await run(cdb, eventId, codes, ids, (state) => {
    stored.clear();
    // Read now, under the tickets' locks: a batch that waited for another's locks is received after it.
    return decide(eventId, items, state, stored, nowIso(cdb.clock));
  });
  for (const row of outcome.lost) stored.set(row.id, storedAnswer(row));
  return items.map((i) => stored.get(i.id)!);
}

/** The batch's results (into `stored`) and rows, item by item in order, from the locked state. */
function decide(eventId: string, items: IngestItem[], state: BatchState, stored: Map<string, IngestResult>, now: string): BatchWrites {
  const ids = new Set(items.map((i) => i.id));
  const tickets = new Map(state.tickets.map((t) => [t.code, t]));
  const revoked = new Map(state.revoked.map((r) => [r.code, r.attendee_id]));
  const history = new Map<string, Admission[]>();
  const remember = (attendeeId: string, a: Admission) => {
    const list = history.get(attendeeId) ?? [];
    list.push(a);
    history.set(attendeeId, list);
  };
  const seen = new Set<string>();
  // Never before a movement already stored for one of the batch's tickets (a cloud clock stepping back).
  let receivedAt = now;
  for (const row of state.existing) {
    if (seen.has(row.id)) continue; // a replay of a ticket's own movement comes twice
    seen.add(row.id);
    if (ids.has(row.id)) stored.set(row.id, storedAnswer(row));
    if (row.received_at > receivedAt) receivedAt = row.received_at;
    if (Number(row.recorded) === 1 && row.attendee_id) {
      remember(row.attendee_id, { id: row.id, kioskId: row.kiosk_id, direction: row.direction, at: row.at, undone: Number(row.undone) === 1, receivedAt: row.received_at, arrival: Number(row.arrival ?? 0) });
    }
  }
  for (const list of history.values()) list.sort(byArrival);
  const lastArrival = (attendeeId: string) => {
    const list = history.get(attendeeId);
    return list?.length ? list[list.length - 1]!.arrival : 0;
  };

  const inserts: CheckinsTable[] = [];
  for (const item of items) {
    if (stored.has(item.id)) continue; // a replay, or an id repeated in this batch
    const green = admittingVerdicts.includes(item.verdict);
    const ticket = tickets.get(item.code);
    const attendeeId = ticket?.id ?? revoked.get(item.code) ?? null;
    const row: CheckinsTable = {
      event_id: eventId,
      id: item.id,
      seq: null,
      kiosk_id: item.kioskId,
      code: item.code,
      attendee_id: attendeeId,
      ticket_type: ticket?.ticket_type ?? null,
      direction: item.direction,
      at: item.at,
      verdict: item.verdict,
      result: 'accepted',
      recorded: 0,
      flagged: 0,
      other_kiosk_id: null,
      other_at: null,
      other_id: null,
      device_id: item.deviceId,
      received_at: receivedAt,
      arrival: attendeeId ? lastArrival(attendeeId) + 1 : null,
      undone: 0,
      answer: null,
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
      const other = green ? duplicatedAdmissionOnArrival(history.get(ticket.id) ?? [], ticket.multi_entry === 1) : undefined;
      if (other) {
        // Both admissions are kept; this one arrived second, so it is the duplicate and carries the flag.
        row.result = 'duplicate_entry';
        row.other_kiosk_id = other.kioskId;
        row.other_at = other.at;
        row.other_id = other.id;
        row.flagged = 1;
      }
    }
    if (row.recorded === 1 && attendeeId) {
      remember(attendeeId, { id: row.id, kioskId: row.kiosk_id, direction: row.direction, at: row.at, undone: false, receivedAt, arrival: row.arrival! });
    }
    const answer = toResult(row);
    stored.set(item.id, answer);
    // What this batch answers for the row is what every replay will get.
    row.answer = JSON.stringify(answer);
    inserts.push(row);
  }
  // Sorted by id so that concurrent batches sharing ids wait on each other in one order.
  inserts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { inserts };
}
