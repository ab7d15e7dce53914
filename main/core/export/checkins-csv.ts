/**
 * The check-in record as CSV: every check-in as one row — who, when, which kiosk, direction,
 * verdict, source, and whether (when, where, why) it was undone. UTF-8 with a BOM and CRLF, so a
 * double-click in Excel shows accented names correctly. The text is returned, never written here:
 * the caller (the CLI's --out FILE, a page's download) decides where it goes.
 */
import { iterateCheckinsForExport } from '../db/checkin-export-queries';
import type { Database } from '../db/open';
import { csvLine } from '../../../common/node/csv-cells';

export const checkinExportHeader = [
  'checkin_id', 'event_id', 'at', 'kiosk_id', 'direction', 'verdict', 'source', 'origin',
  'code', 'first_name', 'last_name', 'ticket_type', 'undone', 'undone_at', 'undone_by_kiosk', 'undo_reason',
];

export interface CheckinsCsv {
  /** A name to save it under: `checkins-EVENT.csv`, or `checkins.csv` for all events. */
  fileName: string;
  csv: string;
  rows: number;
  undone: number;
}

export function checkinsCsv(db: Database, options: { eventId?: string } = {}): CheckinsCsv {
  const lines = ['\ufeff' + csvLine(checkinExportHeader)];
  let undone = 0;
  for (const c of iterateCheckinsForExport(db, options.eventId ?? null)) {
    if (c.undo_at) undone++;
    lines.push(csvLine([
      c.id, c.event_id, c.at, c.kiosk_id, c.direction, c.verdict, c.source, c.origin,
      c.code, c.first_name, c.last_name, c.ticket_type, c.undo_at ? 'yes' : 'no', c.undo_at, c.undo_kiosk_id, c.undo_reason,
    ]));
  }
  const safeEvent = options.eventId?.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { fileName: safeEvent ? `checkins-${safeEvent}.csv` : 'checkins.csv', csv: lines.join(''), rows: lines.length - 1, undone };
}
