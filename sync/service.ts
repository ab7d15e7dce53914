/**
 * The sync engine as a kiosk service: what a face hands to `openKiosk({sync: syncService()})` so
 * the core it runs (the host's worker thread, Electron's utility process, `arrivals sync`) starts
 * the engine by itself when the kiosk is enrolled, and stops it when the kiosk closes.
 */
import { openKiosk, type Kiosk, type KioskContext, type OpenKioskOptions } from '../main/core/kiosk';
import type { SyncPort } from '../main/core/sync/port';
import { fileTokenStore, type TokenSealer } from '../main/core/sync/token-store';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './engine';

export interface SyncServiceOptions extends Omit<SyncEngineOptions, 'context' | 'tokens'> {
  /** Electron: the token sealed with safeStorage in main (main/electron/token-sealer.ts). */
  sealer?: TokenSealer | undefined;
  /** Called with the engine once made (tests, the CLI's `sync` command). */
  onEngine?: (engine: SyncEngine) => void;
}

export function syncService(options: SyncServiceOptions = {}): (context: KioskContext) => SyncPort {
  return (context) => {
    const { sealer, onEngine, ...engineOptions } = options;
    const engine = createSyncEngine({ ...engineOptions, context, tokens: fileTokenStore(context.dataDir, sealer) });
    // The kiosk's closers are synchronous: stopping aborts every request and timer at once; what
    // is still settling finds the engine stopped and writes nothing.
    context.closers.push(() => void engine.stop());
    engine.start();
    onEngine?.(engine);
    return engine;
  };
}

/**
 * A kiosk whose sync engine starts with it: what the core's worker thread and Electron's utility
 * process open (main/core/worker/core-worker.ts, main/electron/core-process.ts).
 */
export function openKioskWithSync(options: OpenKioskOptions): Kiosk {
  return openKiosk({ ...options, sync: syncService({ sealer: options.tokenSealer }), startSync: true });
}
