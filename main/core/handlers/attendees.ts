/** Handlers for `attendees.*`: the search box and list import, over the kiosk's replica. */
import { currentEventId } from '../db/settings-queries';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { searchAttendeesWithTotal } from '../search/attendee-search';

export function attendeeHandlers(context: KioskContext): Pick<Handlers, 'attendees.search' | 'attendees.import'> {
  return {
    // The door searches its own event: another event's guest found here would only be refused.
    'attendees.search': (input) => {
      const db = context.replica();
      return searchAttendeesWithTotal(db, input.text, { limit: input.limit, eventId: input.eventId ?? currentEventId(db) });
    },
    // The list reader (encodings, CSV, mappings) loads with the first import, not with every kiosk.
    'attendees.import': async (input) =>
      (await import('../import/import-attendees')).importAttendeeFile(context.replica(), input.path, {
        map: input.map,
        skipInvalid: input.skipInvalid,
        eventId: input.eventId,
        onProgress: (progress) => context.bus.emit('import.progress', progress),
      }),
  };
}
