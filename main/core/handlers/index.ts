/**
 * All handlers, one per contract method. The `Handlers` type makes a method that is declared in
 * the contract but not handled here a type error, and the reverse too.
 */
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';
import { appHandlers } from './app';
import { attendeeHandlers } from './attendees';
import { checkinExportHandlers } from './checkin-export';
import { checkinHandlers } from './checkins';
import { deskHandlers } from './desk';
import { kioskSettingsHandlers } from './kiosk-settings';
import { printHandlers, printService } from './print';
import { selfServiceHandlers } from './self-service';
import { syncHandlers } from './sync';

export function createHandlers(context: KioskContext): Handlers {
  const print = printService(context);
  return {
    ...appHandlers(context),
    ...attendeeHandlers(context),
    ...checkinExportHandlers(context),
    ...checkinHandlers(context),
    ...deskHandlers(context),
    ...kioskSettingsHandlers(context),
    ...printHandlers(context, print),
    ...selfServiceHandlers(context, print),
    ...syncHandlers(context),
  };
}
