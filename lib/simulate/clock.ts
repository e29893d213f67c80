/**
 * Time as the simulator sees it: a monotonic clock for scheduling and
 * latency, wall time for timestamps, and cancellable timers. Tests pass a fake.
 *
 * @module
 */
import { setImmediate } from "node:timers";

/** The simulator's view of time. */
export interface Clock {
  /** Monotonic milliseconds (fractional). */
  now(): number;
  /** Wall-clock epoch milliseconds. */
  epoch(): number;
  /**
   * Calls `fn` after about `ms` milliseconds (0: on the next turn of the
   * event loop, after pending I/O and signals). Returns a function that
   * cancels the call.
   */
  timer(ms: number, fn: () => void): () => void;
}

/** The real clock: `performance.now()`, `Date.now()` and timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  epoch: () => Date.now(),
  timer: (ms, fn) => {
    if (ms <= 0) {
      const handle = setImmediate(fn);
      return () => clearImmediate(handle);
    }
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/** Resolves after `ms` milliseconds of `clock` time. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.timer(ms, resolve));
}
