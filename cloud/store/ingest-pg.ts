/**
 * Ingest on PostgreSQL in two round trips per batch, whatever its size: on this kind of machine a
 * round trip to the database (a socket write that wakes another process) costs more than the SQL
 * it carries, so the reads and the writes each go as one multi-statement simple query:
 *
 *   1. BEGIN; lock the batch's codes; read tickets with their history, revocations, replays
 *   2. INSERT the new rows; COMMIT
 *
 * Values travel as escaped literals (node-pg's escapeLiteral), since the simple query protocol has
 * no parameters. Every statement takes its own snapshot, so the reads after the lock statement see
 * whatever a batch that held one of our locks committed.
 *
 * Lookups go through LATERAL … OFFSET 0, one index probe per key: with `IN (…)` / `= ANY(…)` and no
 * statistics yet (a fresh event filling faster than autovacuum analyses it) the planner scanned all
 * of the event's check-ins for every batch.
 */
import type pg from 'pg';
import type { CloudDb } from '../db/connect';
import type { CheckinsTable } from '../db/schema';
import { existingColumns, type BatchRunner, type BatchState, type ExistingRow, type Ticket } from './ingest-types';

type Literal = (value: string) => string;

const textArray = (lit: Literal, values: Array<string | null>) => `ARRAY[${values.map((v) => (v === null ? 'NULL' : lit(v))).join(',')}]::text[]`;
const intArray = (values: number[]) => `ARRAY[${values.map((v) => String(Math.trunc(Number(v)))).join(',')}]::int[]`;
const columns = existingColumns.map((c) => `c.${c}`).join(', ');

function readSql(lit: Literal, eventId: string, codes: string[], ids: string[]): string {
  const event = lit(eventId);
  const codeList = textArray(lit, codes);
  // The tickets and their recorded movements come as one statement, after the lock statement:
  // one row per (ticket, movement), or one with NULL movement columns for a ticket without any.
  return `BEGIN;
SELECT count(pg_advisory_xact_lock(hashtext(${event}), k)) FROM (SELECT DISTINCT hashtext(c) AS k FROM unnest(${codeList}) AS c ORDER BY k) AS keys;
SELECT a.id AS ticket_id, a.code AS ticket_code, a.status AS ticket_status, a.ticket_type AS ticket_type_name, t.multi_entry, ${columns}
  FROM unnest(${codeList}) AS u(code)
  CROSS JOIN LATERAL (SELECT * FROM attendees a WHERE a.event_id = ${event} AND a.code = u.code OFFSET 0) a
  LEFT JOIN ticket_types t ON t.event_id = a.event_id AND t.name = a.ticket_type
  LEFT JOIN LATERAL (SELECT * FROM checkins c WHERE c.attendee_id = a.id AND c.recorded = 1 OFFSET 0) c ON true;
SELECT r.code, r.attendee_id FROM unnest(${codeList}) AS u(code)
  CROSS JOIN LATERAL (SELECT * FROM revocations r WHERE r.event_id = ${event} AND r.code = u.code OFFSET 0) r;
SELECT ${columns} FROM unnest(${textArray(lit, ids)}) AS u(id)
  CROSS JOIN LATERAL (SELECT * FROM checkins c WHERE c.event_id = ${event} AND c.id = u.id OFFSET 0) c;`;
}

type TicketRow = ExistingRow & { ticket_id: string; ticket_code: string; ticket_status: string; ticket_type_name: string; multi_entry: number | null };

function splitTickets(rows: TicketRow[]): { tickets: Ticket[]; history: ExistingRow[] } {
  const tickets = new Map<string, Ticket>();
  const history: ExistingRow[] = [];
  for (const row of rows) {
    if (!tickets.has(row.ticket_code)) tickets.set(row.ticket_code, { id: row.ticket_id, code: row.ticket_code, status: row.ticket_status, ticket_type: row.ticket_type_name, multi_entry: row.multi_entry });
    if (row.id !== null) {
      const { ticket_id: _a, ticket_code: _b, ticket_status: _c, ticket_type_name: _d, multi_entry: _e, ...movement } = row;
      history.push(movement);
    }
  }
  return { tickets: [...tickets.values()], history };
}

function writeSql(lit: Literal, eventId: string, rows: CheckinsTable[]): string {
  const event = lit(eventId);
  const text = (key: keyof CheckinsTable) => textArray(lit, rows.map((r) => r[key] as string | null));
  const ints = (key: keyof CheckinsTable) => intArray(rows.map((r) => r[key] as number));
  const nullableInts = (key: keyof CheckinsTable) => `ARRAY[${rows.map((r) => (r[key] === null ? 'NULL' : String(Math.trunc(Number(r[key]))))).join(',')}]::int[]`;
  const insert = rows.length
    ? `INSERT INTO checkins (event_id, id, kiosk_id, code, attendee_id, ticket_type, direction, at, verdict, result, recorded, flagged, other_kiosk_id, other_at, other_id, device_id, received_at, arrival, answer)
SELECT ${event}, u.* FROM unnest(${text('id')}, ${text('kiosk_id')}, ${text('code')}, ${text('attendee_id')}, ${text('ticket_type')}, ${text('direction')},
  ${text('at')}, ${text('verdict')}, ${text('result')}, ${ints('recorded')}, ${ints('flagged')}, ${text('other_kiosk_id')}, ${text('other_at')},
  ${text('other_id')}, ${text('device_id')}, ${text('received_at')}, ${nullableInts('arrival')}, ${text('answer')}) AS u
ON CONFLICT (event_id, id) DO NOTHING RETURNING id;`
    : 'SELECT NULL::text AS id WHERE false;';
  return `${insert}\nCOMMIT;`;
}

const results = (value: pg.QueryResult | pg.QueryResult[]): pg.QueryResult[] => (Array.isArray(value) ? value : [value]);

export const ingestBatchPg: BatchRunner = async (cdb: CloudDb, eventId, codes, ids, decide) => {
  const client = await cdb.pgPool!.connect();
  // Most values (uuids, ISO times, enums, our ids) need no escaping; only quotes and backslashes do.
  const lit: Literal = (v) => (/['\\]/.test(v) ? client.escapeLiteral(v) : `'${v}'`);
  let open = false;
  try {
    open = true;
    const read = results(await client.query(readSql(lit, eventId, codes, ids)));
    const { tickets, history } = splitTickets(read[2]!.rows as TicketRow[]);
    const state: BatchState = {
      tickets,
      revoked: read[3]!.rows as BatchState['revoked'],
      existing: [...(read[4]!.rows as ExistingRow[]), ...history],
    };
    const { inserts } = decide(state);
    const written = results(await client.query(writeSql(lit, eventId, inserts)));
    open = false;
    const inserted = new Set((written[0]!.rows as Array<{ id: string }>).map((r) => r.id));
    const lostIds = inserts.filter((r) => !inserted.has(r.id)).map((r) => r.id);
    let lost: ExistingRow[] = [];
    if (lostIds.length) {
      // A concurrent replay stored these first (committed: our insert waited for it).
      const reread = await client.query(`SELECT ${columns} FROM unnest(${textArray(lit, lostIds)}) AS u(id)
        CROSS JOIN LATERAL (SELECT * FROM checkins c WHERE c.event_id = ${lit(eventId)} AND c.id = u.id OFFSET 0) c`);
      lost = reread.rows as ExistingRow[];
    }
    return { inserted, lost };
  } catch (error) {
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
