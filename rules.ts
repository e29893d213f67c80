/**
 * buddy-traffic rules: the project's alert rules (built-in or a `--rules`
 * file) as Prometheus recording and alerting rules, with their promtool unit
 * tests and a scrape configuration, written into `examples/prometheus/`.
 *
 * @module
 */
import { denoCommandIo } from "./lib/cli/run_command.ts";
import { runRules } from "./lib/rules/run_rules.ts";

/** Runs the rules command with `args`; resolves to the exit code. */
export function main(args: readonly string[]): Promise<number> {
  return runRules(args, denoCommandIo);
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
