/** Handlers for `checkins.*`, `keys.*` and `demo.*`: the door's check-in engine over the replica. */
import { nowIso } from '../../../common/clock';
import { maxClockSkewMs } from '../../../common/contract/checkins';
import { ArrivalsError } from '../../../common/contract/errors';
import { checkinEngine, type CheckinEngine } from '../checkin/engine';
import { createDemo, demoSupervisorPin } from '../demo/demo';
import { pinIsSet, writePin } from '../desk/pin';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { requireCurrentEventId } from '../settings/kiosk-settings';
import { createEventKey, eventKeys } from '../tickets/keys';

type CheckinMethods = 'checkins.checkIn' | 'checkins.undo' | 'checkins.insideNow' | 'keys.list' | 'keys.create' | 'demo.create';

export function checkinHandlers(context: KioskContext): Pick<Handlers, CheckinMethods> {
  // Made on first use: its prepared statements then stay warm for every later scan.
  let engine: CheckinEngine | undefined;
  const door = () => (engine ??= checkinEngine(context.replica(), context.clock));
  const kioskId = (given: string | undefined) => given ?? context.identity.kioskId;
  const eventOf = (given: string | undefined) => given ?? requireCurrentEventId(context.replica());

  return {
    'checkins.checkIn': (input) => {
      // Not in the contract's schema: only the kiosk knows its own clock.
      if (input.at !== undefined && Date.parse(input.at) > context.clock.now() + maxClockSkewMs) {
        throw new ArrivalsError('bad_input', 'checkins.checkIn: at: is in the future (more than 5 minutes ahead of this kiosk)');
      }
      const result = door().checkIn(input.code, { kioskId: kioskId(input.kioskId), direction: input.direction, at: input.at, source: input.source });
      // After the commit, and never in the verdict's way: the engine pushes in the background.
      if (result.checkinId) context.sync().outboxChanged();
      return result;
    },
    'checkins.undo': (input) => {
      const undo = door().undo(input.checkinId, { kioskId: kioskId(input.kioskId), reason: input.reason });
      context.sync().outboxChanged();
      return undo;
    },
    'checkins.insideNow': (input) => door().insideNow(input.eventId),
    'keys.list': (input) => {
      const eventId = eventOf(input.eventId);
      return { eventId, keys: eventKeys(context.replica(), eventId) };
    },
    'keys.create': (input) => createEventKey(context.replica(), eventOf(input.eventId), nowIso(context.clock)),
    'demo.create': async (input) => {
      const demo = createDemo(context.replica(), { attendees: input.attendees, now: context.clock.now() });
      // A demo kiosk can be tried as a supervisor at once; a PIN set before is kept.
      if (!pinIsSet(context.replica())) await writePin(context.replica(), demoSupervisorPin);
      return demo;
    },
  };
}
