/**
 * Where the simulator keeps its metrics document: the JSON file, or one
 * shard of a Deno KV store (`kv_store.ts`). The simulator builds the
 * document in memory and hands the whole of it to {@linkcode MetricsStore.write}
 * after each report; each backend makes that write atomic, so a reader sees
 * the previous state or the new one, never a half-written report.
 *
 * @module
 */
import type { MetricsDocument } from "../model/metrics_document.ts";
import { prepareMetricsFile, writeMetricsFile } from "./metrics_file.ts";

/** What a store found before a run starts. */
export interface StorePrepared {
  /** The existing history to continue, or null. */
  previous: MetricsDocument | null;
  /** Where an existing history was kept aside by `fresh` (a path or a KV label), or null. */
  keptAside: string | null;
}

/** Options for {@linkcode MetricsStore.prepare}. */
export interface StorePrepareOptions {
  /** Start a new history: an existing one is kept aside instead of continued. */
  fresh: boolean;
  /**
   * Clock for the kept-aside name.
   * @default {() => new Date()}
   */
  now?: () => Date;
}

/** A place one simulator's metrics document is written to. */
export interface MetricsStore {
  /** How to name the store to the user: a path, or `store.kv (shard eu-1)`. */
  readonly label: string;
  /**
   * Gets the store ready before a run: returns the history to continue.
   * Throws a one-line error (`MetricsFileError` or `KvStoreError`) when the
   * store cannot be used.
   */
  prepare(options: StorePrepareOptions): Promise<StorePrepared>;
  /** Replaces the stored document with `doc`, atomically. */
  write(doc: MetricsDocument): Promise<void>;
  /** Releases what the store holds open (a KV handle); idempotent. */
  close(): void;
}

/** The JSON metrics file at `path`, written atomically by rename. */
export function fileStore(path: string): MetricsStore {
  return {
    label: path,
    prepare: (options) => prepareMetricsFile(path, options),
    write: (doc) => writeMetricsFile(path, doc),
    close: () => {},
  };
}
