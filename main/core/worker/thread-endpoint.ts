/** The core's end of a worker_thread: its parentPort as a CoreEndpoint. */
import type { MessagePort } from 'node:worker_threads';
import type { CoreEndpoint } from './serve';
import type { ToCore } from './protocol';

export function threadEndpoint(port: MessagePort): CoreEndpoint {
  return {
    post: (message) => port.postMessage(message),
    listen: (listener) => port.on('message', (message: ToCore) => listener(message)),
  };
}
