/**
 * Attendees: the door's search box and the import of attendee lists (CSV exports of Eventbrite,
 * pretix, Hi.Events or any list with a name and a code).
 */
import { z } from 'zod';
import { attendee } from '../domain/attendee';
import { verdict } from '../domain/checkin';
import { method } from './define';

/** The search box searches from this many characters; a shorter text finds nothing. */
export const searchMinLength = 2;
/** Matches are counted up to this many; beyond it, `totalCapped` says "more than". */
export const searchCountCap = 10_000;

export const attendeeSearchInput = z.object({
  /** Name, email, company or the start of a code; fewer than searchMinLength characters finds nothing. */
  text: z.string().max(200),
  limit: z.number().int().min(1).max(200).default(50),
  /** Only this event's attendees; default the kiosk's current event (all events if it has none). */
  eventId: z.string().min(1).max(64).optional(),
}).strict();

export const attendeeSearchResult = z.object({
  /** Best match first, at most `limit`. */
  attendees: z.array(attendee),
  /** How many attendees match in all, so a face can say "50 of 812 shown". */
  total: z.number().int().nonnegative(),
  /** True when there are more than `total` (= searchCountCap) matches. */
  totalCapped: z.boolean(),
});
export type AttendeeSearchResult = z.infer<typeof attendeeSearchResult>;

export const importRowError = z.object({
  /** 1-based line of the file (a row with a quoted newline is named by its first line). */
  line: z.number().int().positive(),
  reason: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

/** The largest attendee list accepted, in bytes: far above any real list (100k attendees ≈ 15 MB). */
export const maxImportFileBytes = 200 * 1024 * 1024;
/** Base64 carries 3 bytes in 4 characters. */
export const maxImportBase64Length = Math.ceil(maxImportFileBytes / 3) * 4;

/**
 * The list travels as bytes (an upload): no method reads a path on the kiosk's disk. The CLI reads
 * its FILE argument itself; a page sends what the user picked.
 */
export const attendeeImportInput = z.object({
  /** The list's name, only for messages ("guests.csv: missing required columns …"); never opened. */
  fileName: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'no control characters')
    .optional(),
  /** The file's bytes in base64 (RFC 4648, standard alphabet); its encoding is detected from them. */
  contentBase64: z
    .string()
    .max(maxImportBase64Length, `the list is larger than ${maxImportFileBytes / 1024 / 1024} MB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')
    .refine((text) => text.length % 4 === 0, 'not base64 (its length is not a multiple of 4)'),
  /** `Source column=field`; fields: code, eventId, firstName, lastName, name, email, company, ticketType, status, vip, note, badgeFields.LABEL. */
  map: z.array(z.string().min(3).max(300)).max(50).default([]),
  /** Import the good rows and report the bad ones, rather than refusing the whole file. */
  skipInvalid: z.boolean().default(false),
  /** Default: the kiosk's current event, or a new "Imported attendees" event on a fresh kiosk. */
  eventId: z.string().min(1).max(64).optional(),
}).strict();

export const importSummary = z.object({
  importId: z.string(),
  event: z.object({ id: z.string(), name: z.string(), created: z.boolean() }),
  /** eventbrite, pretix, hi.events or generic. */
  format: z.string(),
  encoding: z.string(),
  /** Field → the column it was read from. */
  columns: z.record(z.string(), z.string()),
  totalRows: z.number().int().nonnegative(),
  inserted: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** The file had bad rows and skipInvalid was off: nothing was written. */
  rejected: z.boolean(),
  ticketTypesCreated: z.array(z.string()),
  errors: z.array(importRowError),
});
export type ImportSummary = z.infer<typeof importSummary>;

/**
 * A guest registered at the door. The kiosk makes the walk-in's code (a short random code: it holds
 * no signing key for a cloud event) and the cloud keeps it; the sync engine sends the walk-in to the
 * cloud idempotently by its client id.
 */
export const walkInInput = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.string().trim().max(254).optional(),
  company: z.string().trim().max(200).optional(),
  /** One of the current event's ticket types; default its first type (a "Walk-in" type on an event that has none). */
  ticketType: z.string().trim().min(1).max(80).optional(),
  /** Admit the walk-in at once (the usual case at a door). */
  checkIn: z.boolean().default(true),
}).strict();
export type WalkInInput = z.input<typeof walkInInput>;

export const walkInResult = z.object({
  attendee,
  /** The check-in written when checkIn was asked for and the guest passed; null otherwise. */
  checkinId: z.string().nullable(),
  /** The check-in's verdict, when one was asked for. */
  verdict: verdict.optional(),
});
export type WalkInResult = z.infer<typeof walkInResult>;

export const attendeeMethods = {
  'attendees.search': method({
    summary: 'Find attendees by name, email, company or code prefix (case- and accent-insensitive, ranked).',
    input: attendeeSearchInput,
    output: attendeeSearchResult,
  }),
  'attendees.import': method({
    summary: 'Import a CSV attendee list (its bytes, base64) into the replica in one transaction; bad rows reject the file or, with skipInvalid, are skipped.',
    input: attendeeImportInput,
    output: importSummary,
  }),
  'attendees.registerWalkIn': method({
    summary: 'Register a walk-in at the door (the kiosk makes its code) and, unless told not to, check them in.',
    input: walkInInput,
    output: walkInResult,
  }),
};
