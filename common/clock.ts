/**
 * The one place that reads the wall clock. Core, sync and cloud code take a `Clock` from their
 * context and never call `Date.now()` or a bare `new Date()` (lint forbids both outside this
 * file), so a test can run at any date and step time forward instead of sleeping.
 *
 * `manualClock` is the test clock: time stands still until `advance()`, which also fires the timers
 * that fall due, in order.
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Runs `fn` once after `ms` of this clock's time; returns a function that cancels it. Like
   * setTimeout, a pending timer keeps a Node process alive, unless it is a `background` timer
   * (a queue's next wake-up, which must not hold a finished CLI command open).
   */
  setTimer(ms: number, fn: () => void, options?: { background?: boolean }): () => void;
}

/** The current time as an ISO 8601 string (UTC, milliseconds). */
export function nowIso(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

/** An ISO string `offsetMs` from the clock's now. */
export function isoFromNow(clock: Clock, offsetMs: number): string {
  return new Date(clock.now() + offsetMs).toISOString();
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn, options) {
    const handle = setTimeout(fn, Math.max(0, ms));
    if (options?.background) (handle as { unref?: () => void }).unref?.();
    return () => clearTimeout(handle);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, firing every timer that falls due on the way, earliest first. */
  advance(ms: number): void;
  /** Jumps to an absolute time (never backwards), firing timers as advance does. */
  set(at: number | string): void;
  /** Timers still waiting. */
  pending(): number;
}

/** A clock for tests that starts at `start` and moves only when told to. */
export function manualClock(start: number | string): ManualClock {
  let current = typeof start === 'string' ? Date.parse(start) : start;
  if (!Number.isFinite(current)) throw new Error(`manualClock: not a time: ${String(start)}`);
  let nextId = 0;
  const timers = new Map<number, { due: number; fn: () => void }>();

  function runUntil(target: number): void {
    for (;;) {
      let earliest: [number, { due: number; fn: () => void }] | undefined;
      for (const entry of timers) if (entry[1].due <= target && (!earliest || entry[1].due < earliest[1].due)) earliest = entry;
      if (!earliest) break;
      timers.delete(earliest[0]);
      current = Math.max(current, earliest[1].due);
      earliest[1].fn();
    }
    current = Math.max(current, target);
  }

  return {
    now: () => current,
    setTimer(ms, fn) {
      const id = nextId++;
      timers.set(id, { due: current + Math.max(0, ms), fn });
      return () => timers.delete(id);
    },
    advance(ms) {
      if (ms < 0) throw new Error('manualClock: time does not go backwards');
      runUntil(current + ms);
    },
    set(at) {
      const target = typeof at === 'string' ? Date.parse(at) : at;
      if (target < current) throw new Error('manualClock: time does not go backwards');
      runUntil(target);
    },
    pending: () => timers.size,
  };
}
