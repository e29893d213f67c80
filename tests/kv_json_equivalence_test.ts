/**
 * The KV backend keeps exactly what the JSON file keeps: the same document
 * reads back the same from both, and the same seed records the same traffic
 * and decisions in both.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { encodeDocument, readMetricsFile } from "../lib/store/metrics_file.ts";
import { fileStore } from "../lib/store/metrics_store.ts";
import { openKvStore } from "../lib/store/kv_open.ts";
import { kvStore } from "../lib/store/kv_store.ts";
import { readKvShard } from "../lib/store/kv_reader.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import type { StatsData } from "../lib/model/stats_data.ts";
import { runTask } from "./_tasks.ts";

async function simulate(cwd: string, args: string[]): Promise<void> {
  const out = await runTask("simulate", ["--quiet", ...args], { cwd });
  assert.equal(out.code, 0, out.stderr);
}

/** One run: reports at least a second apart, each with per-family aggregates (over 64 KB). */
const RUN = [
  "--seed",
  "20261127",
  "--max-requests",
  "3000",
  "--interval-min",
  "1.2",
  "--interval-max",
  "1.2",
  "--no-adaptive",
  "--concurrency",
  "1",
  "--report-interval",
  "1000",
];

Deno.test("the same document reads back equal from a JSON file and from a KV shard", async () => {
  const dir = await Deno.makeTempDir();
  await simulate(dir, [...RUN, "--file", "buddy_traffic_metrics.json"]);
  const doc = await readMetricsFile(join(dir, "buddy_traffic_metrics.json"));
  assert.ok(doc.reports.length >= 2, `${doc.reports.length} reports`);

  const json = fileStore(join(dir, "copy.json"));
  await json.prepare({ fresh: false });
  await json.write(doc);
  const kv = await openKvStore(join(dir, "buddy_traffic_data", "store.kv"));
  try {
    const shard = kvStore(kv, "copy");
    await shard.prepare({ fresh: false });
    await shard.write(doc);
    const fromFile = await readMetricsFile(join(dir, "copy.json"));
    const fromKv = (await readKvShard(kv, "copy"))!;
    assert.deepEqual(fromKv, fromFile);
    assert.deepEqual(fromKv, doc);
    assert.deepEqual(encodeDocument(fromKv), encodeDocument(fromFile));
  } finally {
    kv.close();
  }
});

/** A StatsData without what depends on time: service and end-to-end durations. */
function decisions(stats: StatsData | undefined) {
  assert.ok(stats !== undefined);
  const { execution_time: _e, latency: _l, ...rest } = stats;
  return rest;
}

function recorded(doc: MetricsDocument) {
  const c = doc.cumulative;
  return {
    seed: doc.runs.map((r) => r.seed),
    total: decisions(c.stats),
    categories: Object.fromEntries(
      Object.entries(c.categories).map(([k, v]) => [k, decisions(v)]),
    ),
    families: Object.fromEntries(Object.entries(c.families).map(([k, v]) => [k, decisions(v)])),
  };
}

Deno.test("the same seed records the same traffic and decisions in a JSON file and a KV shard", async () => {
  const dir = await Deno.makeTempDir();
  await simulate(dir, [...RUN, "--file", "buddy_traffic_metrics.json"]);
  await simulate(dir, [...RUN, "--kv", "buddy_traffic_data/store.kv", "--shard", "same-seed"]);
  const fromFile = await readMetricsFile(join(dir, "buddy_traffic_metrics.json"));
  const kv = await openKvStore(join(dir, "buddy_traffic_data", "store.kv"), { create: false });
  try {
    const fromKv = (await readKvShard(kv, "same-seed"))!;
    assert.equal(fromKv.cumulative.total_requests, 3000);
    assert.deepEqual(recorded(fromKv), recorded(fromFile));
    assert.equal(Object.keys(fromKv.cumulative.families).length > 40, true);
    // Same retention tiers: as many reports, each with or without families alike.
    assert.deepEqual(
      fromKv.reports.map((r) => [r.kind, Object.keys(r.families).length > 0]),
      fromFile.reports.map((r) => [r.kind, Object.keys(r.families).length > 0]),
    );
  } finally {
    kv.close();
  }
});
