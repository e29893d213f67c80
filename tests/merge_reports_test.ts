import assert from "node:assert/strict";
import fc from "fast-check";
import { mergeDocuments, mergeReports } from "../lib/metrics/merge_reports.ts";
import { Histogram } from "../lib/metrics/histogram.ts";
import { ReportWindow } from "../lib/metrics/report_window.ts";
import type { Cumulative, MetricsDocument, Report } from "../lib/model/metrics_document.ts";
import { reportGaps, validateDocument } from "../lib/model/validate_document.ts";
import { buildDocument, buildReports, createRecordStream } from "./_builders.ts";

/** The summary part of a report or of the cumulative block. */
function summaryOf(x: Cumulative | Report): Record<string, unknown> {
  const keys = Object.keys(buildDocument({ reports: 0 }).cumulative).filter(
    (k) => !["stats", "categories", "families"].includes(k),
  );
  return Object.fromEntries(keys.map((k) => [k, (x as unknown as Record<string, unknown>)[k]]));
}

// Dyadic values (multiples of 1/1024 ms, confidence of 1/64) add up without
// rounding error, so any merge order gives bit-identical sums.
const exactReports = buildReports({ reports: 12, requestsPerReport: 30, dyadic: true, seed: 5 });

Deno.test("mergeReports() of every report equals the cumulative totals", () => {
  const doc = buildDocument({ reports: 8, requestsPerReport: 120, retention: false, seed: 9 });
  const merged = mergeReports(doc.reports);
  assert.equal(merged.total_requests, 960);
  assert.deepEqual(merged.stats, doc.cumulative.stats);
  assert.deepEqual(merged.categories, doc.cumulative.categories);
  assert.deepEqual(merged.families, doc.cumulative.families);
  assert.deepEqual(summaryOf(merged), summaryOf(doc.cumulative));
});

Deno.test("mergeReports() of two halves equals the whole, for any split", () => {
  const whole = mergeReports(exactReports);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: exactReports.length - 1 }), (k) => {
      const left = mergeReports(exactReports.slice(0, k));
      const right = mergeReports(exactReports.slice(k));
      assert.deepEqual(mergeReports([left, right]), whole);
    }),
  );
});

Deno.test("mergeReports() over any partition into consecutive parts equals the whole", () => {
  const whole = mergeReports(exactReports);
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: exactReports.length - 1 }), { maxLength: 6 }),
      (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), exactReports.length];
        const parts = bounds.slice(1).map((end, i) =>
          mergeReports(exactReports.slice(bounds[i], end))
        );
        assert.deepEqual(mergeReports(parts), whole);
      },
    ),
  );
});

Deno.test("mergeReports() histogram quantiles equal those of the union of all requests", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 20, max: 400 }),
      fc.uniqueArray(fc.integer({ min: 1, max: 19 }), { maxLength: 5 }),
      (seed, n, cutsRaw) => {
        const stream = createRecordStream({ seed });
        const records = Array.from({ length: n }, () => stream.next());
        const cuts = cutsRaw.map((c) => Math.floor((c * n) / 20)).filter((c) => c > 0);
        const bounds = [...new Set([0, ...cuts.sort((a, b) => a - b), n])];
        const reports = bounds.slice(1).map((end, i) => {
          const window = new ReportWindow();
          for (const r of records.slice(bounds[i], end)) window.add(r);
          return window.toReport({
            id: i + 1,
            run_id: "run-1",
            kind: "report",
            started_at: records[bounds[i]!]!.at,
            ended_at: records[end - 1]!.at,
            target: "reference",
            load_level: 1,
            interval_ms: { min: 50, max: 200 },
          });
        });
        const merged = mergeReports(reports);
        const union = new Histogram();
        for (const r of records) union.add(r.latency);
        const fromMerged = Histogram.fromData(merged.stats.latency);
        for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
          assert.equal(fromMerged.quantile(q), union.quantile(q), `quantile ${q}`);
        }
        const u = union.toData();
        assert.deepEqual(
          { ...merged.stats.latency, sum: 0 },
          { ...u, sum: 0 },
        );
        assert.ok(Math.abs(merged.stats.latency.sum - u.sum) < 1e-9 * u.sum);
      },
    ),
    { numRuns: 40 },
  );
});

Deno.test("mergeReports() sums counts and durations and derives throughput from them", () => {
  const a = buildReports({ reports: 2, requestsPerReport: 50, runId: "run-a", seed: 1 });
  const b = buildReports({
    reports: 1,
    requestsPerReport: 30,
    runId: "run-b",
    target: "http",
    firstId: 3,
    seed: 2,
    startMs: Date.parse(a[1]!.ended_at),
  });
  const all = [...a, ...b];
  const merged = mergeReports(all);
  const duration = all.reduce((s, r) => s + r.duration_s, 0);
  assert.equal(merged.id, 1);
  assert.equal(merged.kind, "rollup");
  assert.equal(merged.merged_reports, 3);
  assert.equal(merged.run_id, "mixed");
  assert.equal(merged.target, "mixed");
  assert.equal(merged.total_requests, 130);
  assert.equal(merged.duration_s, Math.round(duration * 1000) / 1000);
  assert.equal(merged.throughput_rps, Math.round((130 / merged.duration_s) * 100) / 100);
  assert.equal(merged.late_requests, all.reduce((s, r) => s + r.late_requests, 0));
  assert.equal(merged.started_at, a[0]!.started_at);
  assert.equal(merged.ended_at, b[0]!.ended_at);
  assert.equal(merged.seq_first, 1);
  assert.equal(merged.seq_last, 100);
  assert.equal(merged.load_level, b[0]!.load_level);
  assert.equal(merged.schedule_lag_histogram.count, 130);
  const single = mergeReports(a.slice(0, 1));
  assert.equal(single.run_id, "run-a");
  assert.equal(single.target, "reference");
  const named = mergeReports(a, { id: 9, kind: "final" });
  assert.equal(named.id, 9);
  assert.equal(named.kind, "final");
});

Deno.test("mergeReports() refuses an empty list", () => {
  assert.throws(() => mergeReports([]), {
    name: "RangeError",
    message: "Cannot merge reports: the list is empty",
  });
});

function shard(seed: number, runId: string, offsetMs: number): MetricsDocument {
  const doc = buildDocument({
    reports: 6,
    requestsPerReport: 25,
    dyadic: true,
    seed,
    runId,
    startMs: Date.UTC(2026, 10, 25) + offsetMs,
    retention: false,
  });
  doc.errors.push({
    at: new Date(Date.UTC(2026, 10, 25) + offsetMs + 5000).toISOString(),
    run_id: runId,
    seed,
    request_id: "r-000001",
    seq: 1,
    category: "simple",
    family: "greeting",
    type: "timeout",
    message: "late",
    input_preview: "hi",
  });
  return doc;
}

Deno.test("mergeDocuments() merges shards exactly and interleaves their reports by time", () => {
  const a = shard(1, "run-a", 0);
  const b = shard(2, "run-b", 700);
  a.status.state = "stopped";
  b.status.updated_at = "2026-11-25T05:00:00.000Z";
  b.status.requests = 150;
  a.status.requests = 150;
  const merged = mergeDocuments([a, b]);
  validateDocument(JSON.parse(JSON.stringify(merged)), "merged");
  assert.deepEqual(merged.runs.map((r) => r.run_id), ["run-a", "run-b"]);
  assert.equal(merged.reports.length, 12);
  assert.deepEqual(merged.reports.map((r) => r.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const ends = merged.reports.map((r) => Date.parse(r.ended_at));
  assert.deepEqual(ends, ends.toSorted((x, y) => x - y));
  assert.deepEqual(reportGaps(merged), []);
  assert.equal(merged.cumulative.total_requests, 300);
  const all = mergeReports(merged.reports);
  assert.deepEqual(merged.cumulative.stats, all.stats);
  assert.deepEqual(merged.cumulative.categories, all.categories);
  assert.deepEqual(merged.cumulative.families, all.families);
  assert.deepEqual(summaryOf(merged.cumulative), summaryOf(all));
  assert.equal(merged.status.state, "running");
  assert.equal(merged.status.updated_at, "2026-11-25T05:00:00.000Z");
  assert.equal(merged.status.requests, 300);
  assert.deepEqual(merged.errors.map((e) => e.run_id), ["run-a", "run-b"]);
  assert.equal(merged.events.length, 2);
});

Deno.test("mergeDocuments() of one document keeps its totals and reports", () => {
  const doc = shard(3, "run-c", 0);
  const merged = mergeDocuments([doc]);
  assert.deepEqual(merged.cumulative, doc.cumulative);
  assert.deepEqual(merged.reports, doc.reports);
  assert.deepEqual(merged.runs, doc.runs);
});

Deno.test("mergeDocuments() numbers rollups before reports, each covering its merged ids", () => {
  const doc = buildDocument({
    reports: 40,
    requestsPerReport: 10,
    ratePerSecond: 0.02,
    retention: { maxReports: 4, maxRollups: 50 },
  });
  const other = shard(4, "run-d", 0);
  const merged = mergeDocuments([other, doc]);
  assert.deepEqual(reportGaps(merged), []);
  assert.equal(merged.rollups[0]!.id, 1);
  const covered = merged.rollups.reduce((n, r) => n + r.merged_reports, 0);
  assert.equal(covered, 36);
  assert.equal(merged.reports[0]!.id, 37);
  assert.equal(merged.reports.at(-1)!.id, 46);
});

Deno.test("mergeDocuments() refuses files of different histogram accuracy", () => {
  const a = shard(1, "run-a", 0);
  const b = structuredClone(shard(2, "run-b", 0));
  b.cumulative.stats.execution_time.accuracy = 0.02;
  assert.throws(() => mergeDocuments([a, b]), {
    name: "RangeError",
    message: "Cannot merge metrics files with different histogram accuracy: 0.01 and 0.02",
  });
  assert.throws(() => mergeDocuments([]), { name: "RangeError" });
});

Deno.test("mergeDocuments() refuses to count the same run twice", () => {
  const a = shard(1, "run-a", 0);
  assert.throws(() => mergeDocuments([a, structuredClone(a)]), {
    name: "RangeError",
    message:
      "Cannot merge metrics files that share run 'run-a': its requests would be counted twice",
  });
});
