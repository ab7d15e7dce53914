/** Handlers for `attendees.*`: the search box and list import, over the kiosk's replica. */
import { currentEventId } from '../db/settings-queries';
import { importAttendeeFile } from '../import/import-attendees';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { searchAttendees } from '../search/attendee-search';

export function attendeeHandlers(context: KioskContext): Pick<Handlers, 'attendees.search' | 'attendees.import'> {
  return {
    // The door searches its own event: another event's guest found here would only be refused.
    'attendees.search': (input) => {
      const db = context.replica();
      return searchAttendees(db, input.text, { limit: input.limit, eventId: input.eventId ?? currentEventId(db) });
    },
    'attendees.import': (input) =>
      importAttendeeFile(context.replica(), input.path, {
        map: input.map,
        skipInvalid: input.skipInvalid,
        eventId: input.eventId,
        onProgress: (progress) => context.bus.emit('import.progress', progress),
        clock: context.clock,
      }),
  };
}
