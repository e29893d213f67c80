/**
 * `--cron` (and `deploy.ts`): a `Deno.cron` job that runs one bounded batch
 * at each firing, appending to the same file or shard, one batch at a time.
 *
 * @module
 */
import { MAX_SEED } from "../traffic/random.ts";
import { type BatchResult, BatchRunner, describeOutcome } from "./batch_runner.ts";
import type { Clock } from "./clock.ts";
import { type CronSchedule, nextFiring } from "./cron_schedule.ts";
import { type KvOpener, preflightStore, StoreBusyError, storeUsageError } from "./open_store.ts";
import { planRun } from "./run_plan.ts";
import { type RunControl, runOnce } from "./run_once.ts";
import { installStopSignals } from "./run_signals.ts";
import type { SimulatorOptions } from "./simulate_options.ts";
import { EXIT_OK } from "../cli/exit_code.ts";
import { sayer, type SimulatorIo } from "./simulator_io.ts";

/**
 * Runs `--cron`: checks the options' files, target and store now (not at the
 * first firing an hour later), registers the job, and runs until Ctrl+C or
 * SIGTERM, which let a batch in progress finish with its final report.
 */
export async function runScheduled(
  options: SimulatorOptions,
  schedule: CronSchedule,
  io: SimulatorIo,
  clock: Clock,
): Promise<number> {
  const say = sayer(options.quiet, io);
  await planRun(options, io.env);
  await preflightStore(options).catch((error) => {
    throw storeUsageError(error);
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

/** How {@linkcode scheduleBatches} is controlled from outside. */
export interface BatchControl {
  /** Aborting it ends the job and stops a running batch with its final report. */
  signal: AbortSignal;
  /** Opens the KV store (the default: a local file at `--kv`; Deno Deploy: its own KV). */
  openKv?: KvOpener;
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
  control: BatchControl,
): ScheduledBatches {
  const say = sayer(options.quiet, io);
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

/**
 * One batch: a bounded run appended to the store (its files and target read
 * again, so an edited `--flags` file counts), stopped early with its final
 * report when `control.stop` aborts; `skipped` when another simulator holds
 * the shard.
 */
async function runBatch(
  options: SimulatorOptions,
  io: SimulatorIo,
  clock: Clock,
  control: RunControl & { stop: AbortSignal },
): Promise<BatchResult> {
  let code;
  try {
    code = await runOnce(await planRun(options, io.env), io, clock, control);
  } catch (error) {
    if (error instanceof StoreBusyError) return { kind: "skipped", reason: error.message };
    throw error;
  }
  if (code !== EXIT_OK) throw new Error("another simulator took its shard over");
  return { kind: "done" };
}

function formatUtcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
