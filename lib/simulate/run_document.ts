/**
 * The bookkeeping of one run's metrics document: starting a new history or
 * continuing the store's, recording reports and events, retention and the
 * cumulative totals at each write, and the final write when the run ends.
 *
 * @module
 */
import type {
  ErrorSample,
  MetricsDocument,
  Report,
  RunConfig,
  RunEvent,
  RunInfo,
  Status,
} from "../model/metrics_document.ts";
import {
  addErrorSamples,
  addEvent,
  createDocument,
  nextReportId,
  pushReport,
} from "../metrics/document.ts";
import { CumulativeTotals, type WindowParts } from "../metrics/cumulative_totals.ts";
import { applyRetention } from "../metrics/retention.ts";
import { Stats } from "../metrics/stats.ts";
import { levelInterval } from "../load/load_levels.ts";
import { encodeReport } from "../store/metrics_file.ts";
import type { MetricsStore, StorePrepared } from "../store/metrics_store.ts";
import { type Clock, sleep } from "./clock.ts";
import { DocumentWriter } from "./document_writer.ts";
import { isStoreBusy, storeUsageError } from "./open_store.ts";
import type { SimulationState } from "./simulation.ts";
import type { SimulatorOptions } from "./simulate_options.ts";

/** Options for {@linkcode RunDocument}. */
export interface RunDocumentOptions {
  /** The run's options (recorded as its configuration). */
  options: SimulatorOptions;
  /** The run's seed. */
  seed: number;
  /** Name of the target the run starts on. */
  target: string;
  /** What the store held before the run. */
  prepared: StorePrepared;
  /** Where the document is written. */
  store: MetricsStore;
  /** Time source. */
  clock: Clock;
  /** Called once another simulator took the store over: the run must stop. */
  onLost(): void;
  /** Called with the first failed write (the run goes on and the next write retries). */
  onWriteFailed(error: unknown): void;
  /** Called with the document after each write (e.g. to publish it to a server). */
  onWritten?(doc: MetricsDocument): void;
}

/** One run's metrics document and its writes to the store. */
export class RunDocument {
  /** The document: the store's history with this run appended, or a new one. */
  readonly doc: MetricsDocument;
  /** This run's entry in `doc.runs`. */
  readonly run: RunInfo;
  /** This run's requests, merged over its reports. */
  readonly stats: Stats = new Stats();
  readonly #o: RunDocumentOptions;
  readonly #totals: CumulativeTotals;
  readonly #writer: DocumentWriter;
  #reports = 0;
  #lost: Error | null = null;
  #warned = false;

  /** Starts the document (nothing is written until {@linkcode RunDocument.start}). */
  constructor(options: RunDocumentOptions) {
    this.#o = options;
    const { options: o, clock, prepared, seed, target } = options;
    const startedAt = new Date(clock.epoch()).toISOString();
    const id = crypto.randomUUID().slice(0, 8);
    const config = runConfig(o, target);
    this.run = { run_id: id, seed, started_at: startedAt, ended_at: null, config };
    const status = startStatus(o, target, startedAt);
    this.doc = prepared.previous ?? createDocument(this.run, status);
    if (prepared.previous !== null) {
      this.doc.runs.push(this.run);
      this.doc.status = status;
    }
    addEvent(this.doc, {
      at: startedAt,
      run_id: id,
      type: "run_started",
      message: `Run ${id} started on target ${target} with seed ${seed}`,
      data: { seed, target },
    });
    this.#totals = new CumulativeTotals(this.doc.cumulative);
    this.#writer = new DocumentWriter({
      write: () => this.#write(),
      clock,
      onError: (error) => this.#onWriteError(error),
    });
  }

  /** Reports this run added. */
  get reports(): number {
    return this.#reports;
  }

  /** What to tell the user about the history found: kept aside, or continued. */
  notes(): string[] {
    const { prepared, store } = this.#o;
    const lines = [];
    if (prepared.keptAside !== null) {
      lines.push(`Kept the earlier history aside as ${prepared.keptAside}`);
    }
    if (prepared.previous !== null) {
      lines.push(
        `Continuing the history in ${store.label} (${this.doc.runs.length - 1} earlier run(s), ${
          nextReportId(this.doc) - 1
        } report(s)); use --fresh to start a new one`,
      );
    }
    return lines;
  }

  /** Writes the document for the first time; a store that cannot be written is a `UsageError`. */
  async start(): Promise<void> {
    try {
      await this.#writer.flush();
    } catch (error) {
      throw storeUsageError(error);
    }
  }

  /** Records a report with its error samples, events and window, and schedules a write. */
  addReport(
    report: Report,
    samples: ErrorSample[],
    events: RunEvent[],
    window: WindowParts,
    state: SimulationState,
  ): void {
    this.#reports++;
    this.stats.merge(window.stats);
    this.#totals.add(window);
    pushReport(this.doc, report);
    addErrorSamples(this.doc, samples);
    for (const event of events) addEvent(this.doc, event);
    Object.assign(this.doc.status, {
      updated_at: report.ended_at,
      load_level: state.level,
      interval_ms: state.interval,
      target: state.target,
      requests: state.completed,
      in_flight: state.inFlight,
    });
    this.#writer.schedule();
  }

  /** Records events no report carried. */
  addEvents(events: RunEvent[]): void {
    for (const event of events) addEvent(this.doc, event);
  }

  /**
   * Marks the run stopped after `completed` requests and writes the final
   * state. Resolves to the error of a store another simulator took over
   * (nothing more was written), or null.
   */
  async finish(completed: number): Promise<Error | null> {
    const endedAt = new Date(this.#o.clock.epoch()).toISOString();
    this.run.ended_at = endedAt;
    Object.assign(this.doc.status, {
      state: "stopped",
      updated_at: endedAt,
      requests: completed,
      in_flight: 0,
    });
    if (this.#lost === null) {
      try {
        await this.#writer.flush();
      } catch (error) {
        if (!isStoreBusy(error)) throw error;
        this.#lost = error;
      }
    }
    return this.#lost;
  }

  async #write(): Promise<void> {
    // Totals and retention are settled per write, not per report: on a very fast run
    // hundreds of reports land between two writes. New reports are encoded one per turn
    // of the event loop, so due requests go out between them and the schedule never
    // stalls for a whole write; the totals and the file are then settled in one turn.
    const doc = this.doc;
    applyRetention(doc);
    for (const r of [...doc.reports, ...doc.rollups]) {
      if (encodeReport(r)) await sleep(this.#o.clock, 0);
    }
    doc.cumulative = this.#totals.toCumulative();
    await this.#o.store.write(doc);
    this.#o.onWritten?.(doc);
  }

  #onWriteError(error: unknown): void {
    if (isStoreBusy(error)) {
      // Another simulator took the shard over: writing on would overwrite its history.
      if (this.#lost === null) {
        this.#lost = error;
        this.#o.onLost();
      }
      return;
    }
    if (this.#warned) return;
    this.#warned = true;
    this.#o.onWriteFailed(error);
  }
}

/** The configuration a run records from its options. */
function runConfig(options: SimulatorOptions, target: string): RunConfig {
  return {
    target,
    interval_min: options.intervalMin,
    interval_max: options.intervalMax,
    arrival: options.arrival,
    adaptive: options.adaptive,
    concurrency: options.concurrency,
    timeout_ms: options.timeoutMs,
    report_interval: options.reportInterval,
    report_seconds: options.reportSeconds,
    max_requests: options.maxRequests,
    duration_s: options.durationS,
    log_size: options.logSize,
    mix: options.mix,
    corpus: options.corpus,
    faults: options.faults,
  };
}

/** The status block of a run that starts now. */
function startStatus(options: SimulatorOptions, target: string, startedAt: string): Status {
  return {
    state: "running",
    updated_at: startedAt,
    started_at: startedAt,
    pid: Deno.pid,
    target,
    load_level: 1,
    interval_ms: levelInterval({ min: options.intervalMin, max: options.intervalMax }, 1),
    requests: 0,
    in_flight: 0,
    report_interval: options.reportInterval,
    report_seconds: options.reportSeconds,
  };
}
