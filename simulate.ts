/**
 * `simulate.ts`: drive continuous, categorized synthetic traffic against a
 * Soul decision pipeline and write the metrics file. Run with `--help`.
 *
 * @module
 */
import { grantedEnv } from "./lib/cli/granted_env.ts";
import { denoCommandIo, runCommand } from "./lib/cli/run_command.ts";
import { HELP, parseSimulatorOptions } from "./lib/simulate/simulate_options.ts";
import { runSimulator } from "./lib/simulate/run_simulator.ts";
import { denoSimulatorIo } from "./lib/simulate/simulator_io.ts";

/** Parses flags, runs the simulator and returns the exit code. */
export function main(args: readonly string[]): Promise<number> {
  return runCommand(args, {
    task: "simulate",
    help: HELP,
    parse: (flags) => parseSimulatorOptions(flags, grantedEnv),
    run: (options) => runSimulator(options, denoSimulatorIo(grantedEnv)),
  }, denoCommandIo);
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
