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
import { formatProgress, formatReportLine, formatRunSummary } from "./console_output.ts";

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
  const hub = new EventHub();
  const current: RunParts["current"] = { doc: null };
  const server = plan.listen === null
    ? null
    : await bindServer(plan.listen, { options, hub, targets, current });
  if (server !== null) cleanup.defer(() => server.shutdown());
  const store = await openStore(options, control.openKv).catch((error) => {
    // A scheduled batch skips a shard another simulator of this host holds.
    if (control.stop !== null && isStoreBusy(error)) throw new StoreBusyError(error.message);
    throw storeUsageError(error);
  });
  cleanup.defer(() => store.close());
  const parts = { plan, io, clock, control, seed, say, targets, hub, server, current };
  return await runWithStore(parts, store);
}

/** Binds `--serve`; an address in use or not granted is a `UsageError`. */
async function bindServer(
  listen: ListenAddress,
  parts: Pick<RunParts, "hub" | "targets" | "current"> & { options: SimulatorOptions },
): Promise<RunningServer> {
  const { options, hub, targets, current } = parts;
  try {
    return await startServer({
      hostname: listen.hostname,
      port: listen.port,
      ...(options.token === null ? {} : { token: options.token }),
      getDocument: () => current.doc,
      hub,
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
  const onRequest = progressReporter(parts, document, startMs);
  simulation = createSimulation(parts, document, onRequest);
  if (server !== null) say(`Serving the dashboard on ${serverUrl(server.addr)}`);
  await runSimulation(parts, simulation);
  const lost = await document.finish(simulation.state.completed);
  if (onRequest !== undefined) io.progress("");
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
  return EXIT_OK;
}

/** The simulation of this run, recording into `document`. */
function createSimulation(
  parts: RunParts,
  document: RunDocument,
  onRequest: ((completed: number) => void) | undefined,
): Simulation {
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
    onReport: (report, samples, events, window) => {
      document.addReport(report, samples, events, window, simulation.state);
      for (const event of events) {
        if (event.type === "load_level") say(event.message);
      }
      if (onRequest !== undefined) io.progress("");
      if (report.kind === "report") say(formatReportLine(report));
    },
    onEvents: (events) => document.addEvents(events),
    onRequest,
  });
  return simulation;
}

/** Draws the progress bar of a bounded run on a terminal (at most every 100 ms), or undefined. */
function progressReporter(
  parts: RunParts,
  document: RunDocument,
  startMs: number,
): ((completed: number) => void) | undefined {
  const { plan: { options }, io, clock } = parts;
  if (options.maxRequests === null || !io.interactive || options.quiet) return undefined;
  const total = options.maxRequests;
  let lastDraw = 0;
  return (completed) => {
    const now = clock.now();
    if (now - lastDraw < 100 && completed !== total) return;
    lastDraw = now;
    io.progress(formatProgress({
      completed,
      total,
      elapsedMs: now - startMs,
      successRate: document.stats.summary().success_rate,
      width: io.columns,
    }));
  };
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
