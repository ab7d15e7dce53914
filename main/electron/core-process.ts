/**
 * Entry of the kiosk core's Electron utility process (bundled to dist/electron/core-process.cjs),
 * forked by core-utility.ts. It is the worker thread's core (main/core/worker/serve.ts) over
 * `process.parentPort`; it imports nothing from electron, and prints on OS printers by asking main.
 */
import type { ToCore } from '../core/worker/protocol';
import { serveCore, type CoreEndpoint } from '../core/worker/serve';
import { openKioskWithSync } from '../../sync/service';

/** What the core uses of Electron's ParentPort: messages arrive as MessageEvents ({data}). */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export function parentPortEndpoint(port: ParentPortLike): CoreEndpoint {
  return {
    post: (message) => port.postMessage(message),
    listen: (listener) => port.on('message', (event) => listener(event.data as ToCore)),
  };
}

// Only inside a utility process; elsewhere (tests) this module just provides parentPortEndpoint.
const parentPort = (process as { parentPort?: ParentPortLike }).parentPort;
// The sync engine runs here with the core; its token is sealed by main's safeStorage ({seal} requests).
if (parentPort) serveCore(parentPortEndpoint(parentPort), openKioskWithSync);
