/** Handlers for `sync.*`: they speak to `context.sync`, the engine or the passive port (main/core/sync/port.ts). */
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';

type SyncMethods = 'sync.status' | 'sync.enroll' | 'sync.unenroll' | 'sync.now' | 'sync.deadLetters' | 'sync.duplicates';

export function syncHandlers(context: KioskContext): Pick<Handlers, SyncMethods> {
  return {
    'sync.status': () => context.sync().status(),
    'sync.enroll': (input) => context.sync().enroll(input),
    'sync.unenroll': () => context.sync().unenroll(),
    'sync.now': () => context.sync().now(),
    'sync.deadLetters': (input) => context.sync().deadLetters(input.limit),
    'sync.duplicates': (input) => context.sync().duplicates(input.limit),
  };
}
