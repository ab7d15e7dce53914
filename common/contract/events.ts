/**
 * Push events shared by several areas. Each area may also declare its own next to its methods;
 * index.ts merges them all into one map. (`sync.status` is declared with its method in sync.ts.)
 */
import { z } from 'zod';

export const printerStatus = z.object({
  jobId: z.string(),
  printer: z.string(),
  state: z.enum(['queued', 'printing', 'done', 'failed']),
  /** Readable, for staff: "printer offline; retrying in 2 s (attempt 2 of 3)", "out of paper". */
  reason: z.string().optional(),
  /** The attendee's ticket code, so the UI can show whose badge it is. */
  code: z.string().optional(),
  /** Attempts made so far (a retried job counts up). */
  attempts: z.number().int().nonnegative().optional(),
  /** done: what the badge shows differently from the registration ("name shortened to fit"). */
  notes: z.array(z.string()).optional(),
});

export const importProgress = z.object({
  importId: z.string(),
  rowsDone: z.number().int().nonnegative(),
  rowsTotal: z.number().int().nonnegative().nullable(),
  phase: z.enum(['parsing', 'validating', 'writing', 'done', 'failed']),
});

export const sharedEvents = {
  'printer.status': printerStatus,
  'import.progress': importProgress,
};
