/**
 * What the staff desk needs beyond check-ins: the supervisor PIN (stored hashed with scrypt in the
 * core, never in plain text; the page only ever sends a PIN to be checked) and the door's numbers
 * (admitted, expected, inside now) shown beside the verdict.
 */
import { z } from 'zod';
import { method, noInput } from './define';

/** A supervisor PIN: 4 to 8 digits, typed on the desk's PIN pad. */
export const supervisorPin = z.string().regex(/^[0-9]{4,8}$/, 'a PIN is 4 to 8 digits');

/** After this many wrong PINs in a row, unlocking is refused for `pinLockoutSeconds`. */
export const maxWrongPins = 5;
export const pinLockoutSeconds = 30;

export const pinStatus = z.object({
  /** Whether a supervisor PIN is set; without one, nobody can unlock the supervisor actions. */
  pinSet: z.boolean(),
});

export const unlockResult = z.object({
  role: z.literal('supervisor'),
  /** Lock again after this many seconds without a touch or key (the kiosk's `idleLockSeconds`). */
  idleLockSeconds: z.number().int().positive(),
});
export type UnlockResult = z.infer<typeof unlockResult>;

export const leaveKioskModeResult = z.object({
  /** electron: the window has left kiosk mode; host/cli: no window lock here (a browser leaves its own kiosk mode). */
  face: z.enum(['electron', 'host', 'cli']),
});
export type LeaveKioskModeResult = z.infer<typeof leaveKioskModeResult>;

export const doorCounts = z.object({
  eventId: z.string(),
  /** Attendees of the event with a valid ticket. */
  expected: z.number().int().nonnegative(),
  /** Attendees admitted at least once (an undone entry does not count). */
  admitted: z.number().int().nonnegative(),
  /** Attendees whose latest movement is an entry. */
  insideNow: z.number().int().nonnegative(),
});
export type DoorCounts = z.infer<typeof doorCounts>;

export const deskMethods = {
  'kiosk.pinStatus': method({
    summary: 'Whether a supervisor PIN is set.',
    input: noInput,
    output: pinStatus,
  }),
  'kiosk.setPin': method({
    summary: 'Set the supervisor PIN (stored as a scrypt hash); changing one needs the current PIN.',
    input: z.object({ pin: supervisorPin, currentPin: z.string().max(64).optional() }).strict(),
    output: pinStatus,
  }),
  'kiosk.unlock': method({
    summary: 'Check a supervisor PIN; a wrong one is refused (forbidden), and repeated wrong ones lock unlocking for a while.',
    input: z.object({ pin: z.string().max(64) }).strict(),
    output: unlockResult,
  }),
  'kiosk.leaveKioskMode': method({
    summary: "Leave kiosk mode (the Electron window's fullscreen lock) with the supervisor PIN; a wrong PIN is refused (forbidden) like kiosk.unlock. The browser host cannot lock its window, and says so.",
    input: z.object({ pin: z.string().max(64) }).strict(),
    output: leaveKioskModeResult,
  }),
  'checkins.doorCounts': method({
    summary: "The door's numbers: attendees expected, admitted, and inside now.",
    input: z.object({ eventId: z.string().min(1).max(64).optional() }).strict(),
    output: doorCounts,
  }),
};
