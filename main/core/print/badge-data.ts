/** What a badge shows, already gathered from the replica (attendee, ticket type, event, settings). */
export interface BadgeData {
  code: string;
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  ticketType: string;
  /** The ticket type's colour, "#rrggbb". */
  ticketColor: string;
  eventName: string;
  badgeFields: Record<string, string>;
  /** The event logo (PNG or JPEG) if the kiosk has one configured; checked before rendering. */
  logoPath: string | null;
}

/**
 * As long as the longest code a badge must print: a compact signed code is at most 122
 * QR-alphanumeric characters (QR version 5 at level M, 37 modules; qr.ts longestCodeModules).
 */
export const longestSampleCode = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZUGU3DOOBZGA'.repeat(3).slice(0, 122);

/** The sample attendee of the previews and the template tests. */
export const sampleBadge: BadgeData = {
  code: longestSampleCode,
  firstName: 'Zoë',
  lastName: 'Ångström-Papadopoulou',
  company: 'Σύνδεσμος Ltd · Москва',
  email: 'zoe@example.org',
  ticketType: 'Speaker',
  ticketColor: '#c2410c',
  eventName: 'Arrivals Summit 2026',
  badgeFields: { Track: 'Security', Table: '12' },
  logoPath: null,
};
