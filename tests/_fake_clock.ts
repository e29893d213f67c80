/**
 * A fake clock for simulator tests: time moves only when the test drives it,
 * so scheduling, latency and timeouts are exact and tests never sleep.
 *
 * @module
 */
import type { Clock } from "../lib/simulate/clock.ts";

interface PendingTimer {
  at: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

/** A manually driven {@linkcode Clock}. */
export class FakeClock implements Clock {
  /** Current monotonic time, ms. */
  time = 0;
  /** Wall time at monotonic 0. */
  readonly base = Date.UTC(2026, 10, 26, 12, 0, 0);
  #timers: PendingTimer[] = [];
  #order = 0;

  now(): number {
    return this.time;
  }

  epoch(): number {
    return this.base + Math.round(this.time);
  }

  timer(ms: number, fn: () => void): () => void {
    const t: PendingTimer = {
      at: this.time + Math.max(0, ms),
      order: this.#order++,
      fn,
      cancelled: false,
    };
    this.#timers.push(t);
    return () => {
      t.cancelled = true;
    };
  }

  /** Runs timers in time order until `done` settles; returns its value. */
  async drive<T>(done: Promise<T>, maxSteps = 1_000_000): Promise<T> {
    let settled = false;
    const result = done.finally(() => {
      settled = true;
    });
    for (let step = 0; step < maxSteps; step++) {
      await new Promise((r) => setTimeout(r, 0));
      if (settled) return await result;
      this.#timers = this.#timers.filter((t) => !t.cancelled);
      if (this.#timers.length === 0) continue;
      this.#timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.#timers.shift()!;
      if (next.at > this.time) this.time = next.at;
      next.fn();
    }
    throw new Error("FakeClock.drive() ran out of steps");
  }
}
