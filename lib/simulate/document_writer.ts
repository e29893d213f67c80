/**
 * Serialises writes of the metrics document: at most one write in flight,
 * the latest state wins, and at most one write per `minIntervalMs` so a very
 * fast run (hundreds of reports a second) spends its time on traffic, not
 * on rewriting the file. At the spec's rates (a report every ~30-60 s)
 * every report is written at once.
 *
 * @module
 */
import type { Clock } from "./clock.ts";

/** Options for {@linkcode DocumentWriter}. */
export interface DocumentWriterOptions {
  /** Writes the current document. */
  write(): Promise<void>;
  /** Time source. */
  clock: Clock;
  /**
   * Shortest gap between the starts of two scheduled writes, ms.
   * @default {1000}
   */
  minIntervalMs?: number;
  /** Called with a failed scheduled write (the run goes on; the next write retries). */
  onError?(error: unknown): void;
}

/** Coalesces write requests into as few writes as the interval allows. */
export class DocumentWriter {
  readonly #o: DocumentWriterOptions;
  readonly #minInterval: number;
  #writing: Promise<void> | null = null;
  #lastStart = -Infinity;
  #timer: (() => void) | null = null;
  #dirty = false;

  /** Creates an idle writer. */
  constructor(options: DocumentWriterOptions) {
    this.#o = options;
    this.#minInterval = options.minIntervalMs ?? 1000;
  }

  /** Asks for a write soon; never throws. */
  schedule(): void {
    this.#dirty = true;
    if (this.#writing !== null || this.#timer !== null) return;
    const wait = this.#lastStart + this.#minInterval - this.#o.clock.now();
    if (wait > 0) {
      this.#timer = this.#o.clock.timer(wait, () => {
        this.#timer = null;
        this.#start();
      });
      return;
    }
    this.#start();
  }

  /** Writes now (after any write in flight) and waits for it; throws its failure. */
  async flush(): Promise<void> {
    this.#timer?.();
    this.#timer = null;
    if (this.#writing !== null) await this.#writing;
    this.#dirty = false;
    this.#lastStart = this.#o.clock.now();
    await this.#o.write();
  }

  #start(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#lastStart = this.#o.clock.now();
    this.#writing = this.#o.write()
      .catch((error) => this.#o.onError?.(error))
      .finally(() => {
        this.#writing = null;
        if (this.#dirty) this.schedule();
      });
  }
}
