/** Handlers for `kiosk.settings` and `kiosk.configure`: the door settings over the replica. */
import { nowIso } from '../../../common/clock';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { configureKiosk, readKioskSettings } from '../settings/kiosk-settings';

export function kioskSettingsHandlers(context: KioskContext): Pick<Handlers, 'kiosk.settings' | 'kiosk.configure'> {
  return {
    'kiosk.settings': () => readKioskSettings(context.replica()),
    'kiosk.configure': (input) => configureKiosk(context.replica(), input, nowIso(context.clock)),
  };
}
