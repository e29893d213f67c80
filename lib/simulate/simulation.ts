/**
 * The continuous traffic simulation: an open-loop scheduler that sends
 * generated requests to a target at their intended times, records what
 * happened to each one, and turns windows of records into reports.
 *
 * Open loop means a slow target never slows the schedule: every request has
 * an intended send time drawn from the arrival process, latency is measured
 * from that time, and requests held back by the in-flight cap are counted as
 * late. At each wake-up every request already due is sent, so the rate holds
 * even though timers fire only every few milliseconds.
 *
 * The class owns no files: each report is handed to `onReport`, which the
 * entry script uses to write the metrics file and feed the server.
 *
 * @module
 */
import {
  type Decision,
  outcomeOf,
  type Target,
  TargetError,
  validateDecision,
} from "../model/decision.ts";
import type { Random } from "../traffic/random.ts";
import type { TrafficRequest } from "../model/request.ts";
import { levelInterval, nextLoadLevel } from "../load/load_levels.ts";
import { nextGap } from "../load/arrivals.ts";
import type { RequestRecord } from "../model/record.ts";
import { RequestLog } from "../metrics/request_log.ts";
import { ReportWindow } from "../metrics/report_window.ts";
import type {
  ErrorSample,
  IntervalRange,
  Report,
  RunConfig,
  RunEvent,
} from "../model/metrics_document.ts";
import { type Clock, sleep } from "./clock.ts";

/** Requests sent back to back before the loop yields to timers, signals and I/O. */
const BATCH = 256;

/** Error samples kept per report window (the file keeps the most recent across windows). */
const SAMPLES_PER_WINDOW = 20;

/** Characters of input kept in an error sample. */
const PREVIEW_CHARS = 120;

/** What the simulation needs from the outside world. */
export interface SimulationOptions {
  /** Validated run configuration. */
  config: RunConfig;
  /** Run id recorded in reports. */
  runId: string;
  /** Seed of the run (recorded in error samples). */
  seed: number;
  /** Traffic source (a generator or a corpus replay). */
  generator: { next(): TrafficRequest };
  /** Seeded source for intervals (separate from the generator's). */
  random: Random;
  /** The decision pipeline. */
  target: Target;
  /** Time. */
  clock: Clock;
  /** Id of the first report this run writes. @default {1} */
  firstReportId?: number;
  /** Starting load level. @default {1} */
  initialLevel?: number;
  /**
   * Shortest time between two count-triggered reports, ms: at unthrottled
   * rates a report every 500 requests would mean hundreds a second, so the
   * count waits for this gap (at the spec's rates reports are far apart and
   * it never matters).
   * @default {1000}
   */
  minReportGapMs?: number;
  /**
   * Most requests sent a second (`--max-rps`), or null for no cap. A request
   * the cap holds back past its intended time counts as late, and its
   * latency runs from the intended time, so the cap never flatters a target.
   * @default {null}
   */
  maxRps?: number | null;
  /**
   * Called with every report, its error samples, new events, and the window's
   * live aggregates (valid during the call; merge them, do not keep them).
   */
  onReport(report: Report, samples: ErrorSample[], events: RunEvent[], window: ReportWindow): void;
  /** Called at the end with events no report carried (the last window was empty). */
  onEvents?(events: RunEvent[]): void;
  /** Called with the record of every completed request (live aggregates). */
  onRecord?: ((record: RequestRecord) => void) | undefined;
}

/** Live counters of a running simulation. */
export interface SimulationState {
  /** Requests sent. */
  sent: number;
  /** Requests completed. */
  completed: number;
  /** Requests in flight. */
  inFlight: number;
  /** Current load level. */
  level: number;
  /** Current interval range. */
  interval: IntervalRange;
  /** Name of the current target. */
  target: string;
}

/** Runs traffic against a target until a stop condition or {@linkcode Simulation.stop}. */
export class Simulation {
  readonly #o: SimulationOptions;
  readonly #base: IntervalRange;
  readonly #log: RequestLog;
  #target: Target;
  #level: number;
  #interval: IntervalRange;
  #window = new ReportWindow();
  #windowStart: number;
  #windowTargets = new Set<string>();
  #samples: ErrorSample[] = [];
  #events: RunEvent[] = [];
  #reportId: number;
  #sent = 0;
  #completed = 0;
  #inFlight = 0;
  #stopped = false;
  #wake: (() => void) | null = null;
  #drained: (() => void) | null = null;
  #lateUntil = -Infinity;
  #lastReportAt: number;
  readonly #minReportGap: number;

  /** Prepares a simulation; nothing runs until {@linkcode Simulation.run}. */
  constructor(options: SimulationOptions) {
    this.#o = options;
    this.#target = options.target;
    this.#base = { min: options.config.interval_min, max: options.config.interval_max };
    this.#level = options.initialLevel ?? 1;
    this.#interval = levelInterval(this.#base, this.#level);
    this.#log = new RequestLog(options.config.log_size);
    this.#reportId = options.firstReportId ?? 1;
    this.#windowStart = options.clock.epoch();
    this.#lastReportAt = options.clock.now();
    this.#minReportGap = options.minReportGapMs ?? 1000;
    this.#windowTargets.add(this.#target.name);
  }

  /** Live counters. */
  get state(): SimulationState {
    return {
      sent: this.#sent,
      completed: this.#completed,
      inFlight: this.#inFlight,
      level: this.#level,
      interval: { ...this.#interval },
      target: this.#target.name,
    };
  }

  /** The rolling request log, oldest first. */
  recentRecords(n = this.#log.capacity): RequestRecord[] {
    return this.#log.last(n);
  }

  /** Asks the run to stop: no new requests; in-flight ones get the grace period to finish. */
  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  /** Switches the target while running; recorded as an event. */
  switchTarget(target: Target, reason: string): void {
    const from = this.#target.name;
    this.#target = target;
    this.#windowTargets.add(target.name);
    this.#event("target_switch", `Target switched from ${from} to ${target.name}: ${reason}`, {
      from,
      to: target.name,
    });
  }

  /**
   * Runs until `max_requests` or `duration_s` is reached or {@linkcode stop}
   * is called, then waits up to `graceMs` for in-flight requests and emits a
   * final report.
   */
  async run(graceMs = this.#o.config.timeout_ms + 100): Promise<void> {
    const { config, clock } = this.#o;
    const start = clock.now();
    const deadline = config.duration_s === null ? Infinity : start + config.duration_s * 1000;
    const reportEvery = config.report_seconds * 1000;
    let nextReport = start + reportEvery;
    let nextDue = start;
    let batch = 0;
    const gap = this.#o.maxRps == null ? 0 : 1000 / this.#o.maxRps;
    let nextAllowed = start;
    while (!this.#stopped) {
      if (config.max_requests !== null && this.#sent >= config.max_requests) break;
      const now = clock.now();
      if (now >= deadline) break;
      if (now >= nextReport) {
        if (this.#window.size > 0) this.#report("report");
        nextReport = now + reportEvery;
      }
      if (nextDue > now) {
        batch = 0;
        await this.#sleep(Math.min(nextDue, deadline, nextReport) - now);
        continue;
      }
      if (this.#inFlight >= config.concurrency) {
        batch = 0;
        await this.#sleep(Math.min(deadline, nextReport) - now, true);
        this.#lateUntil = clock.now();
        continue;
      }
      if (gap > 0) {
        if (now < nextAllowed) {
          // Held back by the rate cap: due already, so late when sent.
          batch = 0;
          await this.#sleep(Math.min(nextAllowed, deadline, nextReport) - now);
          this.#lateUntil = clock.now();
          continue;
        }
        // At most 100 ms of sends may catch up at once after a coarse timer.
        nextAllowed = Math.max(nextAllowed, now - 100) + gap;
      }
      const request = this.#o.generator.next();
      // An interval of 0-0 ms sets no schedule: each request is due when it is
      // sent, so latency is its own service time, never the run's age.
      const unthrottled = this.#interval.max <= 0;
      if (unthrottled) nextDue = now;
      const late = !unthrottled && nextDue <= this.#lateUntil;
      this.#send(request, nextDue, late);
      nextDue += nextGap(this.#o.random, this.#interval, config.arrival);
      if (++batch >= BATCH) {
        batch = 0;
        await sleep(clock, 0);
      }
    }
    await this.#drain(graceMs);
    this.#event("run_stopped", `Run stopped after ${this.#completed} requests`, {
      requests: this.#completed,
    });
    if (this.#window.size > 0) this.#report("final");
    else this.#o.onEvents?.(this.#takeEvents());
  }

  /** Sleeps `ms`; wakes early on stop, or when a slot frees if `untilSlot`. */
  #sleep(ms: number, untilSlot = false): Promise<void> {
    return new Promise<void>((resolve) => {
      let cancel = () => {};
      const finish = () => {
        cancel();
        this.#wake = null;
        resolve();
      };
      this.#wake = untilSlot ? finish : () => {
        if (this.#stopped) finish();
      };
      // Waiting for a slot, a completion wakes us within the request timeout at the latest:
      // a timer (one per wait, on the hot path of a saturated run) is only needed sooner.
      if (untilSlot && ms >= this.#o.config.timeout_ms) return;
      cancel = this.#o.clock.timer(Math.max(0, ms), finish);
    });
  }

  /** Waits until nothing is in flight, or `graceMs` at most. */
  #drain(graceMs: number): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const cancel = this.#o.clock.timer(graceMs, resolve);
      this.#drained = () => {
        cancel();
        resolve();
      };
    });
  }

  #send(request: TrafficRequest, intended: number, late: boolean): void {
    const clock = this.#o.clock;
    const target = this.#target;
    const startedAt = clock.now();
    this.#sent++;
    this.#inFlight++;
    let answer: Decision | Promise<Decision>;
    try {
      answer = target.evaluate({ id: request.id, input: request.input });
    } catch (error) {
      this.#finish(request, intended, startedAt, clock.now(), null, error, late);
      return;
    }
    if (answer instanceof Promise) {
      if (target.enforcesTimeout === true) {
        // The target times requests out itself: no timer race, and no async frame.
        answer.then(
          (decision) =>
            this.#finish(request, intended, startedAt, clock.now(), decision, null, late),
          (error) => this.#finish(request, intended, startedAt, clock.now(), null, error, late),
        );
      } else {
        this.#await(request, intended, startedAt, answer, late);
      }
    } else {
      this.#finish(request, intended, startedAt, clock.now(), answer, null, late);
    }
  }

  async #await(
    request: TrafficRequest,
    intended: number,
    startedAt: number,
    answer: Promise<Decision>,
    late: boolean,
  ): Promise<void> {
    const timeoutMs = this.#o.config.timeout_ms;
    let cancel = () => {};
    const timeout = new Promise<never>((_, reject) => {
      cancel = this.#o.clock.timer(
        timeoutMs,
        () => reject(new TargetError("timeout", `No answer within ${timeoutMs} ms`)),
      );
    });
    try {
      const decision = await Promise.race([answer, timeout]);
      this.#finish(request, intended, startedAt, this.#o.clock.now(), decision, null, late);
    } catch (error) {
      this.#finish(request, intended, startedAt, this.#o.clock.now(), null, error, late);
    } finally {
      cancel();
    }
  }

  #finish(
    request: TrafficRequest,
    intended: number,
    startedAt: number,
    endedAt: number,
    answer: unknown,
    error: unknown,
    late: boolean,
  ): void {
    this.#inFlight--;
    this.#completed++;
    let decision: Decision | null = null;
    let failure: { type: string; message: string } | null = null;
    let unhandled = false;
    if (error !== null) {
      if (error instanceof TargetError) {
        failure = { type: error.type, message: error.message };
      } else {
        unhandled = true;
        failure = {
          type: "unhandled",
          message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        };
      }
    } else {
      const checked = validateDecision(answer);
      if (typeof checked === "string") failure = { type: "invalid_decision", message: checked };
      else decision = checked;
    }
    const record: RequestRecord = {
      id: request.id,
      seq: request.seq,
      category: request.category,
      family: request.family,
      expected: request.expected,
      success: decision !== null,
      confidence: decision?.confidence ?? null,
      pre_validation: decision?.pre_validation ?? null,
      approval_path: decision?.approval_path ?? null,
      clarification: decision?.approval_path === "clarification",
      outcome: decision === null ? null : outcomeOf(decision),
      execution_time: endedAt - startedAt,
      latency: endedAt - intended,
      schedule_lag: Math.max(0, startedAt - intended),
      at: this.#o.clock.epoch(),
      error: failure,
      unhandled,
    };
    this.#log.push(record);
    this.#window.add(record, late);
    this.#o.onRecord?.(record);
    if (failure !== null && this.#samples.length < SAMPLES_PER_WINDOW) {
      this.#samples.push({
        at: new Date(record.at).toISOString(),
        run_id: this.#o.runId,
        seed: this.#o.seed,
        request_id: request.id,
        seq: request.seq,
        category: request.category,
        family: request.family,
        type: failure.type,
        message: failure.message,
        input_preview: request.input.slice(0, PREVIEW_CHARS),
      });
    }
    if (
      this.#window.size >= this.#o.config.report_interval &&
      this.#o.clock.now() - this.#lastReportAt >= this.#minReportGap
    ) {
      this.#report("report");
    }
    if (this.#wake !== null) this.#wake();
    if (this.#inFlight === 0 && this.#drained !== null) {
      const drained = this.#drained;
      this.#drained = null;
      drained();
    }
  }

  #report(kind: "report" | "final"): void {
    this.#lastReportAt = this.#o.clock.now();
    const now = this.#o.clock.epoch();
    const window = this.#window;
    const target = this.#windowTargets.size > 1 ? "mixed" : this.#target.name;
    const levelBefore = this.#level;
    const intervalBefore = this.#interval;
    // Levels scale the interval; with 0/0 (as fast as possible) there is nothing to scale.
    if (kind === "report" && this.#o.config.adaptive && this.#base.max > 0) {
      const s = window.stats;
      const summary = s.summary();
      const step = nextLoadLevel(this.#level, {
        requests: s.total,
        average_ms: s.executionTime.mean,
        p99_ms: s.executionTime.quantile(0.99),
        success_rate: summary.success_rate,
        error_rate: summary.error_rate,
      });
      if (step.level !== this.#level) {
        this.#level = step.level;
        this.#interval = levelInterval(this.#base, step.level);
        this.#event(
          "load_level",
          `Load level ${levelBefore} -> ${step.level} (${this.#interval.min}-${this.#interval.max} ms): ${step.reason}`,
          { from: levelBefore, to: step.level, interval_ms: { ...this.#interval } },
        );
      }
    }
    const report = window.toReport({
      id: this.#reportId++,
      run_id: this.#o.runId,
      kind,
      started_at: this.#windowStart,
      ended_at: now,
      target,
      load_level: levelBefore,
      interval_ms: intervalBefore,
    });
    const samples = this.#samples;
    this.#window = new ReportWindow();
    this.#windowStart = now;
    this.#windowTargets = new Set([this.#target.name]);
    this.#samples = [];
    this.#o.onReport(report, samples, this.#takeEvents(), window);
  }

  #takeEvents(): RunEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #event(type: RunEvent["type"], message: string, data?: Record<string, unknown>): void {
    const event: RunEvent = {
      at: new Date(this.#o.clock.epoch()).toISOString(),
      run_id: this.#o.runId,
      type,
      message,
    };
    if (data !== undefined) event.data = data;
    this.#events.push(event);
  }
}
