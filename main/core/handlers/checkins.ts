/** Handlers for `checkins.*`, `keys.*` and `demo.*`: the door's check-in engine over the replica. */
import { checkinEngine, type CheckinEngine } from '../checkin/engine';
import { currentEventId } from '../db/settings-queries';
import { createDemo } from '../demo/demo';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { createEventKey, eventKeys } from '../tickets/keys';
import { ArrivalsError } from '../../../common/contract/errors';

type CheckinMethods = 'checkins.checkIn' | 'checkins.undo' | 'checkins.insideNow' | 'keys.list' | 'keys.create' | 'demo.create';

export function checkinHandlers(context: KioskContext): Pick<Handlers, CheckinMethods> {
  // Made on first use: its prepared statements then stay warm for every later scan.
  let engine: CheckinEngine | undefined;
  const door = () => (engine ??= checkinEngine(context.replica()));
  const kioskId = (given: string | undefined) => given ?? context.identity.kioskId;
  const eventOf = (given: string | undefined) => {
    const eventId = given ?? currentEventId(context.replica());
    if (!eventId) throw new ArrivalsError('unavailable', 'this kiosk has no event yet: import a list, sync with the cloud, or run "arrivals demo"');
    return eventId;
  };

  return {
    'checkins.checkIn': (input) =>
      door().checkIn(input.code, { kioskId: kioskId(input.kioskId), direction: input.direction, at: input.at, source: input.source }),
    'checkins.undo': (input) => door().undo(input.checkinId, { kioskId: kioskId(input.kioskId), reason: input.reason }),
    'checkins.insideNow': (input) => door().insideNow(input.eventId),
    'keys.list': (input) => {
      const eventId = eventOf(input.eventId);
      return { eventId, keys: eventKeys(context.replica(), eventId) };
    },
    'keys.create': (input) => createEventKey(context.replica(), eventOf(input.eventId)),
    'demo.create': (input) => createDemo(context.replica(), { attendees: input.attendees }),
  };
}
