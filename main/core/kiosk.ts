/**
 * Opens a kiosk on a data directory: its identity, its event bus, its services and the router over
 * them. Every face calls this once and then only talks to `router` and `bus`, so the Electron
 * shell, the browser host and the CLI behave the same by construction.
 */
import { systemClock, type Clock } from '../../common/clock';
import { openReplica, type Database } from './db/open';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers/index';
import { ensureDataDir, loadKioskIdentity, type KioskIdentity } from './kiosk-identity';
import { createRouter, type Router } from './router';
import type { OsPrinting } from './print/transports/os';
import { arrivalsVersion } from '../../common/version';
import { passiveSync, type SyncPort } from './sync/port';
import type { TokenSealer } from './sync/token-store';
import { replicaSyncReader } from './sync/status';

export type Face = 'electron' | 'host' | 'cli';

export interface KioskContext {
  dataDir: string;
  face: Face;
  version: string;
  identity: KioskIdentity;
  /** The one source of the time for every service of this kiosk (tests hand in a manual clock). */
  clock: Clock;
  bus: EventBus;
  /** Set by the sync engine when it has a cloud to talk to; a kiosk without one is offline. */
  online: { online: boolean; lastContactAt: string | null };
  /** The replica (DATA/replica.sqlite), opened and migrated on first use, closed with the kiosk. */
  replica(): Database;
  /** Closers registered by services (the replica's database, queues); run in reverse order. */
  closers: Array<() => void>;
  /** OS printers, when the face can reach them (the Electron shell hands them in). */
  osPrinting?: OsPrinting | undefined;
  /**
   * The sync engine's port (made on first use): the engine when the face started one with
   * `OpenKioskOptions.sync`, else a passive port over the replica (main/core/sync/port.ts).
   */
  sync(): SyncPort;
}

export interface Kiosk {
  context: KioskContext;
  router: Router;
  bus: EventBus;
  close(): void;
}

/**
 * What a face uses of a kiosk: the router's envelope and the bus. An in-process Kiosk is one, and
 * so is the client of a core that runs off the face's thread (worker/client.ts).
 */
export interface KioskPort {
  router: Pick<Router, 'envelope'>;
  bus: Pick<EventBus, 'subscribe'>;
}

export interface OpenKioskOptions {
  dataDir: string;
  face: Face;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Electron's silent print to a named device; the core cannot import electron, so it is handed in. */
  osPrinting?: OsPrinting;
  /**
   * Starts the sync engine for this kiosk (sync/ hands it in: the core cannot import sync/). It is
   * called once, on first use of `context.sync()`, or at once when `startSync` is set.
   */
  sync?: (context: KioskContext) => SyncPort;
  /** Make the sync port right away (an engine starts following the cloud without waiting for a call). */
  startSync?: boolean;
  /** The face seals the sync token (Electron safeStorage); the sync service (sync/service.ts) reads it. */
  tokenSealer?: TokenSealer;
}

export function openKiosk(options: OpenKioskOptions): Kiosk {
  ensureDataDir(options.dataDir);
  let replica: Database | undefined;
  let sync: SyncPort | undefined;
  const clock = options.clock ?? systemClock;
  const context: KioskContext = {
    dataDir: options.dataDir,
    face: options.face,
    version: arrivalsVersion,
    identity: loadKioskIdentity(options.dataDir, clock),
    clock,
    bus: new EventBus(),
    online: { online: false, lastContactAt: null },
    replica() {
      if (!replica) {
        const db = openReplica(options.dataDir, clock);
        replica = db;
        context.closers.push(() => db.close());
      }
      return replica;
    },
    closers: [],
    osPrinting: options.osPrinting,
    sync() {
      sync ??= options.sync ? options.sync(context) : passiveSync(replicaSyncReader(context));
      return sync;
    },
  };
  const router = createRouter(createHandlers(context));
  if (options.startSync) context.sync();
  let closed = false;
  return {
    context,
    router,
    bus: context.bus,
    close() {
      if (closed) return;
      closed = true;
      for (const close of context.closers.reverse()) close();
    },
  };
}
