/** Check-in vocabulary shared by the kiosk engine, the contract, the sync engine and the cloud. */
import { z } from 'zod';

export const direction = z.enum(['entry', 'exit']);
export type Direction = z.infer<typeof direction>;

export const checkinSource = z.enum(['scan', 'search', 'walk_in', 'self_service', 'sync']);
export type CheckinSource = z.infer<typeof checkinSource>;

/**
 * What the kiosk shows for a scan. `admitted` and `needs_attention` let the guest in (the latter
 * with something staff must see); `exited` records a way out; all others refuse entry.
 */
export const verdict = z.enum([
  'admitted',
  'needs_attention',
  'exited',
  'already_in',
  'unknown',
  'cancelled',
  'wrong_event',
  'not_yet_open',
  'closed',
  'ticket_type_not_allowed',
]);
export type Verdict = z.infer<typeof verdict>;

/** Verdicts after which the guest is inside: these are written, with their outbox row. */
export const admittingVerdicts: readonly Verdict[] = ['admitted', 'needs_attention'];
