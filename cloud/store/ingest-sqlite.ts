/** Ingest on SQLite: one writer at a time, so a plain transaction is the lock. */
import type { CloudDb } from '../db/connect';
import { chunk } from './chunk';
import { existingColumns, type BatchRunner, type ExistingRow } from './ingest-types';

export const ingestBatchSqlite: BatchRunner = (cdb: CloudDb, eventId, codes, ids, decide) =>
  cdb.db.transaction().execute(async (trx) => {
    const tickets = await trx
      .selectFrom('attendees')
      .leftJoin('ticket_types', (join) => join.onRef('ticket_types.event_id', '=', 'attendees.event_id').onRef('ticket_types.name', '=', 'attendees.ticket_type'))
      .select(['attendees.id', 'attendees.code', 'attendees.status', 'attendees.ticket_type', 'ticket_types.multi_entry'])
      .where('attendees.event_id', '=', eventId)
      .where('attendees.code', 'in', codes)
      .execute();
    const known = new Set(tickets.map((t) => t.code));
    const missing = codes.filter((c) => !known.has(c));
    const revoked = missing.length ? await trx.selectFrom('revocations').select(['code', 'attendee_id']).where('event_id', '=', eventId).where('code', 'in', missing).execute() : [];
    const attendeeIds = [...new Set(tickets.map((t) => t.id))];
    const replays = trx.selectFrom('checkins').select(existingColumns).where('event_id', '=', eventId).where('id', 'in', ids);
    const existing: ExistingRow[] = await (attendeeIds.length
      ? replays.unionAll(trx.selectFrom('checkins').select(existingColumns).where('attendee_id', 'in', attendeeIds).where('recorded', '=', 1))
      : replays
    ).execute();

    const { inserts } = decide({ tickets, revoked, existing });
    const inserted = new Set<string>();
    // 21 columns a row: 100 rows a statement stays far below SQLite's bound-parameter limit.
    for (const part of chunk(inserts, 100)) {
      const rows = await trx.insertInto('checkins').values(part).onConflict((oc) => oc.columns(['event_id', 'id']).doNothing()).returning('id').execute();
      for (const r of rows) inserted.add(r.id);
    }
    // One writer: nothing can have won a race, so every id was inserted here.
    return { inserted, lost: [] };
  });
