/**
 * buddy-traffic visualize: reads one or more metrics files, prints the
 * analyses (summary, trends, categories, errors) as text or JSON, writes an
 * optional self-contained HTML report, and gates cron/CI jobs on the alert
 * thresholds (`--check`).
 *
 * @module
 */
import { denoVisualizeIo, runVisualize } from "./lib/visualize/run_visualize.ts";

/** Runs the visualizer with `args`; resolves to the exit code. */
export function main(args: readonly string[]): Promise<number> {
  return runVisualize(args, denoVisualizeIo());
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
