/**
 * The simulator as a program: turns validated options into a run (or, with
 * `--cron`, scheduled batches) and returns the exit code. Everything the
 * options name is checked before the run starts, in the order documented in
 * `run_plan.ts`. `simulate.ts` only parses flags and calls
 * {@linkcode runSimulator}.
 *
 * @module
 */
import { type Clock, systemClock } from "./clock.ts";
import { planRun } from "./run_plan.ts";
import { runOnce } from "./run_once.ts";
import { runProbe } from "./run_probe.ts";
import { runScheduled } from "./scheduled_batches.ts";
import type { SimulatorOptions } from "./simulate_options.ts";
import type { SimulatorIo } from "./simulator_io.ts";

/** Runs the simulator; resolves to the process exit code. */
export async function runSimulator(
  options: SimulatorOptions,
  io: SimulatorIo,
  clock: Clock = systemClock,
): Promise<number> {
  if (options.probe) return await runProbe(options, io);
  if (options.cron !== null) return await runScheduled(options, options.cron, io, clock);
  const plan = await planRun(options, io.env);
  return await runOnce(plan, io, clock, { fresh: options.fresh, stop: null });
}
