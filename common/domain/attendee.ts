/**
 * The domain's shared shapes. One definition serves the kiosk (`search --json`, the contract), the
 * cloud (feed, registration) and the sync engine, so an attendee has the same field names everywhere.
 */
import { z } from 'zod';

export const isoTime = z.iso.datetime({ offset: true });

/**
 * The ticket type a walk-in gets at a kiosk whose event has none (main/core/checkin/walk-in.ts).
 * The cloud creates it (closed to the public) when a walk-in names it and the event lacks it
 * (cloud/store/walk-ins.ts): the guest is at the door, so registering them must not fail.
 */
export const walkInTicketType = 'Walk-in';

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

/**
 * An attendee as both stores keep it (the kiosk's replica and the cloud name their columns alike);
 * each store's own row id is not part of an attendee.
 */
export interface AttendeeColumns {
  code: string;
  event_id: string;
  first_name: string;
  last_name: string;
  email: string;
  company: string;
  ticket_type: string;
  status: string;
  vip: number;
  note: string;
  /** JSON text of an object of strings. */
  badge_fields: string;
}

/** The shared JSON shape of a stored attendee row (kiosk search, cloud feed and API). */
export function attendeeFromColumns(row: AttendeeColumns): Attendee {
  return {
    code: row.code,
    eventId: row.event_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    company: row.company,
    ticketType: row.ticket_type,
    status: row.status as AttendeeStatus,
    vip: row.vip === 1,
    note: row.note,
    badgeFields: parseBadgeFields(row.badge_fields),
  };
}

function parseBadgeFields(text: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    }
  } catch {
    // Both stores write valid JSON; an unexpected shape is shown as no badge fields.
  }
  return {};
}

/** A colour as #rrggbb: a ticket type's badge band, an event's accent. */
export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb');

export const ticketType = z.object({
  eventId: z.string(),
  name: z.string().min(1).max(80),
  color: hexColor,
  multiEntry: z.boolean(),
});
export type TicketType = z.infer<typeof ticketType>;

export const eventInfo = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  doorsOpen: isoTime.nullable(),
  doorsClose: isoTime.nullable(),
  /** The event's accent (the self-service attract screen); null or absent: the app's default. Absent from older clouds. */
  color: hexColor.nullable().optional(),
});
export type EventInfo = z.infer<typeof eventInfo>;
