/**
 * One simulator run, wired from its checked {@linkcode RunPlan}: `--serve`
 * binds, the store opens and is prepared (steps 5 and 6 of the order in
 * `run_plan.ts`), and only then is the document written and traffic sent.
 * The run writes the document at every report, prints progress, stops
 * cleanly on Ctrl+C, SIGTERM or its control's signal, and resolves to the
 * exit code.
 *
 * @module
 */
import { createGenerator } from "../traffic/generator.ts";
import { createRandom, randomSeed } from "../traffic/random.ts";
import { EventHub } from "../server/event_hub.ts";
import {
  type ListenAddress,
  type RunningServer,
  serveError,
  serverUrl,
  startServer,
} from "../server/serve.ts";
import type { LiveMetrics } from "../server/app.ts";
import { DEFAULT_SHARD } from "../store/kv_layout.ts";
import { startRemotePush } from "./remote_push.ts";
import { nextReportId } from "../metrics/document.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";
import type { MetricsStore } from "../store/metrics_store.ts";
import type { Clock } from "./clock.ts";
import {
  isStoreBusy,
  type KvOpener,
  openStore,
  prepareStore,
  StoreBusyError,
  storeUsageError,
} from "./open_store.ts";
import type { RunPlan } from "./run_plan.ts";
import type { SimulatorOptions } from "./simulate_options.ts";
import { RunDocument } from "./run_document.ts";
import { installHangupSignal, installStopSignals } from "./run_signals.ts";
import { Simulation } from "./simulation.ts";
import { EXIT_OK } from "../cli/exit_code.ts";
import { EXIT_STORE_LOST, sayer, type SimulatorIo } from "./simulator_io.ts";
import { readTargetChoice, TargetControl } from "./target_control.ts";
import {
  formatLiveStatus,
  formatReportLine,
  formatRunSummary,
  formatStartLine,
} from "./console_output.ts";
import { LiveMonitor, type LiveTick } from "../view/live_tick.ts";
import { startTicker } from "./live_ticker.ts";
import { liveStatusPath, writeLiveStatus } from "../store/live_status_file.ts";
import { runVerdict } from "../analysis/run_verdict.ts";
import { renderVerdictText } from "../render/verdict_text.ts";
import { colorEnabled, type Colors, createColors } from "../render/ansi.ts";

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

/** Seed streams derived from the run seed, so intervals and faults never shift traffic. */
const INTERVAL_STREAM = 0x5bd1e995;
const FAULT_STREAM = 0x27d4eb2f;

/** What the steps of a run share. */
interface RunParts {
  plan: RunPlan;
  io: SimulatorIo;
  clock: Clock;
  control: RunControl;
  seed: number;
  say(line: string): void;
  targets: TargetControl;
  hub: EventHub;
  server: RunningServer | null;
  /** Live aggregates and alert states, fed with every request. */
  monitor: LiveMonitor;
  /** The document once there is one (the server may be asked before). */
  current: { doc: MetricsDocument | null };
}

/** Runs once, from binding `--serve` and opening the store to the final report. */
export async function runOnce(
  plan: RunPlan,
  io: SimulatorIo,
  clock: Clock,
  control: RunControl,
): Promise<number> {
  const { options } = plan;
  await using cleanup = new AsyncDisposableStack();
  const seed = options.seed ?? randomSeed();
  const say = sayer(options.quiet, io);
  const targets = new TargetControl({
    choice: plan.choice,
    context: {
      timeoutMs: options.timeoutMs,
      concurrency: options.concurrency,
      faults: options.faults,
      random: createRandom((seed ^ FAULT_STREAM) >>> 0),
    },
    reread: () => readTargetChoice(options, io.env),
    clock,
    say,
    err: (line) => io.err(line),
  });
  cleanup.defer(() => targets.close());
  const hub = new EventHub({ rules: plan.rules });
  const current: RunParts["current"] = { doc: null };
  const monitor = new LiveMonitor(plan.rules, clock.epoch());
  const server = plan.listen === null
    ? null
    : await bindServer(plan.listen, { options, hub, targets, current, monitor, clock });
  if (server !== null) cleanup.defer(() => server.shutdown());
  if (options.remoteWrite !== null) {
    const pusher = startRemotePush({
      url: options.remoteWrite,
      shard: options.shard ?? DEFAULT_SHARD,
      document: () => current.doc,
      live: () => liveMetrics(monitor, clock),
      now: () => clock.epoch(),
      err: (line) => io.err(line),
    });
    cleanup.defer(() => pusher.close());
  }
  const store = await openStore(options, control.openKv).catch((error) => {
    // A scheduled batch skips a shard another simulator of this host holds.
    if (control.stop !== null && isStoreBusy(error)) throw new StoreBusyError(error.message);
    throw storeUsageError(error);
  });
  cleanup.defer(() => store.close());
  const parts = { plan, io, clock, control, seed, say, targets, hub, server, current, monitor };
  return await runWithStore(parts, store);
}

/** The live figures `/metrics` and remote write read. */
function liveMetrics(monitor: LiveMonitor, clock: Clock): LiveMetrics {
  return {
    aggregates: monitor.aggregates,
    window: monitor.longWindow(clock.epoch()),
    alerts: monitor.alerts.map((a) => ({
      rule_id: a.rule_id,
      severity: a.severity,
      state: a.state,
    })),
  };
}

/** Binds `--serve`; an address in use or not granted is a `UsageError`. */
async function bindServer(
  listen: ListenAddress,
  parts: Pick<RunParts, "hub" | "targets" | "current" | "monitor" | "clock"> & {
    options: SimulatorOptions;
  },
): Promise<RunningServer> {
  const { options, hub, targets, current, monitor, clock } = parts;
  try {
    return await startServer({
      hostname: listen.hostname,
      port: listen.port,
      ...(options.token === null ? {} : { token: options.token }),
      getDocument: () => current.doc,
      hub,
      live: () => liveMetrics(monitor, clock),
      onTargetSwitch: (body) => targets.request(body),
    });
  } catch (error) {
    throw serveError(error, options.serve ?? "");
  }
}

/** Starts the document, runs the traffic and ends with the final report. */
async function runWithStore(parts: RunParts, store: MetricsStore): Promise<number> {
  const { plan, io, clock, control, seed, say, targets, server } = parts;
  const prepared = await prepareStore(store, {
    fresh: control.fresh,
    skipWhenBusy: control.stop !== null,
  });
  control.onStart?.();
  if (plan.choice.setting.notice !== undefined) io.err(plan.choice.setting.notice);
  let simulation: Simulation | null = null;
  const document = new RunDocument({
    options: plan.options,
    seed,
    target: targets.target.name,
    prepared,
    store,
    clock,
    onLost: () => simulation?.stop(),
    onWriteFailed: (error) => {
      io.err(`warning: ${error instanceof Error ? error.message : String(error)}`);
    },
    ...(server === null ? {} : { onWritten: (doc) => parts.hub.publishReport(doc) }),
  });
  for (const line of document.notes()) say(line);
  await document.start();
  parts.current.doc = document.doc;
  const startMs = clock.now();
  const startEpoch = clock.epoch();
  simulation = createSimulation(parts, document);
  say(formatStartLine({
    target: targets.target.name,
    file: store.label,
    seed,
    intervalMs: { min: plan.options.intervalMin, max: plan.options.intervalMax },
    maxRequests: plan.options.maxRequests,
    durationS: plan.options.durationS,
  }));
  if (server !== null) say(`Serving the dashboard on ${serverUrl(server.addr)}`);
  const run = simulation;
  const ticker = startTicker({
    monitor: parts.monitor,
    clock,
    runId: document.run.run_id,
    startMs: startEpoch,
    inFlight: () => run.state.inFlight,
    onTick: liveViews(parts),
  });
  try {
    await runSimulation(parts, simulation);
  } finally {
    ticker.stop();
  }
  const lost = await document.finish(simulation.state.completed);
  if (showsStatus(parts)) io.progress("");
  if (lost !== null) {
    io.err(`error: ${lost.message}; this run stopped without its final report`);
    return EXIT_STORE_LOST;
  }
  say(formatRunSummary({
    file: store.label,
    seed,
    elapsedMs: clock.now() - startMs,
    run: document.stats.summary(),
    reports: document.reports,
    level: simulation.state.level,
  }));
  const verdict = runVerdict(document.doc, {
    sinceMs: Date.parse(document.run.started_at),
    now: new Date(clock.epoch()),
    strict: plan.options.strict,
    rules: plan.rules,
    label: store.label,
  });
  say(renderVerdictText(verdict, consoleColors(io), {
    check: plan.options.check,
    ...(plan.options.kv === null ? { file: plan.options.file } : {}),
  }));
  return plan.options.check ? verdict.check.exit_code : EXIT_OK;
}

/** The console's colours: on a terminal, unless `NO_COLOR` is set. */
function consoleColors(io: SimulatorIo): Colors {
  return createColors(colorEnabled(io.interactive, (io.env.get("NO_COLOR") ?? "") !== ""));
}

/** Whether the console shows the live status line (a terminal, not `--quiet`). */
function showsStatus(parts: RunParts): boolean {
  return parts.io.interactive && !parts.plan.options.quiet;
}

/**
 * What each tick updates: the server's event stream, the console's status
 * line, and the live status file beside a metrics file (one write at a time;
 * a tick that finds the last write still going waits for it, and only the
 * newest waiting tick is written).
 */
function liveViews(parts: RunParts): (tick: LiveTick) => void {
  const { io, plan: { options }, server, hub } = parts;
  const status = showsStatus(parts);
  const colors = consoleColors(io);
  const livePath = options.kv === null ? liveStatusPath(options.file) : null;
  let writing = false;
  let next: LiveTick | null = null;
  let warned = false;
  const write = (tick: LiveTick): void => {
    if (livePath === null) return;
    if (writing) {
      next = tick; // written as soon as the write in progress ends: the newest one wins
      return;
    }
    writing = true;
    writeLiveStatus(livePath, tick).catch((error) => {
      if (!warned) io.err(`warning: ${liveWriteWarning(livePath, error)}`);
      warned = true;
    }).finally(() => {
      writing = false;
      const pending = next;
      next = null;
      if (pending !== null) write(pending);
    });
  };
  return (tick) => {
    if (server !== null) hub.publishTick(tick);
    if (status) {
      const bounded = options.maxRequests === null
        ? ""
        : `${tick.requests}/${options.maxRequests}  `;
      io.progress(bounded + formatLiveStatus(tick, io.columns - bounded.length, colors));
    }
    write(tick);
  };
}

/** Why the live status file could not be written, in one line. */
function liveWriteWarning(path: string, error: unknown): string {
  const denied = error instanceof Deno.errors.NotCapable ||
    error instanceof Deno.errors.PermissionDenied;
  const why = denied
    ? `writing it and '${path}.tmp' is not permitted (grant --allow-write for both)`
    : (error instanceof Error ? error.message : String(error)).split("\n")[0];
  return `Cannot write the live status file '${path}': ${why}; live views of the file move only at reports`;
}

/** The simulation of this run, recording into `document`. */
function createSimulation(parts: RunParts, document: RunDocument): Simulation {
  const { plan: { options, corpus }, io, clock, seed, say, targets } = parts;
  const simulation: Simulation = new Simulation({
    config: document.run.config,
    runId: document.run.run_id,
    seed,
    generator: createGenerator(
      corpus === null ? { seed, mix: options.mix } : { seed, mix: options.mix, corpus },
    ),
    random: createRandom((seed ^ INTERVAL_STREAM) >>> 0),
    target: targets.target,
    clock,
    firstReportId: nextReportId(document.doc),
    maxRps: options.maxRps,
    onReport: (report, samples, events, window) => {
      document.addReport(report, samples, events, window, simulation.state);
      // Lines go above the status line, which the next tick draws again.
      if (showsStatus(parts)) io.progress("");
      for (const event of events) {
        if (event.type === "load_level") say(event.message);
      }
      if (report.kind === "report") say(formatReportLine(report));
    },
    onEvents: (events) => document.addEvents(events),
    onRecord: (record) => parts.monitor.add(record, record.at),
  });
  return simulation;
}

/** Runs the traffic with target switches and signals wired, until it stops. */
async function runSimulation(parts: RunParts, simulation: Simulation): Promise<void> {
  const { plan: { options }, io, control, targets } = parts;
  targets.attach((target, reason) => simulation.switchTarget(target, reason));
  const removeHangup = installHangupSignal(() => void targets.reload());
  const onStop = () => simulation.stop();
  control.stop?.addEventListener("abort", onStop);
  if (control.stop?.aborted) simulation.stop();
  const removeStopSignals = control.stop !== null ? () => {} : installStopSignals(() => {
    if (showsStatus(parts)) io.progress("");
    if (!options.quiet) io.err("Stopping: writing the final report (Ctrl+C again to exit now)");
    simulation.stop();
  });
  try {
    await simulation.run();
  } finally {
    control.stop?.removeEventListener("abort", onStop);
    removeStopSignals();
    removeHangup();
  }
}
