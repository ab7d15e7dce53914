/**
 * The feed's total order. Writers store changes with `seq` NULL and never contend with each other;
 * the sequencer later numbers every committed, unnumbered row of an event, holding the event row's
 * lock while it does. Because sequencing runs one at a time per event and each run only numbers rows
 * already committed, a number once visible is never followed by a lower one committed later: a
 * reader paging by cursor cannot skip a change, even with several server processes on one database.
 */
import { sql, type Transaction } from 'kysely';
import type { CloudDb } from '../db/connect';
import type { CloudDatabase } from '../db/schema';

// Tables in the order a kiosk must apply them within one run: ticket types and keys before the
// attendees and codes that use them, then check-ins, undos last. `key` joins the numbering back to
// the row. Check-ins go in the cloud's arrival order (received, then `arrival` within one ticket's
// batch), so a kiosk folding them in feed order agrees with the cloud on who is inside. An undo is
// numbered only once its check-in is (a check-in committed between this run's two statements waits
// for the next run, and so must its undo): a kiosk never sees an undo before its check-in.
const tables = [
  { name: 'ticket_types', key: ['event_id', 'name'], order: 'position' },
  { name: 'event_keys', key: ['event_id', 'key_id'], order: 'created_at, key_id' },
  { name: 'attendees', key: ['id'], order: 'updated_at, id' },
  { name: 'revocations', key: ['event_id', 'code'], order: 'revoked_at, code' },
  { name: 'checkins', key: ['event_id', 'id'], order: 'received_at, COALESCE(arrival, 0), id' },
  {
    name: 'undos',
    key: ['event_id', 'id'],
    order: 'received_at, id',
    ready: 'EXISTS (SELECT 1 FROM checkins c WHERE c.event_id = undos.event_id AND c.id = undos.checkin_id AND c.seq IS NOT NULL)',
  },
] as const;

async function numberTable(trx: Transaction<CloudDatabase>, table: (typeof tables)[number], eventId: string, base: number): Promise<number> {
  const join = table.key.map((k) => `${table.name}.${k} = r.${k}`).join(' AND ');
  const ready = 'ready' in table ? sql.raw(` AND ${table.ready}`) : sql``;
  const result = await sql`
    UPDATE ${sql.table(table.name)} SET seq = ${base} + r.rn
    FROM (SELECT ${sql.raw(table.key.join(', '))}, ROW_NUMBER() OVER (ORDER BY ${sql.raw(table.order)}) AS rn
          FROM ${sql.table(table.name)} WHERE event_id = ${eventId} AND seq IS NULL${ready}) AS r
    WHERE ${sql.raw(join)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

// One run per event at a time in this process. A caller arriving during a run waits for the next
// one (shared by everyone who arrived meanwhile), which starts after it: so each caller's run sees
// every change committed before the call, and a burst of readers costs two runs, not one each.
interface Runs {
  current?: Promise<number>;
  next?: Promise<number>;
}
const running = new WeakMap<CloudDb, Map<string, Runs>>();

/** Numbers the event's pending changes; returns the event's last sequence number. */
export function sequenceEvent(cdb: CloudDb, eventId: string): Promise<number> {
  let events = running.get(cdb);
  if (!events) running.set(cdb, (events = new Map()));
  let runs = events.get(eventId);
  if (!runs) events.set(eventId, (runs = {}));
  const slot = runs;
  const start = (): Promise<number> => {
    const run = sequenceOnce(cdb, eventId).finally(() => {
      slot.current = undefined;
      if (!slot.next) events.delete(eventId);
    });
    slot.current = run;
    return run;
  };
  if (!slot.current) return start();
  if (!slot.next) {
    slot.next = slot.current
      .catch(() => undefined)
      .then(() => {
        slot.next = undefined;
        return start();
      });
  }
  return slot.next;
}

async function sequenceOnce(cdb: CloudDb, eventId: string): Promise<number> {
  return cdb.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('events').select('last_seq').where('id', '=', eventId);
    if (cdb.engine === 'pg') query = query.forUpdate();
    const event = await query.executeTakeFirst();
    if (!event) return 0;
    let last = Number(event.last_seq);
    for (const table of tables) last += await numberTable(trx, table, eventId, last);
    if (last !== Number(event.last_seq)) await trx.updateTable('events').set({ last_seq: last }).where('id', '=', eventId).execute();
    return last;
  });
}

/**
 * Numbers `count` changes inside the writer's own transaction, for rare bulk writes (a manager's
 * import): the event row stays locked until that transaction commits, so these numbers, too, become
 * visible in order. Check-ins never call this; they leave `seq` to sequenceEvent.
 */
export async function reserveSeq(trx: Transaction<CloudDatabase>, engine: CloudDb['engine'], eventId: string, count: number): Promise<number> {
  let query = trx.selectFrom('events').select('last_seq').where('id', '=', eventId);
  if (engine === 'pg') query = query.forUpdate();
  const event = await query.executeTakeFirstOrThrow();
  let last = Number(event.last_seq);
  // Ticket types and keys this transaction (or anyone) left pending go first: attendees need them.
  for (const table of tables.slice(0, 2)) last += await numberTable(trx, table, eventId, last);
  await trx.updateTable('events').set({ last_seq: last + count }).where('id', '=', eventId).execute();
  return last + 1;
}

/** Takes the event row's lock (the sequencer's mutex) until the transaction ends. */
export async function lockEvent(trx: Transaction<CloudDatabase>, engine: CloudDb['engine'], eventId: string): Promise<void> {
  if (engine === 'pg') await trx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().execute();
}
