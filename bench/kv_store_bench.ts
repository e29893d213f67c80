/**
 * The KV store at the metrics file's expected size: the same 24-hour
 * document as `store_bench.ts` (about 3,000 reports a day at the fastest
 * level, bounded by retention), written into one shard and read back, beside
 * the JSON file doing the same; then three such shards as a dashboard reads
 * them: once cold, and again after one shard got a new report (its refresh).
 * Run with `deno bench -A bench/kv_store_bench.ts`.
 *
 * @module
 */
import { join } from "node:path";
import { buildDocument, buildReports } from "../tests/_builders.ts";
import { readMetricsFile, writeMetricsFile } from "../lib/store/metrics_file.ts";
import { appendReport } from "../lib/metrics/document.ts";
import { applyRetention } from "../lib/metrics/retention.ts";
import { openKvStore } from "../lib/store/kv_open.ts";
import { kvStore } from "../lib/store/kv_store.ts";
import { createKvReader, readKvShard, readKvShards } from "../lib/store/kv_reader.ts";

const doc = buildDocument({ reports: 3000 });
const dir = Deno.makeTempDirSync({ prefix: "kv_store_bench_" });
const file = join(dir, "buddy_traffic_metrics.json");
const kv = await openKvStore(join(dir, "metrics.kv"));
const shard = kvStore(kv, "bench", { leaseMs: 0 });
await shard.prepare({ fresh: false });
let started = performance.now();
await shard.write(doc);
const firstWriteMs = performance.now() - started;
await writeMetricsFile(file, doc);
for (const name of ["b", "c"]) {
  const other = kvStore(kv, name, { leaseMs: 0 });
  await other.prepare({ fresh: false });
  await other.write(doc);
}
started = performance.now();
await readKvShard(kv, "bench");
console.log(
  `24-hour document, ${doc.reports.length} reports + ${doc.rollups.length} rollups: first KV write ${
    Math.round(firstWriteMs)
  } ms, one KV read ${Math.round(performance.now() - started)} ms`,
);

// The next reports the simulator would append, one per iteration.
const next = buildReports({ reports: 200, firstId: 3001, seed: 99 });
let i = 0;
const step = () => {
  const report = next[i++ % next.length]!;
  appendReport(doc, { ...report, id: doc.reports.at(-1)!.id + 1 });
  applyRetention(doc);
};

Deno.bench("KV shard write of a 24-hour document (steady state: one new report)", {
  group: "write",
  baseline: true,
}, async (b) => {
  step();
  b.start();
  await shard.write(doc);
  b.end();
});

Deno.bench("JSON file write of the same document (steady state: one new report)", {
  group: "write",
}, async (b) => {
  step();
  b.start();
  await writeMetricsFile(file, doc);
  b.end();
});

Deno.bench("KV shard read (assemble + validate) of a 24-hour document", {
  group: "read",
  baseline: true,
}, async () => {
  await readKvShard(kv, "bench");
});

Deno.bench(
  "JSON file read (parse + validate) of the same document",
  { group: "read" },
  async () => {
    await readMetricsFile(file);
  },
);

Deno.bench("KV reader, cold: one shard", { group: "cold" }, async () => {
  await createKvReader(kv).readShard("bench");
});

Deno.bench("KV reader, cold: three shards", { group: "cold", baseline: true }, async () => {
  await createKvReader(kv).readShards();
});

Deno.bench("readKvShards(), one-shot: three shards", { group: "cold" }, async () => {
  await readKvShards(kv);
});

// A dashboard's refresh: one shard got a new report since the last read.
const reader = createKvReader(kv);
await reader.readShards();

Deno.bench("KV reader: three shards after a new report in one (dashboard refresh)", {
  group: "refresh",
  baseline: true,
}, async (b) => {
  step();
  await shard.write(doc);
  b.start();
  await reader.readShards();
  b.end();
});

Deno.bench("readKvShards(): three shards after a new report in one (refresh, uncached)", {
  group: "refresh",
}, async (b) => {
  step();
  await shard.write(doc);
  b.start();
  await readKvShards(kv);
  b.end();
});
