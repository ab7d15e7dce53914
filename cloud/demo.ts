/**
 * The demo event `arrivals cloud --demo` serves: the kiosk demo's own event (`arrivals demo`, made
 * by main/core/demo), handed over by the CLI as a seed, so the cloud and a demo kiosk share the
 * event id, name, doors, ticket types, signing key and tickets and can be joined once sync exists.
 * The cloud itself never reads the kiosk's replica.
 */
import type { Attendee, EventInfo } from '../common/domain/attendee';
import type { EventKey } from '../common/node/signing';
import type { CloudDb } from './db/connect';
import { bulkUpsertAttendees } from './store/attendees';
import { createEvent, getEvent } from './store/events';

export interface DemoSeed {
  event: EventInfo;
  /** With the indices the kiosk gave them: its codes carry those. */
  ticketTypes: Array<{ name: string; color: string; multiEntry: boolean; index: number | null }>;
  /** The types guests may register for themselves (the rest are staff-only). */
  publicTicketTypes: string[];
  /** The key the kiosk signed the demo's codes with, and its index; the cloud signs new registrations with it too. */
  key: EventKey & { keyIndex: number };
  attendees: Array<Attendee & { ticketId: string | null }>;
}

/** Creates the demo event once (a restart on the same database keeps what is there). */
export async function seedDemo(cdb: CloudDb, seed: DemoSeed): Promise<string> {
  const { event } = seed;
  if (await getEvent(cdb.db, event.id)) return event.id;
  const open = new Set(seed.publicTicketTypes);
  await createEvent(cdb, {
    id: event.id,
    name: event.name,
    timeZone: event.timeZone,
    doorsOpen: event.doorsOpen,
    doorsClose: event.doorsClose,
    guestBadgeFields: [],
    codes: 'signed',
    ticketTypes: seed.ticketTypes.map((t) => ({ ...t, index: t.index ?? undefined, capacity: null, public: open.has(t.name) })),
    key: seed.key,
  });
  if (seed.attendees.length) {
    await bulkUpsertAttendees(
      cdb,
      event.id,
      seed.attendees.map(({ eventId: _eventId, ticketId, ...attendee }) => ({ ...attendee, ...(ticketId ? { ticketId } : {}) })),
      { origin: 'demo' },
    );
  }
  return event.id;
}
