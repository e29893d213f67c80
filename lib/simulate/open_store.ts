/**
 * The simulator's store from its options: the metrics file, or its shard
 * of a Deno KV store; opening, checking and preparing it for a run, with its
 * errors as `UsageError`s.
 *
 * @module
 */
import { fileStore, type MetricsStore, type StorePrepared } from "../store/metrics_store.ts";
import { MetricsFileError } from "../model/metrics_file_error.ts";
import { readMetricsFile } from "../store/metrics_file.ts";
import { DEFAULT_SHARD, KvStoreError } from "../store/kv_layout.ts";
import { openKvStore } from "../store/kv_open.ts";
import { kvStore } from "../store/kv_store.ts";
import { readKvShard } from "../store/kv_reader.ts";
import { UsageError } from "../cli/usage_error.ts";
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
  return kvStore(kv, options.shard ?? DEFAULT_SHARD, { label: options.kv, ownsKv: true, leaseMs });
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
    return new UsageError(error.message);
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
