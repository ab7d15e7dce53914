/** Handlers for the `app.*` part of the contract. */
import { replicaCounts } from '../db/checkin-queries';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';

export function appHandlers(context: KioskContext): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({
      name: 'arrivals' as const,
      version: context.version,
      dataDir: context.dataDir,
      kioskId: context.identity.kioskId,
      face: context.face,
      online: context.online.online,
      replica: replicaCounts(context.replica()),
      sync: context.sync().status(),
    }),
  };
}
