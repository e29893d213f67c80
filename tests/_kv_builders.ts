/**
 * KV stores for the KV source, KV dashboard, `dashboard --serve` and deploy
 * tests: temp stores with shards written through the real store, and
 * `serveDashboard()` started in the test's process on an ephemeral loopback
 * port.
 *
 * @module
 */
import { join } from "node:path";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import type { MetricsSource } from "../lib/store/metrics_source.ts";
import { serveDashboard, type ServeDashboardOptions } from "../lib/dashboard/serve_dashboard.ts";
import type { ListenAddress } from "../lib/server/serve.ts";
import { openKvStore } from "../lib/store/kv_open.ts";
import { kvStore } from "../lib/store/kv_store.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";

/** A temp directory and the path of a (not yet created) KV store in it. */
export async function tempKvPath(prefix: string): Promise<{ dir: string; path: string }> {
  const dir = await Deno.makeTempDir({ prefix });
  return { dir, path: join(dir, "store.kv") };
}

/** Runs `fn` with the path of a (not yet created) KV store in a temp directory, removed after. */
export async function withKvPath(
  prefix: string,
  fn: (path: string) => Promise<void>,
): Promise<void> {
  const { dir, path } = await tempKvPath(prefix);
  try {
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs `fn` with a KV store created in a temp directory, open; closes and removes it after. */
export async function withKvStore(
  prefix: string,
  fn: (kv: Deno.Kv, path: string) => Promise<void>,
): Promise<void> {
  await withKvPath(prefix, async (path) => {
    const kv = await openKvStore(path);
    try {
      await fn(kv, path);
    } finally {
      kv.close();
    }
  });
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

/** A dashboard served in this process, with what it printed. */
export interface ServedDashboard {
  /** `http://127.0.0.1:<port>`, without a final slash. */
  base: string;
  /** The ephemeral port it listens on. */
  port: number;
  /** Lines printed to standard output. */
  out: string[];
  /** Lines printed to standard error. */
  err: string[];
  /** Aborting it stops the server. */
  stop: AbortController;
  /** The exit code, once stopped. */
  done: Promise<number>;
}

/**
 * Serves `source` with {@linkcode serveDashboard} on an ephemeral loopback port
 * (no token, default rules, read every 0.2 s unless `extra` says otherwise);
 * resolves once it listens.
 */
export async function startDashboard(
  source: MetricsSource,
  extra: Partial<ServeDashboardOptions> = {},
): Promise<ServedDashboard> {
  const stop = new AbortController();
  const out: string[] = [];
  const err: string[] = [];
  let listened: (addr: ListenAddress) => void = () => {};
  const addr = new Promise<ListenAddress>((resolve) => listened = resolve);
  const done = serveDashboard({
    source,
    listen: { hostname: "127.0.0.1", port: 0 },
    token: null,
    intervalS: 0.2,
    rules: DEFAULT_RULES,
    signal: stop.signal,
    onListen: (a) => listened(a),
    ...extra,
  }, { out: (line) => out.push(line), err: (line) => err.push(line) });
  const { port } = await Promise.race([
    addr,
    done.then(() => Promise.reject(new Error("ended before listening"))),
  ]);
  return { base: `http://127.0.0.1:${port}`, port, out, err, stop, done };
}
