/**
 * The metrics file at its expected size: a 24-hour document at the fastest
 * load level (about 17 requests/s, a report every 500 requests, so ~3,000
 * reports a day, ~45 families) built through the simulator's own path
 * (ReportWindow, appendReport, applyRetention), then written, serialised and
 * read back. Run with `deno bench -A bench/store_bench.ts`.
 *
 * @module
 */
import { join } from "node:path";
import { buildDocument, buildReports } from "../tests/_builders.ts";
import { parseDocument, serializeDocument, writeMetricsFile } from "../lib/store/metrics_file.ts";
import { appendReport } from "../lib/metrics/document.ts";
import { applyRetention } from "../lib/metrics/retention.ts";

const started = performance.now();
const doc = buildDocument({ reports: 3000 });
const buildMs = performance.now() - started;
const text = JSON.stringify(doc);
const dir = Deno.makeTempDirSync({ prefix: "store_bench_" });
const path = join(dir, "buddy_traffic_metrics.json");
await writeMetricsFile(path, doc);
console.log(
  `24-hour document: ${(text.length / 1048576).toFixed(2)} MB, ${doc.reports.length} reports, ` +
    `${doc.rollups.length} rollups, ${doc.cumulative.total_requests} requests (built in ${
      Math.round(buildMs)
    } ms)`,
);

// The next reports the simulator would append, one per iteration.
const next = buildReports({ reports: 200, firstId: 3001, seed: 99 });
let i = 0;

Deno.bench("JSON.stringify of a 24-hour metrics document (no cached report text)", () => {
  JSON.stringify(doc);
});

Deno.bench("writeMetricsFile of a 24-hour document (steady state: one new report)", async (b) => {
  const report = next[i++ % next.length]!;
  appendReport(doc, { ...report, id: doc.reports.at(-1)!.id + 1 });
  applyRetention(doc);
  b.start();
  await writeMetricsFile(path, doc);
  b.end();
});

Deno.bench("serializeDocument of a 24-hour document (cached report text)", () => {
  serializeDocument(doc);
});

Deno.bench("parseDocument (JSON.parse + validate) of a 24-hour metrics file", () => {
  parseDocument(text, path);
});

Deno.bench("JSON.parse alone of a 24-hour metrics file (baseline)", () => {
  JSON.parse(text);
});
