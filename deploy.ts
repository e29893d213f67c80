/**
 * `deploy.ts`: buddy-traffic as one Deno Deploy deployment. A `Deno.cron`
 * job runs a bounded simulator batch into the deployment's KV at each
 * firing (hourly by default), and the same deployment serves the web
 * dashboard, JSON, events and Prometheus text of every shard in that KV.
 * Configured by environment variables (see README "Deno Deploy"):
 *
 * - `BUDDY_CRON`: schedule, default `0 * * * *`
 * - `BUDDY_SIMULATE_FLAGS`: flags of each batch, default `--max-requests 1000`
 * - `BUDDY_SHARD`: this deployment's shard, default `$DENO_REGION` or `deploy`
 * - `BUDDY_TRAFFIC_TOKEN`: dashboard access token (required off loopback)
 * - `BUDDY_LISTEN`: `[HOST:]PORT`, default `0.0.0.0:8000`
 * - `BUDDY_KV_PATH`: a local KV file instead of the deployment's KV (to try it locally)
 * - `SOUL_REAL_ENABLED`, `SOUL_API_URL`: the real Soul API, as for `simulate.ts`
 *
 * The cron job is registered at the top level of the module, where Deno
 * Deploy looks for it.
 *
 * @module
 */
import { grantedEnv } from "./lib/cli/granted_env.ts";
import { UsageError } from "./lib/cli/usage_error.ts";
import { DEFAULT_RULES } from "./lib/alerts/rules.ts";
import { DEPLOY_ENV, readDeploySettings } from "./lib/deploy/deploy_settings.ts";
import { kvSource } from "./lib/store/kv_source.ts";
import { serveDashboard } from "./lib/dashboard/serve_dashboard.ts";
import { systemClock } from "./lib/simulate/clock.ts";
import { nextFiring } from "./lib/simulate/cron_schedule.ts";
import { scheduleBatches } from "./lib/simulate/scheduled_batches.ts";
import type { SimulatorIo } from "./lib/simulate/simulator_io.ts";
import { openKvStore } from "./lib/store/kv_open.ts";

/** Prints a settings problem in one line (there are no flags to ask --help about) and exits 2. */
function refuse(error: UsageError): never {
  console.error(`error: ${error.message}`);
  console.error(`hint: deploy.ts is configured by the variables ${DEPLOY_ENV.join(", ")}`);
  Deno.exit(error.exitCode);
}

let settings;
try {
  settings = readDeploySettings(grantedEnv);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  refuse(error);
}
const { options, kvPath, listen, token } = settings;
const schedule = options.cron!;

const io: SimulatorIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  progress: () => {},
  interactive: false,
  columns: 80,
  env: grantedEnv,
};
const openKv = () => openKvStore(kvPath ?? undefined);
const stop = new AbortController();
const { runner } = scheduleBatches(options, schedule, io, systemClock, {
  signal: stop.signal,
  openKv,
});
console.log(
  `Batches on '${schedule.source}' (UTC) into shard '${options.shard}'; next at ${
    nextFiring(schedule, new Date())?.toISOString() ?? "never"
  }`,
);

const onStop = () => stop.abort();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  try {
    Deno.addSignalListener(signal, onStop);
  } catch {
    // Signals are not available everywhere (Deno Deploy); the deployment just ends.
  }
}
try {
  await serveDashboard({
    source: kvSource(kvPath ?? "deployment KV", { open: openKv }),
    listen,
    token,
    intervalS: 5,
    rules: DEFAULT_RULES,
    signal: stop.signal,
  }, io);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  refuse(error);
}
await runner.idle();
Deno.exit(0);
