/**
 * The wait between two reads of a dashboard: a timer that a file change, a
 * key press, a resize or a stop ends early.
 *
 * @module
 */

/** Wakes a waiting loop early (file change, key press, resize); remembers one early wake. */
export class Wakeup {
  #wake: (() => void) | null = null;
  #pending = false;

  /** Ends the current wait now, or the next one at once. */
  fire(): void {
    const wake = this.#wake;
    if (wake !== null) {
      this.#wake = null;
      wake();
    } else this.#pending = true;
  }

  /** Waits `ms`, or less when fired. */
  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((done) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        done();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        done();
      };
    });
  }
}
