/**
 * `arrivals export checkins`: every check-in as one CSV row — who, when, which kiosk, direction,
 * verdict, source, and whether (when, where, why) it was undone. UTF-8 with a BOM and CRLF, so a
 * double-click in Excel shows accented names correctly. Written to a temporary file and renamed,
 * so a crash never leaves half an export that looks complete.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { ArrivalsError } from '../../../common/contract/errors';
import { iterateCheckinsForExport } from '../db/checkin-export-queries';
import type { Database } from '../db/open';
import { csvLine } from '../../../common/node/csv-cells';

export const checkinExportHeader = [
  'checkin_id', 'event_id', 'at', 'kiosk_id', 'direction', 'verdict', 'source', 'origin',
  'code', 'first_name', 'last_name', 'ticket_type', 'undone', 'undone_at', 'undone_by_kiosk', 'undo_reason',
];

export interface CheckinExportResult {
  path: string;
  rows: number;
  undone: number;
}

export function exportCheckinsCsv(db: Database, out: string, options: { eventId?: string } = {}): CheckinExportResult {
  const temp = `${out}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (error) {
    throw new ArrivalsError('bad_input', `cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let rows = 0;
  let undone = 0;
  try {
    let buffer = '\ufeff' + csvLine(checkinExportHeader);
    for (const c of iterateCheckinsForExport(db, options.eventId ?? null)) {
      rows++;
      if (c.undo_at) undone++;
      buffer += csvLine([
        c.id, c.event_id, c.at, c.kiosk_id, c.direction, c.verdict, c.source, c.origin,
        c.code, c.first_name, c.last_name, c.ticket_type, c.undo_at ? 'yes' : 'no', c.undo_at, c.undo_kiosk_id, c.undo_reason,
      ]);
      if (buffer.length > 1 << 16) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
    closeSync(fd);
    renameSync(temp, out);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw error instanceof ArrivalsError ? error : new ArrivalsError('internal', `export to ${out} failed: ${(error as Error).message}`);
  }
  return { path: out, rows, undone };
}
