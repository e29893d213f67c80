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
import { parseListenAddress, type RunningServer, startServer } from "../server/serve.ts";
import { levelInterval } from "../load/load_levels.ts";
import { Stats } from "../metrics/stats.ts";
import type { MetricsDocument, Report, RunConfig, RunInfo, Status } from "../store/schema.ts";
import {
  addErrorSamples,
  addEvent,
  createDocument,
  nextReportId,
  pushReport,
} from "../store/document.ts";
import { CumulativeTotals } from "../metrics/cumulative_totals.ts";
import { applyRetention } from "../store/retention.ts";
import {
  encodeReport,
  MetricsFileError,
  prepareMetricsFile,
  writeMetricsFile,
} from "../store/metrics_file.ts";
import { type Clock, sleep, systemClock } from "./clock.ts";
import { Simulation } from "./simulation.ts";
import { DocumentWriter } from "./document_writer.ts";
import {
  buildTarget,
  describeSetting,
  parseTargetRequest,
  type TargetContext,
} from "./target_control.ts";
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
  /** Environment variables (`SOUL_REAL_ENABLED`, `SOUL_API_URL`). */
  env: { get(name: string): string | undefined };
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
  const listen = parseServeAddress(options.serve);

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

  const totals = new CumulativeTotals(doc.cumulative);
  const hub = new EventHub();
  let server: RunningServer | null = null;
  let warned = false;
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
      await writeMetricsFile(options.file, doc);
      // The hub computes views and alert states: only worth it with a server listening.
      if (server !== null) hub.publishReport(doc);
    },
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
    const host = server.addr.hostname.includes(":")
      ? `[${server.addr.hostname}]`
      : server.addr.hostname;
    say(`Serving the dashboard on http://${host}:${server.addr.port}/`);
  }

  const stopSignals = installStopSignals(() => {
    if (!options.quiet) io.err("Stopping: writing the final report (Ctrl+C again to exit now)");
    simulation.stop();
  });
  try {
    await simulation.run();
  } finally {
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
  await writer.flush();
  await server?.shutdown();
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

function parseServeAddress(text: string | null) {
  if (text === null) return null;
  try {
    return parseListenAddress(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function serveError(error: unknown, address: string): unknown {
  if (error instanceof RangeError) return new UsageError(error.message);
  if (error instanceof Deno.errors.AddrInUse) {
    return new UsageError(`Cannot serve on '${address}' as the address is already in use`);
  }
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return new UsageError(
      `Cannot serve on '${address}' as network access to it is not granted: run with --allow-net for that host`,
    );
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
