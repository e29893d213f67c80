/**
 * The simulator as a program: turns validated options into a run that
 * writes the metrics file at every report, prints progress, stops cleanly on
 * Ctrl+C or SIGTERM, and returns the exit code. `simulate.ts` only parses
 * flags and calls {@linkcode runSimulator}.
 *
 * @module
 */
import { UsageError } from "../cli/usage_error.ts";
import { createGenerator } from "../traffic/generator.ts";
import { CorpusError, readCorpus } from "../traffic/corpus.ts";
import { createRandom, randomSeed } from "../traffic/random.ts";
import { readFlagsFile } from "../soul/flags_file.ts";
import {
  resolveSoulUrl,
  resolveTargetSetting,
  type TargetSetting,
} from "../soul/target_setting.ts";
import { DEFAULT_SOUL_URL } from "../soul/http_target.ts";
import { EventHub } from "../server/event_hub.ts";
import {
  parseServeOption,
  type RunningServer,
  serveError,
  serverUrl,
  startServer,
} from "../server/serve.ts";
import { levelInterval } from "../load/load_levels.ts";
import { Stats } from "../metrics/stats.ts";
import type {
  MetricsDocument,
  Report,
  RunConfig,
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
import { CumulativeTotals } from "../metrics/cumulative_totals.ts";
import { applyRetention } from "../metrics/retention.ts";
import { MetricsFileError } from "../model/metrics_file_error.ts";
import { encodeReport } from "../store/metrics_file.ts";
import type { MetricsStore } from "../store/metrics_store.ts";
import { isStoreBusy, type KvOpener, openStore, preflightStore } from "./open_store.ts";
import { KvStoreError } from "../store/kv_layout.ts";
import { type CronSchedule, nextFiring } from "./cron_schedule.ts";
import { type BatchResult, BatchRunner, describeOutcome } from "./batch_runner.ts";
import { MAX_SEED } from "../traffic/random.ts";
import { type Clock, sleep, systemClock } from "./clock.ts";
import { Simulation } from "./simulation.ts";
import { DocumentWriter } from "./document_writer.ts";
import {
  buildTarget,
  describeSetting,
  parseTargetRequest,
  type TargetContext,
} from "./target_control.ts";
import type { SimulatorOptions } from "./simulate_options.ts";
import { formatProgress, formatReportLine, formatRunSummary } from "./console_output.ts";

/** Where the simulator's output goes (injected so tests need no terminal). */
export interface SimulatorIo {
  /** Writes a line of normal output. */
  out(line: string): void;
  /** Writes a line of diagnostics. */
  err(line: string): void;
  /** Redraws the progress line (only called when `progress` is true). */
  progress(line: string): void;
  /** Whether a progress bar may be drawn (stdout is a terminal). */
  interactive: boolean;
  /** Terminal width for the progress bar. */
  columns: number;
  /** Environment variables (`SOUL_REAL_ENABLED`, `SOUL_API_URL`). */
  env: { get(name: string): string | undefined };
}

/** Exit code for a run that completed (including a stop by signal). */
export const EXIT_OK = 0;

/** Exit code for a run whose KV shard another simulator took over (nothing more was written). */
export const EXIT_STORE_LOST = 2;

/** Seed streams derived from the run seed, so intervals and faults never shift traffic. */
const INTERVAL_STREAM = 0x5bd1e995;
const FAULT_STREAM = 0x27d4eb2f;

/** Runs the simulator; resolves to the process exit code. */
export function runSimulator(
  options: SimulatorOptions,
  io: SimulatorIo,
  clock: Clock = systemClock,
): Promise<number> {
  if (options.cron !== null) return runScheduled(options, options.cron, io, clock);
  return runOnce(options, io, clock, { fresh: options.fresh, stop: null });
}

/** How one run is controlled from outside. */
export interface RunControl {
  /** Keep an existing history aside. */
  fresh: boolean;
  /** Stops the run with a final report; null: the run handles Ctrl+C and SIGTERM itself. */
  stop: AbortSignal | null;
  /** Opens the KV store (the default: a local file at `--kv`; Deno Deploy: its own KV). */
  openKv?: KvOpener;
  /** Called once the store is ready and the run starts. */
  onStart?: () => void;
}

/** Thrown when a scheduled batch finds its store held by another simulator. */
class StoreBusy extends Error {}

/**
 * One scheduled batch: a bounded run appended to the store, stopped early
 * (with its final report) when `control.stop` aborts. Resolves to
 * `skipped` when another simulator holds the shard.
 */
export async function runBatch(
  options: SimulatorOptions,
  io: SimulatorIo,
  clock: Clock,
  control: RunControl & { stop: AbortSignal },
): Promise<BatchResult> {
  let code;
  try {
    code = await runOnce(options, io, clock, control);
  } catch (error) {
    if (error instanceof StoreBusy) return { kind: "skipped", reason: error.message };
    throw error;
  }
  if (code !== EXIT_OK) throw new Error("another simulator took its shard over");
  return { kind: "done" };
}

/** One run, from opening the store to the final report. */
async function runOnce(
  options: SimulatorOptions,
  io: SimulatorIo,
  clock: Clock,
  control: RunControl,
): Promise<number> {
  const store = await openStore(options, control.openKv).catch((error) => {
    throw asUsageError(error);
  });
  try {
    return await runWithStore(options, io, clock, control, store);
  } finally {
    store.close();
  }
}

async function runWithStore(
  options: SimulatorOptions,
  io: SimulatorIo,
  clock: Clock,
  control: RunControl,
  store: MetricsStore,
): Promise<number> {
  const corpus = options.corpus === null ? undefined : await loadCorpus(options.corpus);
  const seed = options.seed ?? randomSeed();
  const say = (line: string) => {
    if (!options.quiet) io.out(line);
  };
  const targetContext: TargetContext = {
    timeoutMs: options.timeoutMs,
    concurrency: options.concurrency,
    faults: options.faults,
    random: createRandom((seed ^ FAULT_STREAM) >>> 0),
  };
  // The configured service URL, kept even while the embedded engine runs, so a
  // switch to `http` without a URL goes where the user pointed it.
  let serviceUrl = DEFAULT_SOUL_URL;
  const resolveSetting = async (): Promise<TargetSetting> => {
    const input = {
      useRealSoul: options.useRealSoul,
      flagUrl: options.soulUrl ?? undefined,
      env: io.env,
      flags: options.flagsFile === null ? undefined : await readFlagsFile(options.flagsFile),
    };
    const resolved = resolveTargetSetting(input);
    serviceUrl = resolved.url ?? resolveSoulUrl(input);
    return resolved;
  };
  let setting = await resolveSetting();
  if (setting.notice !== undefined) io.err(setting.notice);
  let target = buildTarget(setting, targetContext);
  const listen = options.serve === null ? null : parseServeOption(options.serve);

  let prepared;
  try {
    prepared = await store.prepare({ fresh: control.fresh });
  } catch (error) {
    if (control.stop !== null && isStoreBusy(error)) throw new StoreBusy(error.message);
    throw asUsageError(error);
  }
  control.onStart?.();
  const startedAt = new Date(clock.epoch()).toISOString();
  const config: RunConfig = {
    target: target.name,
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
  const run: RunInfo = {
    run_id: crypto.randomUUID().slice(0, 8),
    seed,
    started_at: startedAt,
    ended_at: null,
    config,
  };
  const status: Status = {
    state: "running",
    updated_at: startedAt,
    started_at: startedAt,
    pid: Deno.pid,
    target: target.name,
    load_level: 1,
    interval_ms: levelInterval({ min: options.intervalMin, max: options.intervalMax }, 1),
    requests: 0,
    in_flight: 0,
    report_interval: options.reportInterval,
    report_seconds: options.reportSeconds,
  };
  const doc: MetricsDocument = prepared.previous ?? createDocument(run, status);
  if (prepared.previous !== null) {
    doc.runs.push(run);
    doc.status = status;
  }
  if (prepared.keptAside !== null) {
    say(`Kept the earlier history aside as ${prepared.keptAside}`);
  }
  if (prepared.previous !== null) {
    say(
      `Continuing the history in ${store.label} (${doc.runs.length - 1} earlier run(s), ${
        nextReportId(doc) - 1
      } report(s)); use --fresh to start a new one`,
    );
  }
  addEvent(doc, {
    at: startedAt,
    run_id: run.run_id,
    type: "run_started",
    message: `Run ${run.run_id} started on target ${target.name} with seed ${seed}`,
    data: { seed, target: target.name },
  });

  const totals = new CumulativeTotals(doc.cumulative);
  const hub = new EventHub();
  let server: RunningServer | null = null;
  let warned = false;
  let lostStore: Error | null = null;
  const writer = new DocumentWriter({
    write: async () => {
      // Totals and retention are settled per write, not per report: on a very fast run
      // hundreds of reports land between two writes.
      // New reports are encoded one per turn of the event loop, so due requests go
      // out between them and the schedule never stalls for a whole write; the
      // totals and the file itself are then settled in one turn, consistently.
      applyRetention(doc);
      for (const r of [...doc.reports, ...doc.rollups]) {
        if (encodeReport(r)) await sleep(clock, 0);
      }
      doc.cumulative = totals.toCumulative();
      await store.write(doc);
      // The hub computes views and alert states: only worth it with a server listening.
      if (server !== null) hub.publishReport(doc);
    },
    clock,
    onError: (error) => {
      if (isStoreBusy(error)) {
        // Another simulator took the shard over: writing on would overwrite its history.
        lostStore ??= error;
        simulation.stop();
        return;
      }
      // The run goes on and the next report retries; say so once.
      if (warned) return;
      warned = true;
      io.err(`warning: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  try {
    await writer.flush();
  } catch (error) {
    throw asUsageError(error);
  }

  const runStats = new Stats();
  let reports = 0;
  const startMs = clock.now();
  const progress = options.maxRequests !== null && io.interactive && !options.quiet;
  let lastDraw = 0;
  const simulation = new Simulation({
    config,
    runId: run.run_id,
    seed,
    generator: createGenerator(
      corpus === undefined ? { seed, mix: options.mix } : {
        seed,
        mix: options.mix,
        corpus,
      },
    ),
    random: createRandom((seed ^ INTERVAL_STREAM) >>> 0),
    target,
    clock,
    firstReportId: nextReportId(doc),
    onReport: (report: Report, samples, events, window) => {
      reports++;
      runStats.merge(window.stats);
      totals.add(window);
      pushReport(doc, report);
      addErrorSamples(doc, samples);
      for (const event of events) {
        addEvent(doc, event);
        if (event.type === "load_level") say(event.message);
      }
      const state = simulation.state;
      Object.assign(doc.status, {
        updated_at: report.ended_at,
        load_level: state.level,
        interval_ms: state.interval,
        target: state.target,
        requests: state.completed,
        in_flight: state.inFlight,
      });
      writer.schedule();
      if (progress) io.progress("");
      if (report.kind === "report") say(formatReportLine(report));
    },
    onEvents: (events) => {
      for (const event of events) addEvent(doc, event);
    },
    onRequest: progress
      ? (completed) => {
        const now = clock.now();
        if (now - lastDraw < 100 && completed !== options.maxRequests) return;
        lastDraw = now;
        const window = runStats.summary();
        io.progress(formatProgress({
          completed,
          total: options.maxRequests ?? 0,
          elapsedMs: now - startMs,
          successRate: window.success_rate,
          width: io.columns,
        }));
      }
      : undefined,
  });

  /** Old targets waiting to be closed, with the cancel function of their timer. */
  const retiring = new Map<() => void, () => void>();
  /** Switches to `next` unless it is what runs already; returns what happened. */
  const switchTarget = (next: TargetSetting, reason: string) => {
    const from = describeSetting(setting);
    const to = describeSetting(next);
    if (from === to) return { switched: false, target: to };
    const old = target;
    target = buildTarget(next, targetContext);
    setting = next;
    simulation.switchTarget(target, `${reason} (${from} -> ${to})`);
    if (next.url !== undefined) serviceUrl = next.url;
    // Requests still in flight on the old target get their timeout to finish;
    // at the end of the run whatever is left is closed at once.
    const close = () => {
      retiring.delete(close);
      void old.close?.();
    };
    const cancel = clock.timer(options.timeoutMs + 100, close);
    retiring.set(close, cancel);
    say(`Target switched to ${to}: ${reason}`);
    return { switched: true, target: to };
  };
  const onHangup = async () => {
    try {
      const next = await resolveSetting();
      if (next.notice !== undefined) io.err(next.notice);
      if (!switchTarget(next, "SIGHUP").switched) {
        say(`SIGHUP: target unchanged (${describeSetting(next)})`);
      }
    } catch (error) {
      io.err(`SIGHUP: target unchanged: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const removeHangup = installHangupSignal(onHangup);

  if (listen !== null) {
    try {
      server = await startServer({
        hostname: listen.hostname,
        port: listen.port,
        ...(options.token === null ? {} : { token: options.token }),
        getDocument: () => doc,
        hub,
        onTargetSwitch: (body) =>
          switchTarget(
            parseTargetRequest(body, serviceUrl),
            "POST /api/target",
          ),
      });
    } catch (error) {
      removeHangup();
      throw serveError(error, options.serve ?? "");
    }
    hub.publishReport(doc);
    say(`Serving the dashboard on ${serverUrl(server.addr)}`);
  }

  const onStop = () => simulation.stop();
  control.stop?.addEventListener("abort", onStop);
  if (control.stop?.aborted) simulation.stop();
  const stopSignals = control.stop !== null ? () => {} : installStopSignals(() => {
    if (!options.quiet) io.err("Stopping: writing the final report (Ctrl+C again to exit now)");
    simulation.stop();
  });
  try {
    await simulation.run();
  } finally {
    control.stop?.removeEventListener("abort", onStop);
    stopSignals();
    removeHangup();
    for (const [close, cancel] of retiring) {
      cancel();
      close();
    }
    await target.close?.();
  }
  const endedAt = new Date(clock.epoch()).toISOString();
  run.ended_at = endedAt;
  Object.assign(doc.status, {
    state: "stopped",
    updated_at: endedAt,
    requests: simulation.state.completed,
    in_flight: 0,
  });
  if (lostStore === null) {
    try {
      await writer.flush();
    } catch (error) {
      if (!isStoreBusy(error)) throw error;
      lostStore = error;
    }
  }
  await server?.shutdown();
  if (progress) io.progress("");
  if (lostStore !== null) {
    io.err(`error: ${lostStore.message}; this run stopped without its final report`);
    return EXIT_STORE_LOST;
  }
  say(formatRunSummary({
    file: store.label,
    seed,
    elapsedMs: clock.now() - startMs,
    run: runStats.summary(),
    reports,
    level: simulation.state.level,
  }));
  return EXIT_OK;
}

async function loadCorpus(path: string) {
  try {
    return await readCorpus(path);
  } catch (error) {
    if (error instanceof CorpusError) throw new UsageError(`Cannot use --corpus: ${error.message}`);
    throw error;
  }
}

function asUsageError(error: unknown): unknown {
  if (error instanceof MetricsFileError || error instanceof KvStoreError) {
    return new UsageError(error.message);
  }
  return error;
}

/** SIGHUP re-reads the target settings; returns a function that removes the handler. */
function installHangupSignal(onHangup: () => void): () => void {
  if (Deno.build.os === "windows") return () => {};
  Deno.addSignalListener("SIGHUP", onHangup);
  return () => Deno.removeSignalListener("SIGHUP", onHangup);
}

/**
 * First Ctrl+C or SIGTERM calls `onStop`; a second Ctrl+C exits at once.
 * Returns a function that removes the handlers.
 */
function installStopSignals(onStop: () => void): () => void {
  let stopping = false;
  const handler = () => {
    if (stopping) Deno.exit(130);
    stopping = true;
    onStop();
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, handler);
  return () => {
    for (const s of signals) Deno.removeSignalListener(s, handler);
  };
}

/**
 * `--cron`: registers a `Deno.cron` job that runs one bounded batch at each
 * firing, appending to the same file or shard, and runs until Ctrl+C or
 * SIGTERM (which let a batch in progress finish with its final report).
 */
async function runScheduled(
  options: SimulatorOptions,
  schedule: CronSchedule,
  io: SimulatorIo,
  clock: Clock,
): Promise<number> {
  const say = (line: string) => {
    if (!options.quiet) io.out(line);
  };
  // A store that cannot be used fails now, not at the first firing an hour later.
  await preflightStore(options).catch((error) => {
    throw asUsageError(error);
  });
  const stop = new AbortController();
  const { runner, cron, nextAt } = scheduleBatches(options, schedule, io, clock, {
    signal: stop.signal,
  });
  const bound = options.maxRequests !== null
    ? `${options.maxRequests} requests`
    : `${options.durationS} s`;
  say(
    `Scheduled batches of ${bound} on '${schedule.source}' (UTC); next batch at ${nextAt()}. Ctrl+C to stop`,
  );
  let removeSignals = () => {};
  await new Promise<void>((resolve) => {
    removeSignals = installStopSignals(() => {
      if (runner.busy && !options.quiet) {
        io.err("Stopping: the running batch writes its final report (Ctrl+C again to exit now)");
      }
      stop.abort();
      resolve();
    });
  });
  await runner.idle();
  removeSignals();
  await cron.catch(() => {});
  say(`Stopped after ${runner.started} batch(es)`);
  return EXIT_OK;
}

/** What {@linkcode scheduleBatches} registered. */
export interface ScheduledBatches {
  /** Runs the batches, one at a time. */
  runner: BatchRunner;
  /** The `Deno.cron` job; settles once the signal aborts it. */
  cron: Promise<void>;
  /** The next firing, as `2026-11-27 05:00 UTC`. */
  nextAt(): string;
}

/**
 * Registers, synchronously (Deno Deploy finds cron jobs registered at the
 * top level of a module), the `Deno.cron` job that runs one bounded batch
 * at each firing of `schedule` and says what came of it. Aborting
 * `control.signal` ends the job and stops a running batch with its final
 * report.
 */
export function scheduleBatches(
  options: SimulatorOptions,
  schedule: CronSchedule,
  io: SimulatorIo,
  clock: Clock,
  control: { signal: AbortSignal; openKv?: KvOpener },
): ScheduledBatches {
  const say = (line: string) => {
    if (!options.quiet) io.out(line);
  };
  const nextAt = () => {
    const next = nextFiring(schedule, new Date(clock.epoch()));
    return next === null ? "never" : formatUtcMinute(next);
  };
  const runner = new BatchRunner((batch) =>
    runBatch({ ...options, seed: batchSeed(options.seed, batch) }, io, clock, {
      fresh: options.fresh && batch === 1,
      stop: control.signal,
      ...(control.openKv === undefined ? {} : { openKv: control.openKv }),
      onStart: () => say(`Batch ${batch} started at ${new Date(clock.epoch()).toISOString()}`),
    })
  );
  const onFiring = async () => {
    if (control.signal.aborted) return;
    const outcome = await runner.fire();
    const { line, error } = describeOutcome(outcome, new Date(clock.epoch()), nextAt());
    if (error) io.err(line);
    else say(line);
  };
  const name = `buddy-traffic ${options.kv === null ? "file" : options.shard ?? "default"}`
    .replace(/[^A-Za-z0-9 _-]/g, "_");
  const cron = Deno.cron(name, schedule.source, { signal: control.signal }, onFiring);
  return { runner, cron, nextAt };
}

/** `--seed S` gives batch n the seed S+n-1 (each hour new traffic, all reproducible). */
export function batchSeed(seed: number | null, batch: number): number | null {
  return seed === null ? null : (seed + batch - 1) % (MAX_SEED + 1);
}

function formatUtcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
