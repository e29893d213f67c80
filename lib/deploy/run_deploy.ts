/**
 * buddy-traffic as one Deno Deploy deployment: reads the settings from the
 * environment, registers the `Deno.cron` job of the simulator batches, and
 * serves the dashboard of every shard in the deployment's KV until Ctrl+C
 * or SIGTERM (Deno Deploy just ends the isolate).
 *
 * @module
 */
import type { Env } from "../cli/granted_env.ts";
import { DEFAULT_RULES } from "../alerts/rules.ts";
import { kvSource } from "../store/kv_source.ts";
import { openKvStore } from "../store/kv_open.ts";
import { serveDashboard } from "../dashboard/serve_dashboard.ts";
import { systemClock } from "../simulate/clock.ts";
import { nextFiring } from "../simulate/cron_schedule.ts";
import { scheduleBatches } from "../simulate/scheduled_batches.ts";
import type { SimulatorIo } from "../simulate/simulator_io.ts";
import { DEPLOY_ENV, readDeploySettings } from "./deploy_settings.ts";

/** Hint of a settings problem: there are no flags to ask `--help` about. */
export const DEPLOY_HINT = `deploy.ts is configured by the variables ${DEPLOY_ENV.join(", ")}`;

/** Seconds between reads of the store by the dashboard. */
const READ_INTERVAL_S = 5;

/**
 * Runs the deployment; resolves to the exit code once stopped. The cron job
 * is registered synchronously, before the first `await`, so a call at the
 * top level of the entry module registers it where Deno Deploy looks for it.
 * Bad settings are a one-line `UsageError`.
 */
export async function runDeploy(env: Env): Promise<number> {
  const { options, kvPath, listen, token } = readDeploySettings(env);
  const schedule = options.cron!;
  const io: SimulatorIo = {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    progress: () => {},
    interactive: false,
    columns: 80,
    env,
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
  await serveDashboard({
    source: kvSource(kvPath ?? "deployment KV", { open: openKv }),
    listen,
    token,
    intervalS: READ_INTERVAL_S,
    rules: DEFAULT_RULES,
    signal: stop.signal,
  }, io);
  await runner.idle();
  return 0;
}
