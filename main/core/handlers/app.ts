/** Handlers for the `app.*` part of the contract. */
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
      // Replaced by the replica's real counts once the replica service lands (issue 3).
      replica: { events: 0, attendees: 0, checkins: 0, outboxPending: 0 },
    }),
  };
}
