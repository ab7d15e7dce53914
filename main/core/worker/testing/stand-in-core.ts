/**
 * A worker entry for tests: the real core (serveCore over the real kiosk), plus two things only a
 * test may do to it.
 * - The method `test.crash` crashes the thread while the call is in flight: `{how: 'throw'}` with
 *   an uncaught error, `{how: 'exit'}` with process.exit(70).
 * - With a SharedArrayBuffer gate in workerData.extra, an import stops in the middle of its write
 *   transaction (at its first `writing` progress): it sets gate[0] = 1 and blocks this thread until
 *   the test sets gate[1] = 1. The core is then provably busy for as long as the test likes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openKiosk } from '../../kiosk';
import { serveCore } from '../serve';
import { threadEndpoint } from '../thread-endpoint';

const gate = (workerData as { extra?: unknown } | null)?.extra instanceof SharedArrayBuffer ? new Int32Array((workerData as { extra: SharedArrayBuffer }).extra) : undefined;

serveCore(threadEndpoint(parentPort!), (options) => {
  const kiosk = openKiosk(options);
  if (gate) {
    let held = false;
    kiosk.bus.subscribe((event, payload) => {
      if (held || event !== 'import.progress' || (payload as { phase: string }).phase !== 'writing') return;
      held = true;
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      Atomics.wait(gate, 1, 0);
    });
  }
  const envelope = kiosk.router.envelope;
  return {
    ...kiosk,
    router: {
      ...kiosk.router,
      envelope(method, input) {
        if (method === 'test.crash') {
          if ((input as { how?: string } | null)?.how === 'exit') process.exit(70);
          throw new Error('stand-in core crashed on purpose');
        }
        return envelope(method, input);
      },
    },
  };
});
