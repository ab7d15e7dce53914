/**
 * How this kiosk runs its door: which event it admits to, which ticket types it lets through (a VIP
 * lane, a staff entrance), and how long a check-in may be undone. Read by the check-in engine on
 * every scan; set by staff from the UI's settings screen or `arrivals config`.
 */
import { z } from 'zod';
import { hexColor } from '../domain/attendee';
import { direction } from '../domain/checkin';
import { visibleText } from '../domain/text';
import { method, noInput } from './define';
import { kioskMode } from './self-service';

/** Longest undo window: a day. Longer would let a check-in be taken back after the event. */
export const maxUndoWindowSeconds = 86_400;

const ticketTypeName = z.string().trim().min(1).max(80);

/** The desk's defaults: a verdict stays 5 s, the supervisor is locked again after 3 min idle. */
export const deskDefaults = { direction: 'entry', verdictResetSeconds: 5, idleLockSeconds: 180, scannerPrefix: '', scannerSuffix: '' } as const;

/** A scanner's configured prefix or suffix: a few printable characters, never Enter. */
const scannerAffix = z.string().max(8).regex(/^[\x21-\x7e]*$/, 'printable ASCII without spaces');

export const kioskSettings = z.object({
  /** The event scans are admitted to; any other event's ticket is `wrong_event`. Null: none yet. */
  currentEventId: z.string().nullable(),
  /** Ticket types admitted here; null = every type. */
  allowedTicketTypes: z.array(z.string()).nullable(),
  /** Seconds after a check-in during which it may be undone. */
  undoWindowSeconds: z.number().int().nonnegative(),
  /** The current event's ticket types, to choose allowed types from. */
  ticketTypes: z.array(z.string()),
  /**
   * The type a walk-in gets when none is chosen (attendees.registerWalkIn): the event's `Walk-in`
   * type, else its first single-entry type, else its first, else `Walk-in`. Null: no event yet.
   */
  walkInTicketType: z.string().nullable(),
  /** Whether this door records entries or exits (doors that count who is inside). */
  direction,
  /** Seconds a verdict stays on the desk screen; the next scan replaces it at once. */
  verdictResetSeconds: z.number().int().min(1).max(120),
  /** Seconds without a touch or key after which the supervisor actions lock again. */
  idleLockSeconds: z.number().int().min(30).max(3600),
  /** What a keyboard-wedge scanner is configured to send before / after each code ('' = nothing). */
  scannerPrefix: scannerAffix,
  scannerSuffix: scannerAffix,
  /** What the kiosk's screen is (issue 14): desk, self-service or print-only. */
  mode: kioskMode,
  /** The kiosk's name for people ("Hall A, left"); '' until named in setup. */
  kioskName: z.string(),
  /** The current event's accent colour (the self-service attract screen); null: the app's default. */
  eventColor: hexColor.nullable(),
  /** The current event's name (what guests are welcomed to); null: no event yet. */
  eventName: z.string().nullable(),
});
export type KioskSettings = z.infer<typeof kioskSettings>;

export const kioskConfigureInput = z
  .object({
    /** Must be an event in this kiosk's replica. */
    currentEventId: z.string().min(1).max(64).optional(),
    /** At least one type of the current event, or null to admit every type. */
    allowedTicketTypes: z.array(ticketTypeName).min(1).max(50).nullable().optional(),
    undoWindowSeconds: z.number().int().min(0).max(maxUndoWindowSeconds).optional(),
    direction: direction.optional(),
    verdictResetSeconds: z.number().int().min(1).max(120).optional(),
    idleLockSeconds: z.number().int().min(30).max(3600).optional(),
    scannerPrefix: scannerAffix.optional(),
    scannerSuffix: scannerAffix.optional(),
    mode: kioskMode.optional(),
    kioskName: z.string().trim().max(100).optional(),
    /**
     * The current event's accent colour ("#rrggbb"), null for the app's default: for an event from a
     * list. An enrolled kiosk's event takes the cloud's colour again when it changes there.
     */
    eventColor: hexColor.nullable().optional(),
    /**
     * The current event's name, for an event from a list (a new one is "Imported attendees"). Refused
     * for the event the kiosk is enrolled to: the cloud names it.
     */
    eventName: visibleText(200).optional(),
  })
  .strict();
export type KioskConfigureInput = z.infer<typeof kioskConfigureInput>;

export const kioskSettingsMethods = {
  'kiosk.settings': method({
    summary: "This kiosk's door settings: current event, allowed ticket types, undo window, direction, and the desk's verdict reset, idle lock and scanner prefix/suffix.",
    input: noInput,
    output: kioskSettings,
  }),
  'kiosk.configure': method({
    summary: 'Change door settings; fields left out keep their value. Validated against the replica.',
    input: kioskConfigureInput,
    output: kioskSettings,
  }),
};
