/**
 * A Deno KV store as a dashboard source: every shard read and merged into
 * one document (with one part per shard for the breakdown), or one shard
 * alone. The store's change counter is read first, so a refresh of an
 * unchanged store costs one small read; after a change, one reader kept
 * for the source fetches only the blobs that are new since its last read.
 *
 * @module
 */
import { mergeConcurrentDocuments } from "../metrics/merge_reports.ts";
import { KvStoreError } from "./kv_layout.ts";
import { openKvStore } from "./kv_open.ts";
import { createKvReader, type KvReader, readKvVersion } from "./kv_reader.ts";
import { quote } from "../fmt/quote.ts";
import type { MetricsSource, SourceResult } from "./metrics_source.ts";

/** The hint shown while the store or the shard has nothing yet. */
export const KV_WAITING_HINT =
  "Start a simulator with 'deno task simulate --kv PATH --shard NAME'; the first report comes after --report-interval requests";

/** Options for {@linkcode kvSource}. */
export interface KvSourceOptions {
  /** Show this shard alone; all of them merged when absent. */
  shard?: string;
  /**
   * Opens the store.
   * @default {() => openKvStore(path, { create: false })}
   */
  open?: () => Promise<Deno.Kv>;
}

/** Reads the KV store at `path` (opened at the first read, kept open). */
export function kvSource(path: string, options: KvSourceOptions = {}): MetricsSource {
  const shard = options.shard;
  let kv: Deno.Kv | null = null;
  let reader: KvReader | null = null;
  let version: bigint | null = null;
  let last: SourceResult | null = null;
  const label = shard === undefined ? path : `${path} (shard ${shard})`;
  return {
    label,
    async read(): Promise<SourceResult> {
      try {
        kv ??= await (options.open ?? (() => openKvStore(path, { create: false })))();
        reader ??= createKvReader(kv);
        const now = await readKvVersion(kv);
        if (last !== null && last.kind === "ok" && now === version) return last;
        last = await readStore(reader, shard);
        // Only after a read that did not fail, so a failure is not hidden by the last result.
        version = now;
        return last;
      } catch (error) {
        if (error instanceof KvStoreError) {
          if (error.kind === "missing") {
            return { kind: "waiting", message: error.message, hint: KV_WAITING_HINT };
          }
          return { kind: "error", message: error.message };
        }
        if (error instanceof RangeError) return { kind: "error", message: error.message };
        return {
          kind: "error",
          message: `Cannot read KV store ${quote(path)}: ${firstLine(error)}`,
        };
      }
    },
  };
}

async function readStore(reader: KvReader, shard: string | undefined): Promise<SourceResult> {
  if (shard !== undefined) {
    const doc = await reader.readShard(shard);
    if (doc === null) {
      return {
        kind: "waiting",
        message: `Shard '${shard}' has no history yet`,
        hint: KV_WAITING_HINT,
      };
    }
    return { kind: "ok", doc };
  }
  const shards = await reader.readShards();
  if (shards.length === 0) {
    return { kind: "waiting", message: "The KV store has no shard yet", hint: KV_WAITING_HINT };
  }
  const parts = shards.map((s) => ({ label: s.shard, doc: s.doc }));
  if (parts.length === 1) return { kind: "ok", doc: parts[0]!.doc };
  return { kind: "ok", doc: mergeConcurrentDocuments(parts.map((p) => p.doc)), parts };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n", 1)[0] ?? text;
}
