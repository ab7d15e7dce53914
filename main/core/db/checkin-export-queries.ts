/** The check-in record joined with who it was and whether it was undone, for the CSV export. */
import type { Database } from './open';

export interface CheckinExportRow {
  id: string;
  event_id: string;
  at: string;
  kiosk_id: string;
  direction: string;
  verdict: string;
  source: string;
  origin: string;
  code: string;
  first_name: string;
  last_name: string;
  ticket_type: string;
  undo_at: string | null;
  undo_kiosk_id: string | null;
  undo_reason: string | null;
}

/** Oldest first; iterated, so a long day's record is never held in memory at once. */
export function iterateCheckinsForExport(db: Database, eventId: string | null): IterableIterator<CheckinExportRow> {
  return db
    .prepare<[string | null, string | null], CheckinExportRow>(
      `SELECT c.id, c.event_id, c.at, c.kiosk_id, c.direction, c.verdict, c.source, c.origin,
              a.code, a.first_name, a.last_name, a.ticket_type,
              u.at AS undo_at, u.kiosk_id AS undo_kiosk_id, u.reason AS undo_reason
         FROM checkins c
         JOIN attendees a ON a.id = c.attendee_id
         LEFT JOIN checkin_undos u ON u.checkin_id = c.id
        WHERE (? IS NULL OR c.event_id = ?)
        ORDER BY c.at, c.id`,
    )
    .iterate(eventId, eventId);
}
