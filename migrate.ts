/**
 * buddy-traffic migrate: copies metrics between a JSON metrics file and a
 * shard of a Deno KV store, losslessly, and checks a KV store's consistency.
 *
 * @module
 */
import { denoCommandIo } from "./lib/cli/run_command.ts";
import { runMigrate } from "./lib/migrate/run_migrate.ts";

/** Runs the migrate command with `args`; resolves to the exit code. */
export function main(args: readonly string[]): Promise<number> {
  return runMigrate(args, denoCommandIo);
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
