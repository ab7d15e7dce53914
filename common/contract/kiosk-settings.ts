/**
 * How this kiosk runs its door: which event it admits to, which ticket types it lets through (a VIP
 * lane, a staff entrance), and how long a check-in may be undone. Read by the check-in engine on
 * every scan; set by staff from the UI's settings screen or `arrivals config`.
 */
import { z } from 'zod';
import { method, noInput } from './define';

/** Longest undo window: a day. Longer would let a check-in be taken back after the event. */
export const maxUndoWindowSeconds = 86_400;

const ticketTypeName = z.string().trim().min(1).max(80);

export const kioskSettings = z.object({
  /** The event scans are admitted to; any other event's ticket is `wrong_event`. Null: none yet. */
  currentEventId: z.string().nullable(),
  /** Ticket types admitted here; null = every type. */
  allowedTicketTypes: z.array(z.string()).nullable(),
  /** Seconds after a check-in during which it may be undone. */
  undoWindowSeconds: z.number().int().nonnegative(),
  /** The current event's ticket types, to choose allowed types from. */
  ticketTypes: z.array(z.string()),
});
export type KioskSettings = z.infer<typeof kioskSettings>;

export const kioskConfigureInput = z
  .object({
    /** Must be an event in this kiosk's replica. */
    currentEventId: z.string().min(1).max(64).optional(),
    /** At least one type of the current event, or null to admit every type. */
    allowedTicketTypes: z.array(ticketTypeName).min(1).max(50).nullable().optional(),
    undoWindowSeconds: z.number().int().min(0).max(maxUndoWindowSeconds).optional(),
  })
  .strict();
export type KioskConfigureInput = z.infer<typeof kioskConfigureInput>;

export const kioskSettingsMethods = {
  'kiosk.settings': method({
    summary: "This kiosk's door settings: current event, allowed ticket types, undo window.",
    input: noInput,
    output: kioskSettings,
  }),
  'kiosk.configure': method({
    summary: 'Change door settings; fields left out keep their value. Validated against the replica.',
    input: kioskConfigureInput,
    output: kioskSettings,
  }),
};
