/**
 * `deploy.ts`: buddy-traffic as one Deno Deploy deployment. A `Deno.cron`
 * job runs a bounded simulator batch into the deployment's KV at each
 * firing (hourly by default), and the same deployment serves the web
 * dashboard, JSON, events and Prometheus text of every shard in that KV.
 * Configured by environment variables (see docs/deploy.md):
 *
 * - `BUDDY_CRON`: schedule, default `0 * * * *`
 * - `BUDDY_SIMULATE_FLAGS`: flags of each batch, default `--max-requests 1000`
 * - `BUDDY_SHARD`: this deployment's shard, default `$DENO_REGION` or `deploy`
 * - `BUDDY_TRAFFIC_TOKEN`: dashboard access token (required off loopback)
 * - `BUDDY_LISTEN`: `[HOST:]PORT`, default `0.0.0.0:8000`
 * - `BUDDY_KV_PATH`: a local KV file instead of the deployment's KV (to try it locally)
 * - `SOUL_REAL_ENABLED`, `SOUL_API_URL`: the real Soul API, as for `simulate.ts`
 *
 * The cron job is registered while the module loads (the call to `main()`
 * reaches `Deno.cron` before its first `await`), where Deno Deploy looks for it.
 *
 * @module
 */
import { grantedEnv } from "./lib/cli/granted_env.ts";
import { reportError } from "./lib/cli/report_error.ts";
import { DEPLOY_HINT, runDeploy } from "./lib/deploy/run_deploy.ts";

/** Runs the deployment; resolves to the exit code (2 with a settings problem). */
export async function main(): Promise<number> {
  try {
    return await runDeploy(grantedEnv);
  } catch (error) {
    return reportError(error, { command: "deploy.ts", usageHint: DEPLOY_HINT });
  }
}

if (import.meta.main) Deno.exit(await main());
