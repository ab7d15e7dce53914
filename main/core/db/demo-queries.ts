/** Queries the demo event needs beyond the check-in engine's. */
import { prepared } from './statements';
import type { Database } from './open';

export function ticketExists(db: Database, eventId: string, ticketId: string): boolean {
  return prepared<[string, string], { one: number }>(db, 'SELECT 1 AS one FROM attendees WHERE event_id = ? AND ticket_id = ?').get(eventId, ticketId) !== undefined;
}

export function eventAttendeeCount(db: Database, eventId: string): number {
  return prepared<[string], { n: number }>(db, 'SELECT count(*) AS n FROM attendees WHERE event_id = ?').get(eventId)!.n;
}

/** Codes of plain, valid attendees with no check-in yet: each is admitted on its first scan. */
export function freshPlainCodes(db: Database, eventId: string, ticketType: string, limit: number): string[] {
  return prepared<[string, string, number], { code: string }>(
    db,
    `SELECT a.code FROM attendees a
      WHERE a.event_id = ? AND a.ticket_type = ? AND a.status = 'valid' AND a.vip = 0 AND a.note = ''
        AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.attendee_id = a.id)
      ORDER BY a.id LIMIT ?`,
  )
    .all(eventId, ticketType, limit)
    .map((row) => row.code);
}
