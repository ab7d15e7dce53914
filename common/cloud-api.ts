/**
 * The cloud's HTTP API shapes: the cloud server (cloud/) validates with them and generates its
 * /openapi.json from them, and the kiosk side speaks them (its outbox items are exactly
 * `ingestCheckin`; the sync engine, sync/, is to read `feedPage` with them), so one zod definition
 * serves both ends. Attendees and ticket types reuse the domain shapes, so the feed speaks the same
 * field names as `search --json`.
 */
import { z } from 'zod';
import { attendee, attendeeStatus, eventInfo, isoTime, ticketType } from './domain/attendee';
import { direction, verdict } from './domain/checkin';
import { isVisible, safeText, tokenText, visibleText } from './domain/text';
import { boundedIsoTime, timeZoneName } from './domain/time';

/** Most check-ins one ingest request may carry; larger batches are refused whole (400). */
export const maxCheckinBatch = 500;
/** Most changes one feed page returns. */
export const maxFeedLimit = 5000;
export const defaultFeedLimit = 1000;
/** Most attendees one JSON bulk upsert may carry. */
export const maxAttendeeBatch = 10_000;

// Every text input follows the one rule of common/domain/text.ts (no NUL, no lone surrogates,
// names not blank to the eye), so bad text is a 400 on both engines and nothing is stored.
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
/** A kiosk's id as it files check-ins (and as its device is bound to it). */
const kioskId = tokenText(100).refine(isVisible, 'is only invisible characters');
/** A ticket code as typed, scanned or put in a path. */
const ticketCode = tokenText(512);
/** Free badge fields: short visible labels to short values ("Track" → "Security"). */
const cloudBadgeFields = z.record(visibleText(64), safeText(500));

export const cloudError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type CloudError = z.infer<typeof cloudError>;

export const eventIdParams = z.object({ id });

// ---- events and ticket types (managers) -------------------------------------------------------

export const cloudTicketType = ticketType.extend({
  /** Seats for public registration; null = unlimited. Bulk imports are not limited by it. */
  capacity: z.number().int().min(0).nullable(),
  /** Whether guests may register for it themselves (POST …/registrations); staff types are not. */
  public: z.boolean(),
  /**
   * The type's number within the event (0–127), fixed when it is created: what AR2 codes carry
   * instead of its name. Null only for a type past the 128th of a database from before AR2 codes.
   */
  index: z.number().int().min(0).max(127).nullable(),
});
export type CloudTicketType = z.infer<typeof cloudTicketType>;

export const ticketTypeInput = z.object({
  name: visibleText(60),
  color: ticketType.shape.color.default('#1f6feb'),
  multiEntry: z.boolean().default(false),
  capacity: z.number().int().min(0).max(10_000_000).nullable().default(null),
  /** Open to public registration; off unless said (a VIP or staff type must not be self-served). */
  public: z.boolean().default(false),
});
export type TicketTypeInput = z.input<typeof ticketTypeInput>;

/** What an event's new codes are; the help text is the trade-off (it is in /openapi.json). */
export const codeKind = z
  .enum(['signed', 'short'])
  .describe(
    'What new ticket codes are. "signed" (AR2, about 108 characters): a kiosk verifies them offline, so it admits tickets sold after its last sync. ' +
      '"short" (16 random characters): they scan from farther away, but only a kiosk that has synced knows them. ' +
      'A change applies to codes issued from then on; codes already issued keep working.',
  );
export type CodeKind = z.infer<typeof codeKind>;

const eventFields = {
  name: visibleText(200),
  /** An IANA zone the server knows, for showing door times. */
  timeZone: timeZoneName,
  doorsOpen: boundedIsoTime.nullable(),
  doorsClose: boundedIsoTime.nullable(),
  /** Badge field labels a guest may fill in at public registration; any other is refused there. */
  guestBadgeFields: z.array(visibleText(64)).max(50),
  codes: codeKind,
};
const doorsInOrder = (v: { doorsOpen?: string | null | undefined; doorsClose?: string | null | undefined }) =>
  !v.doorsOpen || !v.doorsClose || Date.parse(v.doorsClose) >= Date.parse(v.doorsOpen);
const doorsMessage = { message: 'doorsClose is earlier than doorsOpen', path: ['doorsClose'] };

export const eventInput = z
  .object({
    /** Optional: a readable id; otherwise the server makes one. (Legacy AR1 codes carried it; AR2 codes do not.) */
    id: id.max(40).optional(),
    name: eventFields.name,
    timeZone: eventFields.timeZone.default('UTC'),
    doorsOpen: eventFields.doorsOpen.default(null),
    doorsClose: eventFields.doorsClose.default(null),
    guestBadgeFields: eventFields.guestBadgeFields.default([]),
    codes: eventFields.codes.default('signed'),
    ticketTypes: z.array(ticketTypeInput).max(100).default([]),
  })
  .refine(doorsInOrder, doorsMessage);
export type EventInput = z.input<typeof eventInput>;

/** Only the fields sent change (no defaults here: a PATCH of the name keeps the doors). */
export const eventPatch = z.object(eventFields).partial().refine(doorsInOrder, doorsMessage);
export type EventPatch = z.infer<typeof eventPatch>;

export const cloudEvent = eventInfo.extend({ guestBadgeFields: z.array(z.string()), codes: codeKind, ticketTypes: z.array(cloudTicketType) });
export type CloudEvent = z.infer<typeof cloudEvent>;

// ---- attendees (managers) ---------------------------------------------------------------------

/**
 * One attendee to create or update. Matched by `code` when given, else by `email` within the event;
 * without a code the server issues one (signed or short, as the event's `codes` says).
 */
export const attendeeUpsert = z.object({
  code: safeText(512).min(1).optional(),
  firstName: visibleText(100, 0).default(''),
  lastName: visibleText(100, 0).default(''),
  email: safeText(254).default(''),
  company: safeText(200).default(''),
  ticketType: visibleText(60),
  status: attendeeStatus.default('valid'),
  vip: z.boolean().default(false),
  note: safeText(1000).default(''),
  badgeFields: cloudBadgeFields.default({}),
});
export type AttendeeUpsert = z.input<typeof attendeeUpsert>;

export const attendeeBulkRequest = z.object({ attendees: z.array(attendeeUpsert).min(1).max(maxAttendeeBatch) });

export const attendeeBulkResponse = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** The code of each input row, in input order. */
  codes: z.array(z.string()),
  /** CSV rows the mapping refused (JSON input refuses the whole request instead). */
  rejected: z.array(z.object({ row: z.number().int(), message: z.string() })).default([]),
});

export const ticketCodeParams = z.object({ id, code: ticketCode });
export const ticketParams = z.object({ code: ticketCode });

export const reissueResponse = z.object({ attendee, revokedCode: z.string() });

// ---- public registration ----------------------------------------------------------------------

export const registrationRequest = z.object({
  firstName: visibleText(100),
  lastName: visibleText(100),
  email: z.email().max(254),
  company: safeText(200).default(''),
  /** A public ticket type; defaults to the event's first public one. */
  ticketType: visibleText(60).optional(),
  /** Only the labels the event lists in `guestBadgeFields`. */
  badgeFields: cloudBadgeFields.default({}),
});
export type RegistrationRequest = z.input<typeof registrationRequest>;

export const registrationResponse = z.object({
  attendee,
  qrSvgUrl: z.string(),
  qrPngUrl: z.string(),
});

// ---- devices ----------------------------------------------------------------------------------

export const setupCodeRequest = z.object({
  /** Minutes until an unused setup code expires. */
  ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(24 * 60),
});

export const setupCodeResponse = z.object({
  setupCode: z.string(),
  eventId: z.string(),
  expiresAt: isoTime,
  /** What the setup QR holds: the server URL and the code, as JSON. */
  qrPayload: z.string(),
  /** The setup QR as an SVG document, to show on the manager's screen. */
  qrSvg: z.string(),
});

/** The JSON a setup QR code holds; a kiosk scans it to enroll. */
export const setupQrPayload = z.object({ server: z.url(), setupCode: z.string() });

export const enrollRequest = z.object({
  setupCode: safeText(100).min(4),
  name: visibleText(100),
  /**
   * The kiosk's own id (what its check-ins carry). The token files check-ins only under it; without
   * one the device id is used. One active device per kiosk id and event.
   */
  kioskId: kioskId.optional(),
});
export const enrollResponse = z.object({ deviceId: z.string(), token: z.string(), eventId: z.string(), kioskId: z.string() });
export type EnrollResponse = z.infer<typeof enrollResponse>;

export const device = z.object({
  deviceId: z.string(),
  eventId: z.string(),
  name: z.string(),
  kioskId: z.string(),
  createdAt: isoTime,
  lastSeenAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});
export const deviceList = z.object({ devices: z.array(device) });
export const deviceParams = z.object({ deviceId: id });

// ---- kiosk feed -------------------------------------------------------------------------------

export const feedQuery = z.object({
  /** Opaque; absent or empty = from the beginning (a full snapshot). */
  cursor: z.string().regex(/^\d{0,15}$/, 'a cursor from a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(maxFeedLimit).default(defaultFeedLimit),
});

export const feedCheckin = z.object({
  id: z.string(),
  kioskId: z.string(),
  code: z.string(),
  direction,
  at: isoTime,
  verdict,
  /** Whether it changed who is inside (an entry or exit recorded for a known or green ticket). */
  recorded: z.boolean(),
  flagged: z.boolean(),
});

export const signingKey = z.object({
  keyId: z.string(),
  /**
   * The key's number within the event (0–255), fixed when it is made: what AR2 codes carry instead
   * of the key id and the event id. Null only past the 256th key of a database from before AR2 codes.
   */
  keyIndex: z.number().int().min(0).max(255).nullable(),
  /** base64url of the raw 32-byte Ed25519 public key (main/core/tickets/README.md). */
  publicKey: z.string(),
  createdAt: isoTime,
});

/** One change, in the event's total order (`seq`). An attendee's change carries its latest state. */
export const feedChange = z.discriminatedUnion('kind', [
  z.object({ seq: z.number().int(), kind: z.literal('ticketType'), ticketType: cloudTicketType }),
  z.object({ seq: z.number().int(), kind: z.literal('attendee'), attendee }),
  z.object({ seq: z.number().int(), kind: z.literal('revocation'), code: z.string(), revokedAt: isoTime }),
  z.object({ seq: z.number().int(), kind: z.literal('signingKey'), key: signingKey }),
  z.object({ seq: z.number().int(), kind: z.literal('checkin'), checkin: feedCheckin }),
]);
export type FeedChange = z.infer<typeof feedChange>;

export const feedPage = z.object({
  event: eventInfo,
  changes: z.array(feedChange),
  /** Pass back as `cursor` for the next page (also when `hasMore` is false, to poll for news). */
  nextCursor: z.string(),
  hasMore: z.boolean(),
});
export type FeedPage = z.infer<typeof feedPage>;

// ---- check-in ingest --------------------------------------------------------------------------

export const ingestCheckin = z.object({
  /** Made by the kiosk; the idempotency key. */
  id: z.uuid(),
  /** The kiosk that made it; a device token may file only under its own kiosk id. */
  kioskId,
  code: ticketCode,
  direction,
  /** When it happened at the door; the server refuses times far from its own clock (a setting, ±1 year by default). */
  at: boundedIsoTime,
  verdict,
});
export type IngestCheckin = z.infer<typeof ingestCheckin>;

export const ingestRequest = z.object({ checkins: z.array(ingestCheckin).min(1).max(maxCheckinBatch) });
export type IngestRequest = z.infer<typeof ingestRequest>;

export const ingestResultKind = z.enum(['accepted', 'duplicate_entry', 'unknown_ticket', 'revoked']);
export type IngestResultKind = z.infer<typeof ingestResultKind>;

export const ingestResult = z.object({
  id: z.string(),
  result: ingestResultKind,
  /** Stored and counted (always true when the kiosk showed green). */
  recorded: z.boolean(),
  /** Needs a human look: a duplicate entry, or a green verdict on an unknown or revoked ticket. */
  flagged: z.boolean(),
  /** duplicate_entry: the other admission. */
  otherKioskId: z.string().optional(),
  otherAt: isoTime.optional(),
});
export type IngestResult = z.infer<typeof ingestResult>;

export const ingestResponse = z.object({ results: z.array(ingestResult) });
export type IngestResponse = z.infer<typeof ingestResponse>;

// ---- reports ----------------------------------------------------------------------------------

export const eventStats = z.object({
  eventId: z.string(),
  /** Distinct tickets admitted at least once. */
  admitted: z.number().int(),
  /** Valid tickets. */
  expected: z.number().int(),
  insideNow: z.number().int(),
  duplicatesFlagged: z.number().int(),
  /** The latest duplicate admissions (newest first, at most 50), to follow up at the door. */
  recentDuplicates: z.array(z.object({ id: z.string(), code: z.string(), kioskId: z.string(), at: isoTime, otherKioskId: z.string().nullable(), otherAt: isoTime.nullable() })),
  byTicketType: z.array(z.object({ ticketType: z.string(), admitted: z.number().int(), expected: z.number().int() })),
  /** Entries per 5-minute bucket (bucket start, UTC). */
  arrivalsPer5Min: z.array(z.object({ from: isoTime, entries: z.number().int() })),
  kiosks: z.array(z.object({ kioskId: z.string(), checkins: z.number().int(), lastSeenAt: isoTime })),
  generatedAt: isoTime,
});
export type EventStats = z.infer<typeof eventStats>;

export const health = z.object({ ok: z.boolean() });
