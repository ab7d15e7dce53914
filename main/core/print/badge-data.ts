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

/** The sample attendee of the previews, the bench and the `arrivals badge --sample` output. */
export const sampleBadge: BadgeData = {
  code: 'AR1:' + 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZUGU3DOOBZGA'.repeat(4).slice(0, 200),
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
