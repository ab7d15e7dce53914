/** Exporting the door's record: every check-in as a CSV file, for the organiser's spreadsheet. */
import { z } from 'zod';
import { method } from './define';

export const checkinExportInput = z.object({
  /** Where to write the CSV (overwritten). */
  out: z.string().min(1).max(4096),
  /** Only this event's check-ins; default all. */
  eventId: z.string().min(1).max(64).optional(),
}).strict();

export const checkinExportResult = z.object({
  path: z.string(),
  rows: z.number().int().nonnegative(),
  undone: z.number().int().nonnegative(),
});

export const checkinExportMethods = {
  'checkins.export': method({
    summary: 'Write every check-in (who, when, kiosk, direction, verdict, source, undone) to a CSV file.',
    input: checkinExportInput,
    output: checkinExportResult,
  }),
};
