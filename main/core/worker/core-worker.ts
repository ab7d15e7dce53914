/**
 * Entry of the core's worker_thread (bundled to dist/cli/core-worker.js). The face drives it with
 * the messages of protocol.ts; see thread.ts for the face's side. The kiosk it serves runs the sync
 * engine (sync/), which follows the cloud by itself once the kiosk is enrolled.
 */
import { parentPort } from 'node:worker_threads';
import { openKioskWithSync } from '../../../sync/service';
import { serveCore } from './serve';
import { threadEndpoint } from './thread-endpoint';

if (!parentPort) throw new Error('core-worker runs in a worker thread (see main/core/worker/thread.ts)');
// The sync engine starts with the kiosk when it is enrolled, here, off the face's thread.
serveCore(threadEndpoint(parentPort), openKioskWithSync);
