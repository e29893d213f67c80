import assert from "node:assert/strict";
import { documentOf, reportsOf } from "./_report_builders.ts";
import { buildDataset } from "../lib/analysis/metrics_dataset.ts";
import { foldDataset } from "../lib/analysis/dataset_fold.ts";
import { analyzeTrends } from "../lib/analysis/trend_analysis.ts";
import type { ReportSpec } from "./_report_builders.ts";

function trendsOf(specs: ReportSpec[]) {
  const doc = documentOf(reportsOf(specs));
  const ds = buildDataset([{ path: "t.json", doc }]);
  return analyzeTrends(foldDataset(ds, { now: new Date() }));
}

function metric(t: ReturnType<typeof trendsOf>, id: string) {
  return t.metrics.find((m) => m.id === id)!;
}

Deno.test("analyzeTrends() flags rising execution time as degrading", () => {
  const t = trendsOf([0.5, 0.6, 0.8, 0.9, 1.1, 1.3, 1.4, 1.6].map((execMs) => ({ execMs })));
  const m = metric(t, "execution_avg");
  assert.equal(m.verdict, "degrading");
  assert.equal(m.first, 0.5);
  assert.equal(m.last, 1.6);
  assert.equal(m.change, 1.1);
  assert.ok(m.slope_per_hour! > 0);
  assert.ok(t.degrading.includes("execution_avg"));
  assert.equal(t.bucket_s, null);
});

Deno.test("analyzeTrends() calls noise stable", () => {
  const t = trendsOf([0.5, 0.52, 0.49, 0.51, 0.5, 0.48, 0.52, 0.5].map((execMs) => ({ execMs })));
  assert.equal(metric(t, "execution_avg").verdict, "stable");
  assert.deepEqual(t.degrading, []);
});

Deno.test("analyzeTrends() flags a falling success rate and a rising error rate", () => {
  const t = trendsOf([0, 0, 2, 4, 6, 8, 10, 12].map((failed) => ({ failed })));
  assert.equal(metric(t, "success_rate").verdict, "degrading");
  assert.equal(metric(t, "error_rate").verdict, "degrading");
});

Deno.test("analyzeTrends() gives no verdict on fewer than four points", () => {
  const t = trendsOf([{ execMs: 1 }, { execMs: 5 }, { execMs: 9 }]);
  assert.equal(metric(t, "execution_avg").verdict, "too few points");
});

Deno.test("analyzeTrends() marks load-level changes between reports", () => {
  const t = trendsOf([1, 1, 2, 2, 3].map((loadLevel) => ({ loadLevel })));
  assert.deepEqual(t.marks.map((m) => [m.point, m.kind, m.message]), [
    [2, "load_level", "Load level 1 -> 2"],
    [4, "load_level", "Load level 2 -> 3"],
  ]);
});

Deno.test("analyzeTrends() marks a level change once when its event falls on a report's end", () => {
  const doc = documentOf(reportsOf([1, 1, 2, 2].map((loadLevel) => ({ loadLevel }))));
  // The simulator decides a new level as it writes a report: the event carries that report's end.
  const boundary = doc.reports[1]!.ended_at;
  doc.events.push({
    at: boundary,
    run_id: doc.reports[1]!.run_id,
    type: "load_level",
    message: "Load level 1 -> 2 (35-135 ms): stable",
    data: { from: 1, to: 2 },
  });
  const ds = buildDataset([{ path: "t.json", doc }]);
  const t = analyzeTrends(foldDataset(ds, { now: new Date() }));
  assert.deepEqual(t.marks.map((m) => [m.point, m.kind, m.at, m.message]), [
    [1, "load_level", boundary, "Load level 1 -> 2 (35-135 ms): stable"],
  ]);
});

Deno.test("analyzeTrends() rolls long runs up per hour", () => {
  const specs: ReportSpec[] = Array.from({ length: 200 }, () => ({ durationS: 300, requests: 20 }));
  const t = trendsOf(specs);
  assert.equal(t.bucket_s, 3600);
  assert.ok(t.points.length >= 16 && t.points.length <= 18);
  assert.equal(t.points.reduce((n, p) => n + p.report.total_requests, 0), 4000);
});
