/**
 * What the cloud's two event streams (the kiosk feed in ./kiosk.ts, the console's live stats in
 * ./console-api.ts) share: one read at a time with the changes that arrive meanwhile folded into
 * one more, and repeating timers on the cloud's clock that stop with the stream.
 */
import type { Clock } from '../../common/clock';

/**
 * Runs `round` one at a time: a call while it runs asks for one more round after it (however many
 * calls came), until `closed()`. A failure ends the rounds and goes to `failed`; the next call starts
 * afresh.
 */
export function coalesced(round: () => Promise<void>, closed: () => boolean, failed: (error: Error) => void): () => Promise<void> {
  let running = false;
  let again = false;
  return async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await round();
      } while (again && !closed());
    } catch (error) {
      failed(error as Error);
    } finally {
      running = false;
    }
  };
}

/** Calls `fn` every `ms` of `clock` time until `closed()` or the returned stop is called. */
export function repeatEvery(clock: Clock, ms: number, fn: () => void, closed: () => boolean): () => void {
  let cancel = clock.setTimer(ms, function tick() {
    fn();
    if (!closed()) cancel = clock.setTimer(ms, tick);
  });
  return () => cancel();
}
