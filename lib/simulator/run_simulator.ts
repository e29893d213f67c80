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
import { createReferenceTarget } from "../soul/reference_engine.ts";
import { withFaults } from "../soul/fault_target.ts";
import type { Target } from "../soul/decision.ts";
import { levelInterval } from "../load/load_levels.ts";
import { Stats } from "../metrics/stats.ts";
import type { MetricsDocument, Report, RunConfig, RunInfo, Status } from "../store/schema.ts";
import {
  addErrorSamples,
  addEvent,
  appendReport,
  createDocument,
  nextReportId,
} from "../store/document.ts";
import { applyRetention } from "../store/retention.ts";
import { MetricsFileError, prepareMetricsFile, writeMetricsFile } from "../store/metrics_file.ts";
import { type Clock, systemClock } from "./clock.ts";
import { Simulation } from "./simulation.ts";
import { DocumentWriter } from "./document_writer.ts";
import type { SimulatorOptions } from "./options.ts";
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
}

/** Exit code for a run that completed (including a stop by signal). */
export const EXIT_OK = 0;

/** Seed streams derived from the run seed, so intervals and faults never shift traffic. */
const INTERVAL_STREAM = 0x5bd1e995;
const FAULT_STREAM = 0x27d4eb2f;

/** Runs the simulator; resolves to the process exit code. */
export async function runSimulator(
  options: SimulatorOptions,
  io: SimulatorIo,
  clock: Clock = systemClock,
): Promise<number> {
  const corpus = options.corpus === null ? undefined : await loadCorpus(options.corpus);
  const seed = options.seed ?? randomSeed();
  const target = buildTarget(options, seed);

  let prepared;
  try {
    prepared = await prepareMetricsFile(options.file, { fresh: options.fresh });
  } catch (error) {
    throw asUsageError(error);
  }
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
  const say = (line: string) => {
    if (!options.quiet) io.out(line);
  };
  if (prepared.keptAside !== null) {
    say(`Kept the earlier metrics file aside as ${prepared.keptAside}`);
  }
  if (prepared.previous !== null) {
    say(
      `Continuing the history in ${options.file} (${doc.runs.length - 1} earlier run(s), ${
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

  let warned = false;
  const writer = new DocumentWriter({
    write: () => writeMetricsFile(options.file, doc),
    clock,
    onError: (error) => {
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
    onReport: (report: Report, samples, events) => {
      reports++;
      runStats.merge(Stats.fromData(report.stats));
      appendReport(doc, report);
      addErrorSamples(doc, samples);
      for (const event of events) {
        addEvent(doc, event);
        if (event.type !== "run_stopped") say(event.message);
      }
      applyRetention(doc);
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

  const stopSignals = installStopSignals(() => {
    if (!options.quiet) io.err("Stopping: writing the final report (Ctrl+C again to exit now)");
    simulation.stop();
  });
  try {
    await simulation.run();
  } finally {
    stopSignals();
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
  await writer.flush();
  if (progress) io.progress("");
  say(formatRunSummary({
    file: options.file,
    seed,
    elapsedMs: clock.now() - startMs,
    run: runStats.summary(),
    reports,
    level: simulation.state.level,
  }));
  return EXIT_OK;
}

function buildTarget(options: SimulatorOptions, seed: number): Target {
  const faults = options.faults;
  return withFaults(createReferenceTarget(), faults, createRandom((seed ^ FAULT_STREAM) >>> 0));
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
  if (error instanceof MetricsFileError) return new UsageError(error.message);
  return error;
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
