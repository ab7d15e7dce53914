/**
 * Check-ins at the door: the verdict for a scanned or typed code, undo, and who is inside now.
 * Also the kiosk-side key management and the demo event, which exist to issue signed codes.
 */
import { z } from 'zod';
import { attendee, isoTime } from '../domain/attendee';
import { checkinSource, direction, verdict } from '../domain/checkin';
import { method } from './define';

export const kioskIdInput = z.string().min(1).max(100);

/**
 * How far ahead of this kiosk's clock a caller's `at` may be: scanners and kiosks drift a little,
 * but a check-in dated later than that would sit outside the undo window's arithmetic (undo measures
 * now − at) and let a mistake be undone forever.
 */
export const maxClockSkewMs = 5 * 60_000;

/** Sources a caller may claim. `sync` is written only by the sync engine, never through the contract. */
export const callerCheckinSource = checkinSource.exclude(['sync']);

export const checkinInput = z.object({
  /** As scanned or typed. Any text is accepted: a malformed code gets the verdict `unknown`. */
  code: z.string().max(65_536),
  direction: direction.default('entry'),
  /** Defaults to this kiosk's id. */
  kioskId: kioskIdInput.optional(),
  /**
   * When the scan happened; defaults to now. At most `maxClockSkewMs` ahead of this kiosk's clock,
   * which the handler checks (the schema has no clock).
   */
  at: isoTime.optional(),
  source: callerCheckinSource.default('scan'),
});

export const checkinResult = z.object({
  verdict,
  /** Whether the guest may pass (admitted, needs_attention, exited). */
  pass: z.boolean(),
  /** The ticket's attendee, when the code is known (also for most refusals). */
  attendee: attendee.nullable(),
  /** The check-in written, or null when nothing was written (every refusal writes nothing). */
  checkinId: z.string().nullable(),
  direction,
  kioskId: z.string(),
  at: isoTime,
  /** Why: the refusal's cause, or what staff must see for needs_attention. */
  reason: z.string().nullable(),
  /** already_in: the entry that is already recorded. */
  previous: z.object({ checkinId: z.string(), at: isoTime, kioskId: z.string() }).nullable(),
});
export type CheckinResult = z.infer<typeof checkinResult>;

export const undoResult = z.object({
  undoId: z.string(),
  checkinId: z.string(),
  at: isoTime,
  attendee: attendee.nullable(),
});
export type UndoResult = z.infer<typeof undoResult>;

export const insideNowResult = z.object({
  eventId: z.string(),
  /** Attendees whose latest recorded movement is an entry. */
  insideNow: z.number().int().nonnegative(),
});

export const eventKeyInfo = z.object({
  eventId: z.string(),
  keyId: z.string(),
  /**
   * Which of the event's keys it is (0–255): what AR2 codes signed with it carry instead of the key
   * id or the event id. Null for a key beyond the 256th, which signs no code.
   */
  keyIndex: z.number().int().min(0).max(255).nullable(),
  /** base64url of the raw 32-byte Ed25519 public key (RFC 8032), the JWK `x`. */
  publicKey: z.string(),
  /** Whether this kiosk can sign codes with it (the private key never leaves the replica). */
  canSign: z.boolean(),
  createdAt: isoTime,
  retiredAt: isoTime.nullable(),
});
export type EventKeyInfo = z.infer<typeof eventKeyInfo>;

const eventIdInput = z.object({ eventId: z.string().min(1).max(64).optional() }).strict();

export const demoResult = z.object({
  eventId: z.string(),
  attendees: z.number().int().nonnegative(),
  /** Codes of ordinary, valid attendees: each is admitted on its first scan. */
  sampleCodes: z.array(z.string()),
});
export type DemoResult = z.infer<typeof demoResult>;

export const checkinMethods = {
  'checkins.checkIn': method({
    summary: 'Decide a scanned or typed code: the verdict, and the check-in written if the guest passes.',
    input: checkinInput,
    output: checkinResult,
  }),
  'checkins.undo': method({
    summary: 'Undo a recent check-in (within the undo window); recorded, never deleted.',
    input: z.object({ checkinId: z.string().min(1).max(100), reason: z.string().max(500).default(''), kioskId: kioskIdInput.optional() }),
    output: undoResult,
  }),
  'checkins.insideNow': method({
    summary: 'How many attendees of the event are inside now.',
    input: eventIdInput,
    output: insideNowResult,
  }),
  'keys.list': method({
    summary: "The event's ticket-signing keys (public halves).",
    input: eventIdInput,
    output: z.object({ eventId: z.string(), keys: z.array(eventKeyInfo) }),
  }),
  'keys.create': method({
    summary: 'Create a new signing key for the event; new codes are signed with it.',
    input: eventIdInput,
    output: eventKeyInfo,
  }),
  'demo.create': method({
    summary: 'Create (or top up) a demo event with attendees and signed codes, doors open now.',
    input: z.object({ attendees: z.number().int().min(1).max(100_000).default(200) }).strict(),
    output: demoResult,
  }),
};
