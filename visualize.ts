/**
 * buddy-traffic visualize: reads one or more metrics files, prints the
 * analyses (summary, trends, categories, errors) as text or JSON, writes an
 * optional self-contained HTML report, and gates cron/CI jobs on the alert
 * thresholds (`--check`).
 *
 * @module
 */
import { denoVisualizeIo, runVisualize } from "./lib/visualize/run_visualize.ts";

if (import.meta.main) {
  Deno.exitCode = await runVisualize(Deno.args, denoVisualizeIo());
}
