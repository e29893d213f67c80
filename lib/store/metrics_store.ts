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
import { fileError, prepareMetricsFile, writeMetricsFile } from "./metrics_file.ts";
import { acquireFileLease, type FileLease } from "./file_lease.ts";
import { checkInside } from "./read_bounded.ts";
import { FileReadError } from "../model/file_read_error.ts";
import { MetricsFileError } from "../model/metrics_file_error.ts";

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

/** Options for {@linkcode fileStore}. */
export interface FileStoreOptions {
  /**
   * Hold the file with `<file>.lock` for the run (see `file_lease.ts`), or write without one.
   * @default {true}
   */
  lease?: boolean;
  /**
   * How long after its last write a live simulator keeps the file from others, ms.
   * @default {60000}
   */
  leaseMs?: number;
}

/**
 * The JSON metrics file at `path`, written atomically by rename and held by
 * this process from `prepare` to `close` (a second simulator is refused).
 */
export function fileStore(path: string, options: FileStoreOptions = {}): MetricsStore {
  let lease: FileLease | null = null;
  return {
    label: path,
    prepare: async (prepare) => {
      for (const file of [path, `${path}.tmp`, `${path}.lock`]) {
        try {
          checkInside(file);
        } catch (error) {
          throw error instanceof FileReadError
            ? new MetricsFileError("io", path, error.detail, "write")
            : fileError(error, path, "write", file);
        }
      }
      if (options.lease ?? true) {
        try {
          lease ??= await acquireFileLease(path, { leaseMs: options.leaseMs ?? 60_000 });
        } catch (error) {
          throw fileError(error, path, "write", `${path}.lock`);
        }
      }
      return await prepareMetricsFile(path, prepare);
    },
    write: async (doc) => {
      await lease?.check();
      await writeMetricsFile(path, doc);
    },
    close: () => {
      lease?.release();
      lease = null;
    },
  };
}
