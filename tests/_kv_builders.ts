/**
 * KV stores for the KV source, KV dashboard, `dashboard --serve` and deploy
 * tests: temp stores with shards written through the real store.
 *
 * @module
 */
import { join } from "node:path";
import { openKvStore } from "../lib/store/kv_open.ts";
import { kvStore } from "../lib/store/kv_store.ts";
import type { MetricsDocument } from "../lib/store/schema.ts";

/** A temp directory and the path of a (not yet created) KV store in it. */
export async function tempKvPath(prefix: string): Promise<{ dir: string; path: string }> {
  const dir = await Deno.makeTempDir({ prefix });
  return { dir, path: join(dir, "store.kv") };
}

/**
 * Writes `doc` as the whole history of `shard` through the real KV store (no
 * lease kept); `fresh` keeps an existing history aside instead of reading it.
 */
export async function writeShard(
  kv: Deno.Kv,
  shard: string,
  doc: MetricsDocument,
  fresh = false,
): Promise<void> {
  const store = kvStore(kv, shard, { leaseMs: 0 });
  await store.prepare({ fresh });
  await store.write(doc);
  store.close();
}

/** Opens (creating) the store at `path`, writes each shard's document, and closes it. */
export async function writeShards(
  path: string,
  shards: Readonly<Record<string, MetricsDocument>>,
): Promise<void> {
  const kv = await openKvStore(path);
  try {
    for (const [shard, doc] of Object.entries(shards)) await writeShard(kv, shard, doc);
  } finally {
    kv.close();
  }
}
