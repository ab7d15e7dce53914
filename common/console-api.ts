/**
 * The shapes of the routes the managers' console added to the cloud API (issue 15): sign-in and
 * sessions, the paged attendee list, the CSV mapping preview, and the email outbox. They are
 * ordinary API routes (an admin token works on them too); the console speaks them with a session.
 * The rest of the console (events, devices, tickets, stats) uses the shapes of ./cloud-api.ts.
 */
import { z } from 'zod';
import { importPreview } from './contract/attendees';
import { attendee, isoTime } from './domain/attendee';
import { safeText } from './domain/text';

// ---- sessions ---------------------------------------------------------------------------------

export const signInRequest = z.object({
  email: safeText(254).min(3),
  password: z.string().min(1).max(1024),
});
export type SignInRequest = z.infer<typeof signInRequest>;

export const sessionInfo = z.object({
  /** `manager`: a signed-in person; `admin`: the admin token (automation). */
  kind: z.enum(['manager', 'admin']),
  email: z.string().nullable(),
  /** Send it back as the `x-csrf-token` header on every call that changes something (null for the admin token). */
  csrfToken: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

/** A new manager account (`POST /v1/users`, e.g. the first one, made with the admin token). */
export const userInput = z.object({ email: z.email().max(254), password: z.string().min(10).max(1024) });
export const userInfo = z.object({ userId: z.string(), email: z.string() });

// ---- attendees (paged, searched on the server) ------------------------------------------------

export const maxAttendeePage = 200;

export const attendeeListQuery = z.object({
  /** Words matched against name, email, company and code (case-insensitive; every word must match). */
  q: safeText(200).default(''),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(maxAttendeePage).default(50),
  status: z.enum(['valid', 'cancelled', 'refunded', 'pending', 'any']).default('any'),
});

export const attendeeListPage = z.object({
  /** How many attendees match (all pages). */
  total: z.number().int(),
  offset: z.number().int(),
  attendees: z.array(attendee.extend({ emailStatus: z.enum(['none', 'pending', 'sent', 'failed']) })),
});
export type AttendeeListPage = z.infer<typeof attendeeListPage>;

// ---- CSV import preview -----------------------------------------------------------------------

/**
 * The import's dry run (common/node/import/preview.ts, what `arrivals import --dry-run` shows): the
 * platform and layout detected, every column with the field it fills and why, status values, the
 * first rows as they would be stored, refused rows and warnings; plus the fields a column can be
 * mapped to (a `map` entry `Column=field`, as `--map` takes it).
 */
export const csvPreviewResponse = importPreview.extend({ fields: z.array(z.string()) });
export type CsvPreview = z.infer<typeof csvPreviewResponse>;

// ---- email outbox -----------------------------------------------------------------------------

export const emailStatus = z.enum(['pending', 'sent', 'failed']);

export const outboxEmail = z.object({
  id: z.string(),
  eventId: z.string(),
  attendeeId: z.string(),
  /** The attendee's name, to show beside the failure. */
  name: z.string(),
  to: z.string(),
  status: emailStatus,
  attempts: z.number().int(),
  nextAttemptAt: isoTime,
  lastError: z.string().nullable(),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
});
export type OutboxEmail = z.infer<typeof outboxEmail>;

export const outboxQuery = z.object({ status: z.enum(['pending', 'sent', 'failed', 'unsent']).default('unsent') });
export const outboxList = z.object({
  /** Whether this server has an SMTP server to send through (ARRIVALS_SMTP_URL). */
  smtpConfigured: z.boolean(),
  emails: z.array(outboxEmail),
});
export const emailParams = z.object({ id: z.string().min(1).max(64), emailId: z.string().min(1).max(64) });
