/**
 * Live terminal dashboard of a buddy-traffic metrics file, KV store or
 * server: run state, key metrics, health score, Apdex, alerts and trends.
 * With `--serve`, serves the same over HTTP for browsers and Prometheus.
 *
 * @module
 */
import { grantedEnv } from "./lib/cli/granted_env.ts";
import { denoCommandIo, runCommand } from "./lib/cli/run_command.ts";
import { DASHBOARD_HELP, parseDashboardArgs } from "./lib/dashboard/dashboard_options.ts";
import { runDashboard } from "./lib/dashboard/run_dashboard.ts";

/** Runs the dashboard with `args`; resolves to the exit code. */
export function main(args: readonly string[]): Promise<number> {
  return runCommand(args, {
    task: "dashboard",
    help: DASHBOARD_HELP,
    parse: (flags) => parseDashboardArgs(flags, grantedEnv),
    run: runDashboard,
  }, denoCommandIo);
}

// Exits at once: the live view leaves a read of stdin pending.
if (import.meta.main) Deno.exit(await main(Deno.args));
