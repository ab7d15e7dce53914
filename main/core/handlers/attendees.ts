/** Handlers for `attendees.*`: the search box and list import, over the kiosk's replica. */
import { importAttendeeFile } from '../import/import-attendees';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { searchAttendees } from '../search/attendee-search';

export function attendeeHandlers(context: KioskContext): Pick<Handlers, 'attendees.search' | 'attendees.import'> {
  return {
    'attendees.search': (input) => searchAttendees(context.replica(), input.text, { limit: input.limit, eventId: input.eventId }),
    'attendees.import': (input) =>
      importAttendeeFile(context.replica(), input.path, {
        map: input.map,
        skipInvalid: input.skipInvalid,
        eventId: input.eventId,
        onProgress: (progress) => context.bus.emit('import.progress', progress),
      }),
  };
}
