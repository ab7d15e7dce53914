/**
 * The kiosk's sync with the cloud: its status (one shape for the `sync.status` method and push
 * event, and the summary in `app.info`), enrollment, and what staff must see (dead letters,
 * flagged double admissions). The engine itself lives in sync/; these are its faces' words.
 */
import { z } from 'zod';
import { isoTime } from '../domain/attendee';
import { method, noInput } from './define';

export const syncState = z.enum(['not_enrolled', 'idle', 'syncing', 'offline', 'error', 'revoked']);
export type SyncState = z.infer<typeof syncState>;

export const syncStatus = z.object({
  /** Whether this kiosk holds a device token for a cloud event. */
  enrolled: z.boolean(),
  /**
   * not_enrolled: no cloud; idle: in step and following the live stream; syncing: pushing or
   * pulling now; offline: the cloud cannot be reached (retrying); error: the cloud answered with a
   * problem that retrying did not fix (see lastError); revoked: the cloud revoked this kiosk (its
   * event's personal data was wiped).
   */
  state: syncState,
  /** Whether the last contact with the cloud succeeded. */
  online: z.boolean(),
  /** The cloud's base URL, when enrolled. */
  server: z.string().nullable(),
  eventId: z.string().nullable(),
  kioskId: z.string(),
  /** ISO times of the last feed page applied and the last batch the cloud acknowledged. */
  lastPullAt: isoTime.nullable(),
  lastPushAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  /** Outbox items not yet acknowledged by the cloud (dead letters not counted). */
  queue: z.number().int().nonnegative(),
  /** Outbox items the cloud refused for good (staff can list them with `sync.deadLetters`). */
  deadLetters: z.number().int().nonnegative(),
  /** Double admissions the cloud flagged for this kiosk's event (`sync.duplicates` lists them). */
  duplicatesFlagged: z.number().int().nonnegative(),
  /** The first pull of an event's registrations: pages applied so far; null when not in one. */
  initialPull: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() }).nullable(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

/** The JSON a setup QR holds (the same shape as the cloud's `setupQrPayload`). */
export const syncEnrollQr = z.object({ server: z.url(), setupCode: z.string().min(4).max(100) });

export const syncEnrollInput = z.union([
  z.object({
    server: z.url().max(2000),
    setupCode: z.string().min(4).max(100),
    /** The device's name on the cloud's device list; default "kiosk <kioskId>". */
    name: z.string().trim().min(1).max(100).optional(),
  }).strict(),
  z.object({
    /** The setup QR's text as scanned: `{"server": …, "setupCode": …}`. */
    qr: z.string().min(2).max(4000),
    name: z.string().trim().min(1).max(100).optional(),
  }).strict(),
]);
export type SyncEnrollInput = z.infer<typeof syncEnrollInput>;

export const deadLetter = z.object({
  /** The outbox row's number (oldest first). */
  seq: z.number().int(),
  kind: z.enum(['checkin', 'undo', 'walk_in']),
  /** The check-in's, undo's or walk-in's id. */
  refId: z.string(),
  /** The ticket code it was about, when it has one. */
  code: z.string().nullable(),
  createdAt: isoTime,
  deadAt: isoTime,
  /** The cloud's refusal, as it said it. */
  error: z.string(),
  attempts: z.number().int().nonnegative(),
});
export type DeadLetter = z.infer<typeof deadLetter>;

export const flaggedDuplicate = z.object({
  /** The later check-in's id (the one the cloud flagged). */
  checkinId: z.string(),
  code: z.string(),
  /** The attendee's name as this replica knows it ('' when unknown here). */
  name: z.string(),
  kioskId: z.string(),
  at: isoTime,
  /** The earlier admission, when the cloud said which it was. */
  otherKioskId: z.string().nullable(),
  otherAt: isoTime.nullable(),
});
export type FlaggedDuplicate = z.infer<typeof flaggedDuplicate>;

const listInput = z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict();

export const syncMethods = {
  'sync.status': method({
    summary: "The sync with the cloud: enrolled, state, online, last pull and push, queue, dead letters, flagged duplicates.",
    input: noInput,
    output: syncStatus,
  }),
  'sync.enroll': method({
    summary: 'Enroll this kiosk with a cloud event (server and setup code, or the setup QR); the sync starts.',
    input: syncEnrollInput,
    output: syncStatus,
  }),
  'sync.unenroll': method({
    summary: "Leave the cloud event: the token is forgotten and the event's personal data wiped (counts kept).",
    input: noInput,
    output: syncStatus,
  }),
  'sync.now': method({
    summary: 'Ask for a push and pull now (returns at once; watch sync.status).',
    input: noInput,
    output: syncStatus,
  }),
  'sync.deadLetters': method({
    summary: 'Outbox items the cloud refused for good, oldest first, for staff to look at.',
    input: listInput,
    output: z.object({ items: z.array(deadLetter), total: z.number().int().nonnegative() }),
  }),
  'sync.duplicates': method({
    summary: 'Double admissions the cloud flagged (the same ticket admitted twice), newest first.',
    input: listInput,
    output: z.object({ items: z.array(flaggedDuplicate), total: z.number().int().nonnegative() }),
  }),
};

export const syncEvents = {
  /** Pushed by the sync engine whenever its status changes (the same shape as `sync.status`). */
  'sync.status': syncStatus,
};
