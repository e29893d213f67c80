/**
 * Runs scheduled batches one at a time. A firing that comes while a batch
 * still runs is skipped, not queued: a slow hour never piles up behind it,
 * and the next firing starts on time. A failed batch is reported and the
 * schedule goes on, as continuous validation must.
 *
 * @module
 */

/** What a batch reported: `skipped` when the store is held by another writer. */
export type BatchResult = { kind: "done" } | { kind: "skipped"; reason: string };

/** What happened to one firing. */
export type FiringOutcome =
  | { kind: "done"; batch: number }
  | { kind: "skipped"; batch: number | null; reason: string }
  | { kind: "failed"; batch: number; error: unknown };

/** Runs a batch on each firing unless one is running already. */
export class BatchRunner {
  readonly #run: (batch: number) => Promise<BatchResult>;
  #running: Promise<FiringOutcome> | null = null;
  #current = 0;
  #started = 0;

  /** `run` runs one bounded batch; `batch` counts from 1. */
  constructor(run: (batch: number) => Promise<BatchResult>) {
    this.#run = run;
  }

  /** Whether a batch runs now. */
  get busy(): boolean {
    return this.#running !== null;
  }

  /** Batches started so far. */
  get started(): number {
    return this.#started;
  }

  /** Handles one firing: starts a batch, or skips it while one runs. Never throws. */
  fire(): Promise<FiringOutcome> {
    if (this.#running !== null) {
      return Promise.resolve({
        kind: "skipped",
        batch: null,
        reason: `batch ${this.#current} is still running`,
      });
    }
    const batch = ++this.#started;
    this.#current = batch;
    const running = this.#run(batch).then(
      (result): FiringOutcome => {
        if (result.kind === "done") return { kind: "done", batch };
        // A batch that found the store busy never ran: its number is used by the next one.
        this.#started--;
        return { kind: "skipped", batch: null, reason: result.reason };
      },
      (error): FiringOutcome => ({ kind: "failed", batch, error }),
    ).finally(() => {
      this.#running = null;
    });
    this.#running = running;
    return running;
  }

  /** Waits for the batch in progress, if any. */
  async idle(): Promise<void> {
    await this.#running;
  }
}

/** The log line of a firing's outcome, and whether it is an error. */
export function describeOutcome(
  outcome: FiringOutcome,
  at: Date,
  nextAt: string,
): { line: string; error: boolean } {
  switch (outcome.kind) {
    case "done":
      return { line: `Batch ${outcome.batch} done; next batch at ${nextAt}`, error: false };
    case "skipped":
      return { line: `Firing at ${at.toISOString()} skipped: ${outcome.reason}`, error: false };
    case "failed": {
      const message = outcome.error instanceof Error
        ? outcome.error.message.split("\n")[0] ?? ""
        : String(outcome.error);
      return { line: `error: batch ${outcome.batch} failed: ${message}`, error: true };
    }
  }
}
