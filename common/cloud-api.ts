/**
 * The cloud's HTTP API shapes: the cloud server (cloud/) validates with them and generates its
 * /openapi.json from them, and the kiosk side speaks them (its outbox items are exactly
 * `ingestCheckin`; the sync engine, sync/, is to read `feedPage` with them), so one zod definition
 * serves both ends. Attendees and ticket types reuse the domain shapes, so the feed speaks the same
 * field names as `search --json`.
 */
import { z } from 'zod';
import { attendee, attendeeStatus, badgeFields, eventInfo, isoTime, ticketType } from './domain/attendee';
import { direction, verdict } from './domain/checkin';

/** Most check-ins one ingest request may carry; larger batches are refused whole (400). */
export const maxCheckinBatch = 500;
/** Most changes one feed page returns. */
export const maxFeedLimit = 5000;
export const defaultFeedLimit = 1000;
/** Most attendees one JSON bulk upsert may carry. */
export const maxAttendeeBatch = 10_000;

// PostgreSQL text cannot hold NUL; refusing it here keeps it a 400, not a failed transaction.
// eslint-disable-next-line no-control-regex -- NUL is exactly the character refused
const noNul = /^[^\u0000]*$/;
const shortText = (max: number) => z.string().trim().max(max).regex(noNul, 'no NUL characters');
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

export const cloudError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type CloudError = z.infer<typeof cloudError>;

export const eventIdParams = z.object({ id });

// ---- events and ticket types (managers) -------------------------------------------------------

export const cloudTicketType = ticketType.extend({
  /** Seats for public registration; null = unlimited. Bulk imports are not limited by it. */
  capacity: z.number().int().min(0).nullable(),
});
export type CloudTicketType = z.infer<typeof cloudTicketType>;

export const ticketTypeInput = z.object({
  name: z.string().trim().min(1).max(60),
  color: ticketType.shape.color.default('#1f6feb'),
  multiEntry: z.boolean().default(false),
  capacity: z.number().int().min(0).max(10_000_000).nullable().default(null),
});
export type TicketTypeInput = z.input<typeof ticketTypeInput>;

export const eventInput = z.object({
  /** Optional: a readable id; otherwise the server makes one. Codes carry it, so keep it short. */
  id: id.max(40).optional(),
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().min(1).max(64).default('UTC'),
  doorsOpen: isoTime.nullable().default(null),
  doorsClose: isoTime.nullable().default(null),
  ticketTypes: z.array(ticketTypeInput).max(100).default([]),
});
export type EventInput = z.input<typeof eventInput>;

export const eventPatch = eventInput.omit({ id: true, ticketTypes: true }).partial();

export const cloudEvent = eventInfo.extend({ ticketTypes: z.array(cloudTicketType) });
export type CloudEvent = z.infer<typeof cloudEvent>;

// ---- attendees (managers) ---------------------------------------------------------------------

/**
 * One attendee to create or update. Matched by `code` when given, else by `email` within the event;
 * without a code the server issues a signed one.
 */
export const attendeeUpsert = z.object({
  code: shortText(512).min(1).optional(),
  firstName: shortText(100).default(''),
  lastName: shortText(100).default(''),
  email: shortText(254).default(''),
  company: shortText(200).default(''),
  ticketType: z.string().trim().min(1).max(60).regex(noNul, 'no NUL characters'),
  status: attendeeStatus.default('valid'),
  vip: z.boolean().default(false),
  note: shortText(1000).default(''),
  badgeFields: badgeFields.default({}),
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

export const ticketCodeParams = z.object({ id, code: z.string().min(1).max(512) });

export const reissueResponse = z.object({ attendee, revokedCode: z.string() });

// ---- public registration ----------------------------------------------------------------------

export const registrationRequest = z.object({
  firstName: z.string().trim().min(1).max(100).regex(noNul, 'no NUL characters'),
  lastName: z.string().trim().min(1).max(100).regex(noNul, 'no NUL characters'),
  email: z.email().max(254),
  company: shortText(200).default(''),
  /** Defaults to the event's first ticket type. */
  ticketType: z.string().trim().min(1).max(60).optional(),
  badgeFields: badgeFields.default({}),
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
  setupCode: z.string().trim().min(4).max(100),
  name: z.string().trim().min(1).max(100).regex(noNul, 'no NUL characters'),
});
export const enrollResponse = z.object({ deviceId: z.string(), token: z.string(), eventId: z.string() });
export type EnrollResponse = z.infer<typeof enrollResponse>;

export const device = z.object({
  deviceId: z.string(),
  eventId: z.string(),
  name: z.string(),
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
  /** base64url of the raw Ed25519 public key (main/core/tickets/README.md). */
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
  kioskId: z.string().min(1).max(100).regex(noNul, 'no NUL characters'),
  code: z.string().min(1).max(512).regex(noNul, 'no NUL characters'),
  direction,
  at: isoTime,
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
