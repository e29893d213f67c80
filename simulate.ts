/**
 * `simulate.ts`: drive continuous, categorized synthetic traffic against a
 * Soul decision pipeline and write the metrics file. Run with `--help`.
 *
 * @module
 */
import { HELP, parseSimulatorOptions, VERSION } from "./lib/simulate/simulate_options.ts";
import { runSimulator } from "./lib/simulate/run_simulator.ts";
import { invocation, printUsageError, UsageError } from "./lib/cli/usage_error.ts";
import { grantedEnv } from "./lib/cli/granted_env.ts";

const encoder = new TextEncoder();

/** Parses flags, runs the simulator and returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  try {
    const options = parseSimulatorOptions(args, grantedEnv);
    if (options.help) {
      console.log(HELP.replaceAll("deno task simulate", invocation("simulate")));
      return 0;
    }
    if (options.version) {
      console.log(`buddy-traffic ${VERSION}`);
      return 0;
    }
    const interactive = Deno.stdout.isTerminal();
    return await runSimulator(options, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      progress: (line) => {
        Deno.stdout.writeSync(encoder.encode(`\r\x1b[2K${line}`));
      },
      interactive,
      columns: interactive ? safeColumns() : 80,
      env: grantedEnv,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      printUsageError(error, invocation("simulate"));
      return error.exitCode;
    }
    if (error instanceof Deno.errors.NotCapable) {
      console.error(`error: ${error.message}`);
      console.error(
        "hint: the task's permissions cover the current directory; see README 'Permissions'",
      );
      return 2;
    }
    throw error;
  }
}

function safeColumns(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
