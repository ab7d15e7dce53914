/**
 * Entry of the core's worker_thread (bundled to dist/cli/core-worker.js). The face drives it with
 * the messages of protocol.ts; see thread.ts for the face's side.
 */
import { parentPort } from 'node:worker_threads';
import { serveCore } from './serve';
import { threadEndpoint } from './thread-endpoint';

if (!parentPort) throw new Error('core-worker runs in a worker thread (see main/core/worker/thread.ts)');
serveCore(threadEndpoint(parentPort));
