/**
 * Live terminal dashboard of a buddy-traffic metrics file, KV store or
 * server: run state, key metrics, health score, Apdex, alerts and trends.
 * With `--serve`, serves the same over HTTP for browsers and Prometheus.
 *
 * @module
 */
import { invocation, printUsageError, UsageError } from "./lib/cli/usage_error.ts";
import { grantedEnv } from "./lib/cli/granted_env.ts";
import { DASHBOARD_HELP, parseDashboardArgs } from "./lib/dashboard/dashboard_options.ts";
import { loadRules, runLive, runOnce, runServe } from "./lib/dashboard/run_dashboard.ts";

async function main(): Promise<number> {
  try {
    const options = parseDashboardArgs(Deno.args, grantedEnv);
    if (options.help) {
      console.log(DASHBOARD_HELP.replaceAll("deno task dashboard", invocation("dashboard")));
      return 0;
    }
    const rules = await loadRules(options.rulesPath);
    const { listen } = options;
    if (listen !== null) return await runServe({ ...options, listen }, rules);
    return options.once ? await runOnce(options, rules) : await runLive(options, rules);
  } catch (error) {
    if (error instanceof UsageError) {
      printUsageError(error, invocation("dashboard"));
      return error.exitCode;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main());
