/** Handlers for `checkins.*`, `keys.*` and `demo.*`: the door's check-in engine over the replica. */
import { checkinEngine, type CheckinEngine } from '../checkin/engine';
import { createDemo } from '../demo/demo';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { requireCurrentEventId } from '../settings/kiosk-settings';
import { createEventKey, eventKeys } from '../tickets/keys';

type CheckinMethods = 'checkins.checkIn' | 'checkins.undo' | 'checkins.insideNow' | 'keys.list' | 'keys.create' | 'demo.create';

export function checkinHandlers(context: KioskContext): Pick<Handlers, CheckinMethods> {
  // Made on first use: its prepared statements then stay warm for every later scan.
  let engine: CheckinEngine | undefined;
  const door = () => (engine ??= checkinEngine(context.replica()));
  const kioskId = (given: string | undefined) => given ?? context.identity.kioskId;
  const eventOf = (given: string | undefined) => given ?? requireCurrentEventId(context.replica());

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
