/** Handlers for `selfService.*`: the guests' kiosk over the check-in engine and the print queue. */
import { checkinEngine, type CheckinEngine } from '../checkin/engine';
import type { KioskContext } from '../kiosk';
import type { PrintService } from '../print/service';
import type { Handlers } from '../router';
import { selfService } from '../self-service/self-service';

export function selfServiceHandlers(context: KioskContext, print: PrintService): Pick<Handlers, 'selfService.welcome' | 'selfService.lookup' | 'selfService.find' | 'selfService.confirm' | 'selfService.preview'> {
  let engine: CheckinEngine | undefined;
  let kiosk: ReturnType<typeof selfService> | undefined;
  const guests = () =>
    (kiosk ??= selfService({
      db: () => context.replica(),
      engine: () => (engine ??= checkinEngine(context.replica(), context.clock)),
      print,
      kioskId: context.identity.kioskId,
      outboxChanged: () => context.sync().outboxChanged(),
    }));
  return {
    'selfService.welcome': () => guests().welcome(),
    'selfService.lookup': (input) => guests().lookup(input.code),
    'selfService.find': (input) => guests().find(input),
    'selfService.confirm': (input) => guests().confirm(input),
    'selfService.preview': (input) => guests().preview(input.code, input.qrLabel),
  };
}
