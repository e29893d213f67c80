/**
 * Settings of the Deno Deploy entry (`deploy.ts`), read from environment
 * variables as a deployment is configured: the batch schedule, the
 * simulator flags of each batch, the shard, and where the dashboard
 * listens. Pure: the environment is an argument.
 *
 * @module
 */
import { UsageError } from "../cli/usage_error.ts";
import { InputError } from "../model/input_error.ts";
import type { Env } from "../cli/granted_env.ts";
import { parseSimulatorOptions, type SimulatorOptions } from "../simulate/simulate_options.ts";
import { type ListenAddress, parseListenAddress, requiresToken } from "../server/serve.ts";
import { CronScheduleError, parseCronSchedule } from "../simulate/cron_schedule.ts";
import { validateShardName } from "../store/kv_layout.ts";

/** The variables `deploy.ts` reads (also the `--allow-env` list of its task). */
export const DEPLOY_ENV = [
  "BUDDY_CRON",
  "BUDDY_SIMULATE_FLAGS",
  "BUDDY_SHARD",
  "BUDDY_KV_PATH",
  "BUDDY_LISTEN",
  "BUDDY_TRAFFIC_TOKEN",
  "DENO_REGION",
  "SOUL_REAL_ENABLED",
  "SOUL_API_URL",
] as const;

/** Default schedule: hourly, as the product description's continuous validation. */
export const DEFAULT_DEPLOY_CRON = "0 * * * *";

/** Default flags of each batch. */
export const DEFAULT_DEPLOY_FLAGS = "--max-requests 1000";

/** Default listen address (Deno Deploy routes to port 8000). */
export const DEFAULT_DEPLOY_LISTEN = "0.0.0.0:8000";

/** Flags the deployment sets itself, so `BUDDY_SIMULATE_FLAGS` may not. */
const RESERVED = ["--kv", "--shard", "--cron", "--serve", "--file", "--fresh", "--flags"];

/** Everything the entry needs. */
export interface DeploySettings {
  /** Options of every batch (`cron`, `kv` and `shard` set). */
  options: SimulatorOptions;
  /** Local KV file for trying the entry out; null: the deployment's own KV. */
  kvPath: string | null;
  /** Where the dashboard listens. */
  listen: ListenAddress;
  /** Dashboard access token, or null (allowed on loopback only). */
  token: string | null;
}

/** Reads the settings; throws {@linkcode UsageError} naming the variable at fault. */
export function readDeploySettings(env: Env): DeploySettings {
  // Empty reads as unset, as for every other variable.
  const flags = (nonEmpty(env.get("BUDDY_SIMULATE_FLAGS")) ?? DEFAULT_DEPLOY_FLAGS).split(/\s+/);
  for (const flag of flags) {
    const name = flag.split("=")[0] ?? flag;
    if (RESERVED.includes(name)) {
      throw new UsageError(
        `Cannot use ${name} in BUDDY_SIMULATE_FLAGS: the deployment sets it (see BUDDY_CRON, BUDDY_SHARD, BUDDY_KV_PATH)`,
      );
    }
  }
  const kvPath = nonEmpty(env.get("BUDDY_KV_PATH"));
  const shardVariable = nonEmpty(env.get("BUDDY_SHARD")) !== null ? "BUDDY_SHARD" : "DENO_REGION";
  const shard = nonEmpty(env.get(shardVariable)) ?? "deploy";
  try {
    validateShardName(shard);
  } catch (error) {
    throw new UsageError((error as Error).message.replace("--shard", shardVariable));
  }
  const cron = nonEmpty(env.get("BUDDY_CRON")) ?? DEFAULT_DEPLOY_CRON;
  try {
    parseCronSchedule(cron);
  } catch (error) {
    if (!(error instanceof CronScheduleError)) throw error;
    throw new UsageError(`Cannot use BUDDY_CRON as ${error.message}`);
  }
  let options: SimulatorOptions;
  try {
    options = parseSimulatorOptions(
      [...flags, "--kv", kvPath ?? "deployment KV", "--shard", shard, "--cron", cron],
      env,
    );
  } catch (error) {
    if (error instanceof InputError) {
      throw new UsageError(
        `${error.message} (from BUDDY_SIMULATE_FLAGS)`,
        error.hint === null ? {} : { hint: error.hint },
      );
    }
    throw error;
  }
  let listen: ListenAddress;
  const listenText = nonEmpty(env.get("BUDDY_LISTEN")) ?? DEFAULT_DEPLOY_LISTEN;
  try {
    listen = parseListenAddress(listenText);
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace("--serve", "BUDDY_LISTEN")}`);
  }
  if (requiresToken(listen.hostname) && options.token === null) {
    throw new UsageError(
      `Cannot serve on '${listen.hostname}' (BUDDY_LISTEN) without a token: set BUDDY_TRAFFIC_TOKEN, or BUDDY_LISTEN=127.0.0.1:8000 to try it locally`,
    );
  }
  return { options, kvPath, listen, token: options.token };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === "" ? null : value.trim();
}
