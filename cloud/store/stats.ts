/** Live reports for managers and kiosks: aggregates computed in SQL that both engines accept. */
import { sql } from 'kysely';
import type { EventStats } from '../../common/cloud-api';
import { nowIso } from '../../common/clock';
import { csvLine } from '../../common/node/csv-cells';
import type { CloudDb } from '../db/connect';
import { requireEvent } from './events';

/**
 * Second admissions that still stand: flagged, and not undone. An undo re-decides the flags of its
 * ticket by the one rule (store/undos.ts), so a duplicate of an admission that was undone is no
 * longer flagged, and one that now duplicates another admission names it.
 */
const standingDuplicate = sql<boolean>`result = 'duplicate_entry' AND flagged = 1 AND undone = 0`;

/**
 * Undone check-ins count nowhere (their own `undone` count aside). Who is inside is each ticket's
 * last counted movement in the cloud's arrival order (received, then `arrival`, then id), an entry,
 * never read off kiosk door times; a duplicate entry changes nothing there (the guest was in).
 */
export async function eventStats(cdb: CloudDb, eventId: string): Promise<EventStats> {
  const { db } = cdb;
  await requireEvent(db, eventId);
  const [expected, admitted, inside, buckets, kiosks, duplicates, undone, recent] = await Promise.all([
    db.selectFrom('attendees').select(['ticket_type', (eb) => eb.fn.countAll<number>().as('n')]).where('event_id', '=', eventId).where('status', '=', 'valid').groupBy('ticket_type').execute(),
    db.selectFrom('checkins')
      .select(['ticket_type', sql<number>`COUNT(DISTINCT attendee_id)`.as('n')])
      .where('event_id', '=', eventId)
      .where('recorded', '=', 1)
      .where('undone', '=', 0)
      .where('direction', '=', 'entry')
      .where('attendee_id', 'is not', null)
      .groupBy('ticket_type')
      .execute(),
    // A ticket is its attendee (through re-issues), else its code (an unknown code let in green).
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM (
        SELECT direction, ROW_NUMBER() OVER (
          PARTITION BY COALESCE(attendee_id, ${'code:'} || code) ORDER BY received_at DESC, COALESCE(arrival, 0) DESC, id DESC) AS rn
        FROM checkins WHERE event_id = ${eventId} AND recorded = 1 AND undone = 0) AS last_moves
      WHERE rn = 1 AND direction = 'entry'`.execute(db),
    // `at` is normalised ISO UTC text, so the hour prefix and the minute digits give 5-minute buckets.
    db.selectFrom('checkins')
      .select([
        sql<string>`substr(at, 1, 14)`.as('hour'),
        sql<number>`CAST(substr(at, 15, 2) AS INTEGER) / 5`.as('slot'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('event_id', '=', eventId)
      .where('recorded', '=', 1)
      .where('undone', '=', 0)
      .where('direction', '=', 'entry')
      .groupBy([sql`substr(at, 1, 14)`, sql`CAST(substr(at, 15, 2) AS INTEGER) / 5`])
      .execute(),
    db.selectFrom('checkins')
      .select(['kiosk_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('received_at').as('last')])
      .where('event_id', '=', eventId)
      .groupBy('kiosk_id')
      .orderBy('kiosk_id')
      .execute(),
    db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where(standingDuplicate).executeTakeFirstOrThrow(),
    db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('undone', '=', 1).executeTakeFirstOrThrow(),
    db.selectFrom('checkins')
      .select(['id', 'code', 'kiosk_id', 'at', 'other_kiosk_id', 'other_at'])
      .where('event_id', '=', eventId)
      .where(standingDuplicate)
      .orderBy('received_at', 'desc')
      .orderBy('id')
      .limit(50)
      .execute(),
  ]);
  const types = new Map<string, { admitted: number; expected: number }>();
  for (const row of expected) types.set(row.ticket_type, { admitted: 0, expected: Number(row.n) });
  for (const row of admitted) {
    const name = row.ticket_type ?? '';
    const entry = types.get(name) ?? { admitted: 0, expected: 0 };
    entry.admitted = Number(row.n);
    types.set(name, entry);
  }
  const byTicketType = [...types].map(([ticketType, v]) => ({ ticketType, ...v })).sort((a, b) => a.ticketType.localeCompare(b.ticketType));
  return {
    eventId,
    admitted: byTicketType.reduce((sum, t) => sum + t.admitted, 0),
    expected: byTicketType.reduce((sum, t) => sum + t.expected, 0),
    insideNow: Number(inside.rows[0]?.n ?? 0),
    duplicatesFlagged: Number(duplicates.n),
    undone: Number(undone.n),
    recentDuplicates: recent.map((r) => ({ id: r.id, code: r.code, kioskId: r.kiosk_id, at: r.at, otherKioskId: r.other_kiosk_id, otherAt: r.other_at })),
    byTicketType,
    arrivalsPer5Min: buckets
      .map((b) => ({ from: `${b.hour}${String(Number(b.slot) * 5).padStart(2, '0')}:00.000Z`, entries: Number(b.n) }))
      .sort((a, b) => (a.from < b.from ? -1 : 1)),
    kiosks: kiosks.map((k) => ({ kioskId: k.kiosk_id, checkins: Number(k.n), lastSeenAt: String(k.last) })),
    generatedAt: nowIso(cdb.clock),
  };
}

export const checkinCsvHeader = 'id,at,direction,kiosk_id,code,ticket_type,first_name,last_name,verdict,result,recorded,flagged,other_kiosk_id,other_at,received_at,undone';

/** The event's check-ins as CSV lines, in pages, so a large export never sits in memory whole. */
export async function* exportCheckinsCsv(cdb: CloudDb, eventId: string): AsyncGenerator<string> {
  await requireEvent(cdb.db, eventId);
  yield checkinCsvHeader + '\r\n';
  let after = '';
  for (;;) {
    const rows = await cdb.db
      .selectFrom('checkins')
      .leftJoin('attendees', 'attendees.id', 'checkins.attendee_id')
      .select([
        'checkins.id', 'checkins.at', 'checkins.direction', 'checkins.kiosk_id', 'checkins.code', 'checkins.ticket_type',
        'attendees.first_name', 'attendees.last_name', 'checkins.verdict', 'checkins.result', 'checkins.recorded',
        'checkins.flagged', 'checkins.other_kiosk_id', 'checkins.other_at', 'checkins.received_at', 'checkins.undone',
      ])
      .where('checkins.event_id', '=', eventId)
      .where('checkins.id', '>', after)
      .orderBy('checkins.id')
      .limit(2000)
      .execute();
    if (!rows.length) return;
    yield rows.map((r) => csvLine(Object.values(r) as Array<string | number | null>)).join('');
    after = rows[rows.length - 1]!.id;
  }
}
