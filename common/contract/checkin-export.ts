/**
 * Exporting the door's record: every check-in as CSV, for the organiser's spreadsheet. The CSV
 * comes back in the answer (a download); no method writes a path on the kiosk's disk. The CLI
 * saves it to its --out FILE itself.
 */
import { z } from 'zod';
import { method } from './define';

export const checkinExportInput = z.object({
  /** Only this event's check-ins; default all. */
  eventId: z.string().min(1).max(64).optional(),
}).strict();

export const checkinExportResult = z.object({
  /** A name to save it under, e.g. `checkins-evt-1.csv` (`checkins.csv` for all events). */
  fileName: z.string(),
  /** The CSV text: a BOM, then CRLF lines, so a double-click in Excel shows accented names. */
  csv: z.string(),
  rows: z.number().int().nonnegative(),
  undone: z.number().int().nonnegative(),
});

export const checkinExportMethods = {
  'checkins.export': method({
    summary: 'Every check-in (who, when, kiosk, direction, verdict, source, undone) as CSV text.',
    input: checkinExportInput,
    output: checkinExportResult,
  }),
};
