/**
 * The simulator's store from its options: the metrics file, or its shard
 * of a Deno KV store; opening, checking and preparing it for a run, with its
 * errors as `UsageError`s.
 *
 * @module
 */
import { quote } from "../fmt/quote.ts";
import { fileStore, type MetricsStore, type StorePrepared } from "../store/metrics_store.ts";
import { MetricsFileError } from "../model/metrics_file_error.ts";
import { readMetricsFile } from "../store/metrics_file.ts";
import { asPointer, DEFAULT_SHARD, KvStoreError, pointerKey } from "../store/kv_layout.ts";
import { openKvStore } from "../store/kv_open.ts";
import { kvStore } from "../store/kv_store.ts";
import { readKvShard } from "../store/kv_reader.ts";
import { agoText, holdProcessLock, thisHost } from "../store/holder.ts";
import { safeText } from "../fmt/sanitize.ts";
import { UsageError } from "../cli/usage_error.ts";
import { PERMISSIONS_HINT } from "../cli/report_error.ts";
import type { SimulatorOptions } from "./simulate_options.ts";

/** Shortest time a shard stays held by a simulator that stopped writing without a word. */
const MIN_LEASE_MS = 60_000;

/** Opens the KV store at a path (Deno Deploy ignores the path: it has one store). */
export type KvOpener = (path: string) => Promise<Deno.Kv>;

/** Opens the store the options name. Throws a one-line store error. */
export async function openStore(
  options: SimulatorOptions,
  openKv: KvOpener = (path) => openKvStore(path),
): Promise<MetricsStore> {
  // A live simulator writes at every report, so its lease is renewed well within this.
  const leaseMs = Math.max(MIN_LEASE_MS, 3 * options.reportSeconds * 1000);
  if (options.kv === null) return fileStore(options.file, { leaseMs });
  const kv = await openKv(options.kv);
  const shard = options.shard ?? DEFAULT_SHARD;
  // A sign of life beside the store: held for the run, released by the system when we die.
  const lock = await shardLock(options.kv, shard);
  if (lock === "busy") {
    // Another live simulator of this host holds the shard (or is taking it right now).
    const holder = asPointer((await kv.get(pointerKey(shard)).catch(() => null))?.value);
    kv.close();
    const who = holder === null
      ? "another simulator on this host is taking it"
      : `another simulator (pid ${holder.pid} on host ${
        safeText(holder.host ?? "unknown", { maxLength: 64 })
      }) is writing it; last write ${agoText(holder.heartbeat_at, Date.now())}`;
    throw new KvStoreError(
      "in_use",
      `Cannot use shard ${quote(shard)} as ${who}: use another --shard or stop that simulator`,
    );
  }
  const store = kvStore(kv, shard, {
    label: options.kv,
    ownsKv: true,
    leaseMs,
    // Holding the shard's lock, no simulator of this host writes it: a writer recorded here is dead.
    pidState: (_pid, host) =>
      typeof lock === "object" && host === thisHost() && host !== "unknown" ? "dead" : "unknown",
  });
  const close = store.close.bind(store);
  return Object.assign(store, {
    close() {
      close();
      if (typeof lock === "object") lock.close();
    },
  });
}

/** Holds `<store>.<shard>.lock` beside the store's real path (see `holdProcessLock`). */
async function shardLock(path: string, shard: string): Promise<Deno.FsFile | "busy" | "unknown"> {
  let real: string;
  try {
    real = await Deno.realPath(path);
  } catch {
    return "unknown";
  }
  return await holdProcessLock(`${real}.${shard}.lock`);
}

/**
 * Checks, without writing, that the store's existing history can be read:
 * a scheduled run says so at start rather than at its first firing.
 */
export async function preflightStore(
  options: SimulatorOptions,
  openKv: KvOpener = (path) => openKvStore(path),
): Promise<void> {
  if (options.kv === null) {
    try {
      await readMetricsFile(options.file);
    } catch (error) {
      if (!(error instanceof MetricsFileError && error.kind === "missing")) throw error;
    }
    return;
  }
  const kv = await openKv(options.kv);
  try {
    await readKvShard(kv, options.shard ?? DEFAULT_SHARD);
  } finally {
    kv.close();
  }
}

/** Whether `error` says another simulator holds the store (a scheduled batch skips then). */
export function isStoreBusy(error: unknown): error is KvStoreError | MetricsFileError {
  return (error instanceof KvStoreError || error instanceof MetricsFileError) &&
    (error.kind === "in_use" || error.kind === "conflict");
}

/** A store that cannot be used (a metrics file or KV error) as a {@linkcode UsageError}; anything else as it is. */
export function storeUsageError(error: unknown): unknown {
  if (error instanceof MetricsFileError || error instanceof KvStoreError) {
    // A missing grant is no misuse of the flags: point at the page that lists the grants.
    return error.kind === "permission"
      ? new UsageError(error.message, { hint: PERMISSIONS_HINT })
      : new UsageError(error.message);
  }
  return error;
}

/** Thrown by {@linkcode prepareStore} when another simulator holds the store and that is no error. */
export class StoreBusyError extends Error {}

/** Options for {@linkcode prepareStore}. */
export interface PrepareStoreOptions {
  /** Keep an existing history aside instead of continuing it. */
  fresh: boolean;
  /**
   * A scheduled batch: a store another simulator holds is a
   * {@linkcode StoreBusyError} (the batch is skipped), not a `UsageError`.
   */
  skipWhenBusy: boolean;
}

/** Gets the store ready for a run; a store that cannot be used is a `UsageError`. */
export async function prepareStore(
  store: MetricsStore,
  options: PrepareStoreOptions,
): Promise<StorePrepared> {
  try {
    return await store.prepare({ fresh: options.fresh });
  } catch (error) {
    if (options.skipWhenBusy && isStoreBusy(error)) throw new StoreBusyError(error.message);
    throw storeUsageError(error);
  }
}
