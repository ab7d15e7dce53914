/**
 * Attendees: the door's search box and the import of attendee lists (CSV or XLSX exports of
 * pretix, Eventbrite, Hi.Events, Tito, Luma, Meetup or any list with a name and a code), with its dry run.
 */
import { z } from 'zod';
import { attendee, attendeeStatus } from '../domain/attendee';
import { direction, verdict } from '../domain/checkin';
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
  /**
   * The kiosk's last movement (not undone) of each shown attendee that has one, by code: whether
   * they are inside now and since when. Absent where the answer does not know movements.
   */
  lastMovements: z.record(z.string(), z.object({ direction, at: z.string() })).optional(),
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
  /** `Source column=field`; fields: code, eventId, firstName, lastName, name, email, company, ticketType, status, vip, note, badgeFields.LABEL, or `-` for a column not used. */
  map: z.array(z.string().min(3).max(300)).max(50).default([]),
  /** Import the good rows and report the bad ones, rather than refusing the whole file. */
  skipInvalid: z.boolean().default(false),
  /** Default: the kiosk's current event, or a new "Imported attendees" event on a fresh kiosk. */
  eventId: z.string().min(1).max(64).optional(),
}).strict();

export const importSummary = z.object({
  importId: z.string(),
  event: z.object({ id: z.string(), name: z.string(), created: z.boolean() }),
  /** The platform: pretix, eventbrite, hi.events, tito, luma, meetup or generic. */
  format: z.string(),
  /** Which of its exports: "order positions", "check-in list", "attendee report", "list"… */
  layout: z.string(),
  /** utf-8, windows-1252, utf-16le, utf-16be, or xlsx. */
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
  /** What the import noticed but did not refuse: codes pretix did not print, a Meetup list's codes… */
  warnings: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof importSummary>;

/** The same bytes as `attendees.import`; nothing is written. */
export const attendeeImportPreviewInput = attendeeImportInput.pick({ fileName: true, contentBase64: true, map: true });

/** How many preview rows are shown: the first ones, as they would be stored. */
export const importPreviewRowLimit = 20;

export const importPreview = z.object({
  /** The platform: pretix, eventbrite, hi.events, tito, luma, meetup or generic. */
  format: z.string(),
  /** Which of its exports: "order positions", "check-in list", "attendee report", "list"… */
  layout: z.string(),
  /** For people: "pretix check-in list (German)". */
  description: z.string(),
  language: z.enum(['en', 'de']).nullable(),
  /** 0–1: how many of the layout's characteristic headers the file has. */
  confidence: z.number().min(0).max(1),
  encoding: z.string(),
  /** `,`, `;` or a tab; null for XLSX. */
  delimiter: z.string().nullable(),
  /** The worksheet read, for XLSX. */
  sheet: z.string().nullable(),
  /** Every column of the file, with the attendee field it fills (null: unused) and why. */
  columns: z.array(z.object({ index: z.number().int().nonnegative(), column: z.string(), field: z.string().nullable(), why: z.string() })),
  /** Each value of each status column: what it maps to (null: unknown, the row is refused) and how many rows have it. */
  statuses: z.array(z.object({ column: z.string(), value: z.string(), status: attendeeStatus.nullable(), rows: z.number().int().nonnegative() })),
  /** Rows that would be stored, by status. */
  statusCounts: z.object({ valid: z.number().int(), pending: z.number().int(), cancelled: z.number().int(), refunded: z.number().int() }),
  totalRows: z.number().int().nonnegative(),
  /** Rows that would be imported. */
  goodRows: z.number().int().nonnegative(),
  /** The first importPreviewRowLimit rows as they would be stored. */
  rows: z.array(attendee.omit({ eventId: true }).extend({ line: z.number().int().positive() })),
  /** Rows that would be refused (up to 200), and how many in all. */
  errors: z.array(importRowError),
  errorCount: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
  /** Why `attendees.import` would refuse the whole file, or null. */
  problem: z.string().nullable(),
});
export type ImportPreview = z.infer<typeof importPreview>;
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
    summary: 'Import a CSV or XLSX attendee list (its bytes, base64) into the replica in one transaction; bad rows reject the file or, with skipInvalid, are skipped.',
    input: attendeeImportInput,
    output: importSummary,
  }),
  'attendees.importPreview': method({
    summary: 'Dry run of attendees.import (same bytes, same map): the detected export and its confidence, each column\'s mapping and why, the status mapping with counts, the first 20 rows as they would be stored, warnings. Writes nothing.',
    input: attendeeImportPreviewInput,
    output: importPreview,
  }),
  'attendees.registerWalkIn': method({
    summary: 'Register a walk-in at the door (the kiosk makes its code) and, unless told not to, check them in.',
    input: walkInInput,
    output: walkInResult,
  }),
};
