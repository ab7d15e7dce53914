/**
 * The domain's shared shapes. One definition serves the kiosk (`search --json`, the contract), the
 * cloud (feed, registration) and the sync engine, so an attendee has the same field names everywhere.
 */
import { z } from 'zod';

export const isoTime = z.iso.datetime({ offset: true });

export const attendeeStatus = z.enum(['valid', 'cancelled', 'refunded', 'pending']);
export type AttendeeStatus = z.infer<typeof attendeeStatus>;

/** Free badge fields: short labels to short values ("Track" → "Security"). */
export const badgeFields = z.record(z.string().max(64), z.string().max(500));

export const attendee = z.object({
  code: z.string(),
  eventId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  company: z.string(),
  ticketType: z.string(),
  status: attendeeStatus,
  vip: z.boolean(),
  note: z.string(),
  badgeFields,
});
export type Attendee = z.infer<typeof attendee>;

export const ticketType = z.object({
  eventId: z.string(),
  name: z.string().min(1).max(80),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb'),
  multiEntry: z.boolean(),
});
export type TicketType = z.infer<typeof ticketType>;

export const eventInfo = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  doorsOpen: isoTime.nullable(),
  doorsClose: isoTime.nullable(),
});
export type EventInfo = z.infer<typeof eventInfo>;
