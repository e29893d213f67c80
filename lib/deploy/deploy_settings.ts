/**
 * Settings of the Deno Deploy entry (`deploy.ts`), read from environment
 * variables as a deployment is configured: the batch schedule, the
 * simulator flags of each batch, the shard, and where the dashboard
 * listens. Pure: the environment is an argument.
 *
 * @module
 */
import { UsageError } from "../cli/usage_error.ts";
import type { Env } from "../cli/granted_env.ts";
import { parseSimulatorOptions, type SimulatorOptions } from "../simulator/options.ts";
import { type ListenAddress, parseListenAddress } from "../server/serve.ts";

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
  const flagsText = env.get("BUDDY_SIMULATE_FLAGS") ?? DEFAULT_DEPLOY_FLAGS;
  const flags = flagsText.trim() === "" ? [] : flagsText.trim().split(/\s+/);
  for (const flag of flags) {
    const name = flag.split("=")[0] ?? flag;
    if (RESERVED.includes(name)) {
      throw new UsageError(
        `Cannot use ${name} in BUDDY_SIMULATE_FLAGS: the deployment sets it (see BUDDY_CRON, BUDDY_SHARD, BUDDY_KV_PATH)`,
      );
    }
  }
  const kvPath = nonEmpty(env.get("BUDDY_KV_PATH"));
  const shard = nonEmpty(env.get("BUDDY_SHARD")) ?? nonEmpty(env.get("DENO_REGION")) ?? "deploy";
  const cron = nonEmpty(env.get("BUDDY_CRON")) ?? DEFAULT_DEPLOY_CRON;
  let options: SimulatorOptions;
  try {
    options = parseSimulatorOptions(
      [...flags, "--kv", kvPath ?? "deployment KV", "--shard", shard, "--cron", cron],
      env,
    );
  } catch (error) {
    if (error instanceof UsageError) {
      throw new UsageError(
        `${error.message} (from BUDDY_SIMULATE_FLAGS, BUDDY_CRON or BUDDY_SHARD)`,
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
  return { options, kvPath, listen, token: options.token };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === "" ? null : value.trim();
}
