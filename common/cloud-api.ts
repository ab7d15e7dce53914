/**
 * The cloud's HTTP API shapes: the cloud server (cloud/) validates with them and generates its
 * /openapi.json from them, and the kiosk side speaks them (its outbox items are exactly
 * `ingestCheckin`, `ingestUndo` and `ingestWalkIn`; the sync engine, sync/, reads `feedPage` with
 * them), so one zod definition serves both ends. Attendees and ticket types reuse the domain shapes,
 * so the feed speaks the same field names as `search --json`.
 *
 * The sync protocol in short (cloud/README.md has the details):
 * - push: `POST /v1/events/:id/checkins` with an `ingestRequest` (check-ins, undos, walk-ins; one
 *   answer per item, in order, per kind; every item idempotent by its own id);
 * - pull: `GET /v1/events/:id/feed` (or `/feed/stream`) pages of `feedChange`s in the cloud's order;
 * - report: `POST /v1/events/:id/report` with a `deviceReport` (queue depth and dead letters);
 * - a revoked device's token gets 401 with the error code `device_revoked`; an unknown one `unauthorized`.
 */
import { z } from 'zod';
import { attendee, attendeeStatus, eventInfo, hexColor, isoTime, ticketType } from './domain/attendee';
import { direction, verdict } from './domain/checkin';
import { isVisible, safeText, tokenText, visibleText } from './domain/text';
import { boundedIsoTime, timeZoneName } from './domain/time';

/** Most items (check-ins, undos and walk-ins together) one ingest request may carry; larger batches are refused whole (400). */
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

/**
 * Every error answer. `code` is one of: `bad_input` (400), `unauthorized` (401: no or unknown token),
 * `device_revoked` (401: the device's token was revoked: the kiosk wipes its personal data),
 * `forbidden` (403), `not_found` (404), `conflict` / `sold_out` (409), `rate_limited` (429), `internal` (500).
 */
export const cloudError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type CloudError = z.infer<typeof cloudError>;
/** The 401 error code of a revoked device's token (an unknown token gets `unauthorized`). */
export const deviceRevokedCode = 'device_revoked';

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
  /** The event's accent colour (#rrggbb) on kiosks' self-service screens; null: the app's default. */
  color: hexColor.nullable(),
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
    color: eventFields.color.default(null),
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

/** A re-issue keeps the attendee (and its stable `ticketId`) and gives it a new code; the old one is revoked. */
export const reissueResponse = z.object({ attendee, ticketId: z.string(), revokedCode: z.string() });

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
  /** The device's last call (feed pull, stream connect or while it stays open, ingest, report), to the minute. */
  lastSeenAt: isoTime.nullable(),
  /** Retired: revoked by a manager, or left (see `leftAt`); its token is refused and its kiosk id may enroll again. */
  revokedAt: isoTime.nullable(),
  /** The kiosk unenrolled itself and told the cloud (POST …/devices/self/leave); `revokedAt` is then set too. */
  leftAt: isoTime.nullable().default(null),
  /** Outbox items not yet answered by the cloud, as the kiosk last reported (POST …/report); null: never reported. */
  reportedQueue: z.number().int().nullable().default(null),
  /** Outbox items the cloud refused for good (dead letters), as last reported. */
  reportedDeadLetters: z.number().int().nullable().default(null),
  /** The kiosk's app version, as last reported. */
  reportedAppVersion: z.string().nullable().default(null),
  /** When the kiosk last reported (the cloud's clock). */
  reportedAt: isoTime.nullable().default(null),
});
export type Device = z.infer<typeof device>;

/** The answer to POST /v1/events/:id/devices/self/leave: when the device was retired (the cloud's clock). */
export const deviceLeaveResponse = z.object({ leftAt: isoTime });
export type DeviceLeaveResponse = z.infer<typeof deviceLeaveResponse>;

/** What a kiosk tells the cloud about itself after a sync run (POST /v1/events/:id/report, device token only). */
export const deviceReport = z.object({
  /** Outbox items not yet answered by the cloud. */
  queue: z.number().int().min(0).max(1_000_000_000),
  /** Outbox items the cloud refused for good, kept for staff to see. */
  deadLetters: z.number().int().min(0).max(1_000_000_000),
  appVersion: safeText(50).default(''),
});
export type DeviceReport = z.input<typeof deviceReport>;
export const deviceReportResponse = z.object({ reportedAt: isoTime });
export const deviceList = z.object({ devices: z.array(device) });
export const deviceParams = z.object({ deviceId: id });

// ---- kiosk feed -------------------------------------------------------------------------------

export const feedQuery = z.object({
  /** Opaque; absent or empty = from the beginning (a full snapshot). */
  cursor: z.string().regex(/^\d{0,15}$/, 'a cursor from a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(maxFeedLimit).default(defaultFeedLimit),
});

export const ingestResultKind = z.enum(['accepted', 'duplicate_entry', 'unknown_ticket', 'revoked']);
export type IngestResultKind = z.infer<typeof ingestResultKind>;

export const feedCheckin = z.object({
  id: z.string(),
  kioskId: z.string(),
  code: z.string(),
  direction,
  /** The kiosk's time at the door: data to show, never an order (kiosk clocks may be off). */
  at: isoTime,
  verdict,
  /** Whether it counts for who is inside (an entry or exit recorded for a known or green ticket). */
  recorded: z.boolean(),
  flagged: z.boolean(),
  /** What the cloud decided when it arrived (duplicate_entry: a second admission, decided in arrival order). */
  result: ingestResultKind.optional(),
});
export type FeedCheckin = z.infer<typeof feedCheckin>;

/** An accepted undo: the check-in `checkinId` no longer counts (it always comes after that check-in in the feed). */
export const feedUndo = z.object({
  id: z.string(),
  checkinId: z.string(),
  /** The kiosk that undid it (any kiosk of the event may undo any of its check-ins). */
  kioskId: z.string(),
  at: isoTime,
  reason: z.string(),
});
export type FeedUndo = z.infer<typeof feedUndo>;

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

/**
 * One change, in the event's total order (`seq`). An attendee's change carries its latest state.
 *
 * Who is inside: fold each ticket's recorded check-ins that no undo names, in `seq` order (the
 * cloud's arrival order; never by `at`): an entry puts the guest in, an exit out. The cloud's stats
 * count `insideNow` the same way.
 */
export const feedChange = z.discriminatedUnion('kind', [
  z.object({ seq: z.number().int(), kind: z.literal('ticketType'), ticketType: cloudTicketType }),
  z.object({
    seq: z.number().int(),
    kind: z.literal('attendee'),
    /**
     * The attendee's stable identity at the cloud: it never changes, also not when the ticket is
     * re-issued (a new code on the same attendee; the old code comes as a `revocation`). A kiosk
     * matches attendees by it (by code only for one it has never seen with a ticketId). It is not
     * the serial a signed code carries (that changes with the code).
     */
    ticketId: z.string(),
    attendee,
  }),
  z.object({ seq: z.number().int(), kind: z.literal('revocation'), code: z.string(), revokedAt: isoTime }),
  z.object({ seq: z.number().int(), kind: z.literal('signingKey'), key: signingKey }),
  z.object({ seq: z.number().int(), kind: z.literal('checkin'), checkin: feedCheckin }),
  z.object({ seq: z.number().int(), kind: z.literal('undo'), undo: feedUndo }),
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

// ---- ingest: check-ins, undos, walk-ins --------------------------------------------------------
//
// One request (POST /v1/events/:id/checkins) carries any mix of the three kinds; the cloud applies
// the walk-ins first, then the check-ins, then the undos (each kind in order), so one batch may hold
// a walk-in, its check-in and that check-in's undo. Every item is idempotent by its own id: a replay
// gets exactly the answer its first ingest gave.
//
// What the kiosk does with the answers:
// - 200: one answer per item, per kind, in order. Final answers (ack the item): every check-in
//   result; undo `accepted` and `already_undone`; walk-in `created` and `duplicate`. Permanent
//   refusals (dead-letter the item, go on with the rest): undo `unknown_checkin`; walk-in
//   `unknown_ticket_type` and `code_taken`.
// - 400 `bad_input`: the request itself is malformed (a schema error, more than maxCheckinBatch
//   items, an `at` far from the cloud's clock); nothing was stored. Permanent: retrying the same
//   request cannot help (send its items one by one to find the bad one).
// - 401 `device_revoked`: wipe and stop. 401 `unauthorized`, 403 `forbidden` (an item filed under
//   another kiosk id, another event's token), 404 `not_found`: permanent for the whole request.
// - 429 (with Retry-After), 5xx, network errors and timeouts: transient; retry the same items.

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

/**
 * An undo of a check-in: the check-in stays stored but no longer counts (inside, admitted, arrivals,
 * double admissions). Any kiosk of the event may undo any check-in of the event (its replica holds
 * the other kiosks' check-ins; a refusal would leave it disagreeing with the cloud for good); the
 * undo names the kiosk that made it, which must be the device's own.
 */
export const ingestUndo = z.object({
  /** The undo's own id, made by the kiosk; the idempotency key. */
  id: z.uuid(),
  /** The check-in it undoes. */
  checkinId: z.uuid(),
  /** The kiosk that undid it; a device token may file only under its own kiosk id. */
  kioskId,
  at: boundedIsoTime,
  reason: safeText(500).default(''),
});
export type IngestUndo = z.infer<typeof ingestUndo>;

/**
 * A guest registered at a kiosk. The cloud creates the attendee (origin walk_in) with the code the
 * kiosk made and printed, idempotently by `clientId`; it then reaches every kiosk in the feed like
 * any attendee. Walk-ins are not held to a ticket type's capacity (the guest is at the door).
 */
export const ingestWalkIn = z.object({
  /** Made by the kiosk; the idempotency key. */
  clientId: z.uuid(),
  /** The kiosk that registered the guest; a device token may file only under its own kiosk id. */
  kioskId,
  /** The code the kiosk printed; kept as is (no other attendee of any event may hold it). */
  code: ticketCode,
  firstName: visibleText(100, 0).default(''),
  lastName: visibleText(100, 0).default(''),
  email: safeText(254).default(''),
  company: safeText(200).default(''),
  /**
   * One of the event's ticket types; an unknown one is refused per item, except the kiosks' fallback
   * `Walk-in` (an event with no types), which the cloud then creates, closed to the public.
   */
  ticketType: safeText(80).min(1),
  at: boundedIsoTime,
});
export type IngestWalkIn = z.infer<typeof ingestWalkIn>;

const batchTotal = (v: { checkins?: unknown[]; undos?: unknown[]; walkIns?: unknown[] }) => (v.checkins?.length ?? 0) + (v.undos?.length ?? 0) + (v.walkIns?.length ?? 0);

/** At least one item and at most maxCheckinBatch of all kinds together; a `checkins`-only request is still one. */
export const ingestRequest = z
  .object({
    checkins: z.array(ingestCheckin).max(maxCheckinBatch).default([]),
    undos: z.array(ingestUndo).max(maxCheckinBatch).default([]),
    walkIns: z.array(ingestWalkIn).max(maxCheckinBatch).default([]),
  })
  .refine((v) => batchTotal(v) >= 1, { message: 'an ingest request carries at least one check-in, undo or walk-in' })
  .refine((v) => batchTotal(v) <= maxCheckinBatch, { message: `an ingest request carries at most ${maxCheckinBatch} items (check-ins, undos and walk-ins together)` });
export type IngestRequest = z.infer<typeof ingestRequest>;
/** What a kiosk sends (the kinds it has nothing of may be left out). */
export type IngestRequestInput = z.input<typeof ingestRequest>;

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

/**
 * accepted: the check-in no longer counts. already_undone: another undo (another id) undid it first;
 * nothing changed (final, like accepted). unknown_checkin: no check-in with that id at this event
 * (permanent).
 */
export const ingestUndoResultKind = z.enum(['accepted', 'already_undone', 'unknown_checkin']);
export type IngestUndoResultKind = z.infer<typeof ingestUndoResultKind>;
export const ingestUndoResult = z.object({
  id: z.string(),
  checkinId: z.string(),
  result: ingestUndoResultKind,
  /** already_undone: the undo that undid it first. */
  undoneBy: z.string().optional(),
  /** Why, for a refusal, in words for staff. */
  message: z.string().optional(),
});
export type IngestUndoResult = z.infer<typeof ingestUndoResult>;

/**
 * created: the attendee now exists at the cloud. duplicate: this clientId was ingested before (the
 * same attendee, as it is now). unknown_ticket_type (not a type of the event, and not the `Walk-in`
 * fallback the cloud creates), code_taken (another attendee of any event holds the code): refused for
 * good, nothing stored.
 */
export const ingestWalkInResultKind = z.enum(['created', 'duplicate', 'unknown_ticket_type', 'code_taken']);
export type IngestWalkInResultKind = z.infer<typeof ingestWalkInResultKind>;
export const ingestWalkInResult = z.object({
  clientId: z.string(),
  result: ingestWalkInResultKind,
  /** created / duplicate: the attendee's stable id (the feed's `ticketId`). */
  ticketId: z.string().optional(),
  /** created / duplicate: the attendee as the cloud keeps it. */
  attendee: attendee.optional(),
  /** Why, for a refusal, in words for staff. */
  message: z.string().optional(),
});
export type IngestWalkInResult = z.infer<typeof ingestWalkInResult>;

export const ingestResponse = z.object({
  /** One per check-in, in order. */
  results: z.array(ingestResult),
  /** One per undo, in order. */
  undos: z.array(ingestUndoResult).default([]),
  /** One per walk-in, in order. */
  walkIns: z.array(ingestWalkInResult).default([]),
});
export type IngestResponse = z.infer<typeof ingestResponse>;

// ---- reports ----------------------------------------------------------------------------------

export const eventStats = z.object({
  eventId: z.string(),
  /** Distinct tickets admitted at least once. */
  admitted: z.number().int(),
  /** Valid tickets. */
  expected: z.number().int(),
  insideNow: z.number().int(),
  /** Second admissions on one ticket (decided in the cloud's arrival order), leaving out undone ones. */
  duplicatesFlagged: z.number().int(),
  /** Check-ins undone (they count nowhere else). */
  undone: z.number().int(),
  /** The latest duplicate admissions (newest first, at most 50), to follow up at the door: both kiosks and both door times. */
  recentDuplicates: z.array(z.object({ id: z.string(), code: z.string(), kioskId: z.string(), at: isoTime, otherKioskId: z.string().nullable(), otherAt: isoTime.nullable() })),
  byTicketType: z.array(z.object({ ticketType: z.string(), admitted: z.number().int(), expected: z.number().int() })),
  /** Entries per 5-minute bucket (bucket start, UTC). */
  arrivalsPer5Min: z.array(z.object({ from: isoTime, entries: z.number().int() })),
  kiosks: z.array(z.object({ kioskId: z.string(), checkins: z.number().int(), lastSeenAt: isoTime })),
  generatedAt: isoTime,
});
export type EventStats = z.infer<typeof eventStats>;

export const health = z.object({ ok: z.boolean() });
