/** Handlers for the staff desk: the supervisor PIN (hashed in the core) and the door's numbers. */
import { doorCounts } from '../db/checkin-queries';
import { pinGuard, pinIsSet } from '../desk/pin';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { readKioskSettings, requireCurrentEventId } from '../settings/kiosk-settings';

type DeskMethods = 'kiosk.pinStatus' | 'kiosk.setPin' | 'kiosk.unlock' | 'kiosk.leaveKioskMode' | 'checkins.doorCounts';

export function deskHandlers(context: KioskContext): Pick<Handlers, DeskMethods> {
  const pins = pinGuard(() => context.replica(), context.clock);
  return {
    'kiosk.pinStatus': () => ({ pinSet: pinIsSet(context.replica()) }),
    'kiosk.setPin': async (input) => {
      await pins.set(input.pin, input.currentPin);
      return { pinSet: true };
    },
    'kiosk.unlock': async (input) => {
      await pins.check(input.pin);
      return { role: 'supervisor' as const, idleLockSeconds: readKioskSettings(context.replica()).idleLockSeconds };
    },
    // The PIN is checked here, in the core; the Electron bridge unlocks the window only after this answered.
    'kiosk.leaveKioskMode': async (input) => {
      await pins.check(input.pin);
      return { face: context.face };
    },
    'checkins.doorCounts': (input) => {
      const eventId = input.eventId ?? requireCurrentEventId(context.replica());
      return { eventId, ...doorCounts(context.replica(), eventId) };
    },
  };
}
