/** Handlers for `attendees.*`: the search box and list import, over the kiosk's replica. */
import { ArrivalsError } from '../../../common/contract/errors';
import { currentEventId } from '../db/settings-queries';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { searchAttendeesWithTotal } from '../search/attendee-search';
import { checkinEngine, type CheckinEngine } from '../checkin/engine';
import { registerWalkIn } from '../checkin/walk-in';
import { lastMovementByCode } from '../db/checkin-queries';

export function attendeeHandlers(context: KioskContext): Pick<Handlers, 'attendees.search' | 'attendees.import' | 'attendees.importPreview' | 'attendees.registerWalkIn'> {
  let engine: CheckinEngine | undefined;
  const door = () => (engine ??= checkinEngine(context.replica(), context.clock));
  return {
    // The door searches its own event: another event's guest found here would only be refused.
    'attendees.search': (input) => {
      const db = context.replica();
      const found = searchAttendeesWithTotal(db, input.text, { limit: input.limit, eventId: input.eventId ?? currentEventId(db) });
      // Who is already inside, for the desk's list: one indexed look-up per shown attendee (at most 200).
      const lastMovements: Record<string, { direction: 'entry' | 'exit'; at: string }> = {};
      for (const a of found.attendees) {
        const last = lastMovementByCode(db, a.eventId, a.code);
        if (last) lastMovements[a.code] = { direction: last.direction, at: last.at };
      }
      return { ...found, lastMovements };
    },
    // The list arrives as bytes: the kiosk never opens a path a caller names.
    // The list reader (encodings, CSV, mappings) loads with the first import, not with every kiosk.
    'attendees.import': async (input) => {
      const { importAttendeeBytes } = await import('../import/import-attendees');
      const bytes = Buffer.from(input.contentBase64, 'base64');
      try {
        return await importAttendeeBytes(context.replica(), bytes, {
          map: input.map,
          skipInvalid: input.skipInvalid,
          eventId: input.eventId,
          onProgress: (progress) => context.bus.emit('import.progress', progress),
          clock: context.clock,
        });
      } catch (error) {
        // Whole-file problems name the list they are about, when the caller said which it was.
        if (error instanceof ArrivalsError && input.fileName) throw new ArrivalsError(error.code, `${input.fileName}: ${error.message}`, error.details);
        throw error;
      }
    },
    // The dry run: the same reading of the same bytes, and nothing written (not even the replica opened).
    'attendees.importPreview': async (input) => {
      const { previewAttendeeList } = await import('../../../common/node/import/preview');
      try {
        return await previewAttendeeList(Buffer.from(input.contentBase64, 'base64'), { map: input.map });
      } catch (error) {
        if (error instanceof ArrivalsError && input.fileName) throw new ArrivalsError(error.code, `${input.fileName}: ${error.message}`, error.details);
        throw error;
      }
    },
    // The kiosk makes the code; the walk-in reaches the cloud through the outbox (sync/).
    'attendees.registerWalkIn': (input) => {
      const result = registerWalkIn(context.replica(), door(), context.clock, context.identity.kioskId, input);
      context.sync().outboxChanged();
      return result;
    },
  };
}
