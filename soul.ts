/**
 * `deno task soul`: the reference Soul server. Serves the embedded reference
 * engine over the decision contract (`POST /v1/evaluate`) so the real-service
 * path can be tried with no other service, with optional injected faults.
 *
 * @module
 */
import { denoCommandIo, runCommand } from "./lib/cli/run_command.ts";
import { parseSoulOptions, SOUL_HELP } from "./lib/soul_server/soul_options.ts";
import { serveSoul } from "./lib/soul_server/serve_soul.ts";

/** Parses the flags and serves until Ctrl+C or SIGTERM; resolves to the exit code. */
export function main(args: readonly string[]): Promise<number> {
  return runCommand(args, {
    task: "soul",
    help: SOUL_HELP,
    parse: parseSoulOptions,
    run: (options) => serveSoul(options),
  }, denoCommandIo);
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
