import assert from "node:assert/strict";
import fc from "fast-check";
import {
  mergeConcurrentDocuments,
  mergeDocuments,
  mergeReports,
} from "../lib/metrics/merge_reports.ts";
import { Histogram } from "../lib/metrics/histogram.ts";
import { ReportWindow } from "../lib/metrics/report_window.ts";
import type { StatsData } from "../lib/model/stats_data.ts";
import type { Cumulative, MetricsDocument, Report } from "../lib/model/metrics_document.ts";
import { reportGaps, validateDocument } from "../lib/model/validate_document.ts";
import { buildDocument, buildReports, createRecordStream } from "./_builders.ts";
import { reportOf } from "./_report_builders.ts";
import { shardDocument } from "./_shard_builders.ts";

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

/**
 * Every field of a report that merging adds up, as one flat record of
 * numbers keyed by path. Read from the report's own data, so it serves as an
 * oracle independent of {@linkcode mergeReports}.
 */
function summedFields(r: Report): Record<string, number> {
  const out: Record<string, number> = {
    merged_reports: r.merged_reports,
    duration_s: r.duration_s,
    late_requests: r.late_requests,
    total_requests: r.total_requests,
    successful_requests: r.successful_requests,
    failed_requests: r.failed_requests,
    unhandled_exceptions: r.unhandled_exceptions,
    "schedule_lag_histogram.count": r.schedule_lag_histogram.count,
    "schedule_lag_histogram.sum": r.schedule_lag_histogram.sum,
  };
  const add = (prefix: string, value: unknown): void => {
    if (typeof value === "number") out[prefix] = (out[prefix] ?? 0) + value;
    else if (Array.isArray(value)) value.forEach((v, i) => add(`${prefix}[${i}]`, v));
    else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) add(`${prefix}.${k}`, v);
    }
  };
  const counts = (prefix: string, s: StatsData): void => {
    const { execution_time, latency, confidence, ...rest } = s;
    add(prefix, rest);
    for (const [name, h] of [["execution_time", execution_time], ["latency", latency]] as const) {
      add(`${prefix}.${name}`, { count: h.count, sum: h.sum, zero: h.zero });
      // Bucket counts by bucket index, whatever the offset of each report.
      h.bins.forEach((n, i) => add(`${prefix}.${name}.bucket ${h.offset + i}`, n));
    }
    add(`${prefix}.confidence`, {
      count: confidence.count,
      sum: confidence.sum,
      sum_sq: confidence.sum_sq,
      bins: confidence.bins,
    });
  };
  counts("stats", r.stats);
  for (const [name, s] of Object.entries(r.categories)) if (s) counts(`categories.${name}`, s);
  for (const [name, s] of Object.entries(r.families)) counts(`families.${name}`, s);
  return out;
}

/** Adds up {@linkcode summedFields} over reports, without merging them; zero counts dropped. */
function plainSums(reports: readonly Report[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reports) {
    for (const [k, v] of Object.entries(summedFields(r))) out[k] = (out[k] ?? 0) + v;
  }
  return withoutZeros(out);
}

function withoutZeros(fields: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== 0).map((
      [k, v],
    ) => [k, k === "duration_s" ? Math.round(v * 1000) / 1000 : v]),
  );
}

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
  const sums = plainSums(exactReports);
  assert.ok(
    sums.late_requests! > 0 && sums["stats.failed_requests"]! > 0,
    "the sums cover every count",
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: exactReports.length - 1 }), (k) => {
      const left = mergeReports(exactReports.slice(0, k));
      const right = mergeReports(exactReports.slice(k));
      const merged = mergeReports([left, right]);
      assert.deepEqual(withoutZeros(summedFields(merged)), sums);
      assert.deepEqual(merged, whole);
    }),
  );
});

Deno.test("mergeReports() over any partition into consecutive parts equals the whole", () => {
  const whole = mergeReports(exactReports);
  const sums = plainSums(exactReports);
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: exactReports.length - 1 }), { maxLength: 6 }),
      (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), exactReports.length];
        const parts = bounds.slice(1).map((end, i) =>
          mergeReports(exactReports.slice(bounds[i], end))
        );
        const merged = mergeReports(parts);
        assert.deepEqual(withoutZeros(summedFields(merged)), sums);
        assert.deepEqual(merged, whole);
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

Deno.test("mergeReports() sums every count of its reports to totals worked out by hand", () => {
  // Benign requests are `simple/greeting`, adversarial ones `adversarial/instruction_override`;
  // failures are the last requests, answered ones alternate at a rate of 0.5 (odd ones count).
  const r1 = reportOf({
    id: 1,
    requests: 100,
    failed: 4,
    unhandled: 1,
    adversarial: 10,
    adversarialApproved: 2,
    passRate: 0.5,
    clarifyRate: 0.5,
    durationS: 10,
  });
  const r2 = reportOf({
    id: 2,
    requests: 60,
    adversarial: 6,
    passRate: 1,
    clarifyRate: 0,
    durationS: 6,
  });
  const r3 = reportOf({
    id: 3,
    requests: 40,
    failed: 2,
    adversarial: 0,
    passRate: 0,
    clarifyRate: 1,
    durationS: 24,
  });
  r1.late_requests = 3;
  r3.late_requests = 5;
  const lag = (values: number[]) => {
    const h = new Histogram();
    for (const v of values) h.add(v);
    return h.toData();
  };
  r1.schedule_lag_histogram = lag([1, 2]);
  r3.schedule_lag_histogram = lag([4]);
  const merged = mergeReports([r1, r2, r3]);

  assert.equal(merged.merged_reports, 3);
  assert.equal(merged.duration_s, 40);
  assert.equal(merged.late_requests, 8);
  assert.equal(merged.throughput_rps, 5);
  assert.deepEqual(
    [merged.schedule_lag_histogram.count, merged.schedule_lag_histogram.sum],
    [3, 7],
  );
  assert.equal(merged.schedule_lag_histogram.max, 4);
  const s = merged.stats;
  assert.deepEqual(
    [s.total_requests, s.successful_requests, s.failed_requests, s.unhandled_exceptions],
    [200, 194, 6, 1],
  );
  assert.deepEqual(s.errors, { timeout: 5, unhandled: 1 });
  // r1: 96 answered, 48 passed; r2: 60 answered, all passed; r3: 38 answered, none passed.
  assert.deepEqual(s.pre_validation, { passed: 108, failed: 86 });
  // Approved: r1 2 adversarial + 43 benign, r2 54 benign. Clarification: r1 43, r3 38.
  // Blocked: r1 8, r2 6 adversarial; blocked requests take the clarification path.
  assert.deepEqual(s.outcomes, { approved: 99, clarification: 81, blocked: 14 });
  assert.deepEqual(s.approval_path, { approved: 99, clarification: 95 });
  assert.deepEqual(s.adversarial, { total: 16, answered: 16, not_approved: 14 });
  assert.deepEqual(s.benign, { total: 184, answered: 178, blocked: 0 });
  assert.deepEqual(s.confusion, {
    approve: { approved: 97, clarification: 81, blocked: 0, error: 6 },
    clarify: { approved: 0, clarification: 0, blocked: 0, error: 0 },
    block: { approved: 2, clarification: 0, blocked: 14, error: 0 },
  });
  assert.deepEqual([s.execution_time.count, s.execution_time.sum], [200, 100]);
  assert.deepEqual([s.latency.count, s.latency.sum], [200, 100]);
  // Approved requests have confidence 0.9, the others 0.4.
  assert.equal(s.confidence.count, 194);
  assert.ok(Math.abs(s.confidence.sum - (99 * 0.9 + 95 * 0.4)) < 1e-9);
  assert.ok(Math.abs(s.confidence.sum_sq - (99 * 0.81 + 95 * 0.16)) < 1e-9);
  assert.deepEqual(s.confidence.bins, [0, 0, 0, 0, 95, 0, 0, 0, 0, 99]);
  assert.deepEqual(
    Object.fromEntries(Object.entries(merged.categories).map(([k, v]) => [k, v!.total_requests])),
    { adversarial: 16, simple: 184 },
  );
  assert.deepEqual(
    Object.fromEntries(Object.entries(merged.families).map(([k, v]) => [k, v.total_requests])),
    { "adversarial/instruction_override": 16, "simple/greeting": 184 },
  );
  assert.equal(merged.success_rate, 97);
  assert.equal(merged.pre_validation.pass_rate, 55.67);
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

Deno.test("mergeDocuments() sums requests and in-flight counts over shards, not the latest's", () => {
  const docs = [
    shardDocument("run-a", {
      reports: 2,
      requests: 100,
      status: { in_flight: 3, updated_at: "2026-01-01T00:01:00.000Z" },
    }),
    shardDocument("run-b", {
      reports: 1,
      requests: 50,
      status: { in_flight: 0, updated_at: "2026-01-01T00:02:00.000Z", state: "stopped" },
    }),
    // The latest update, with the fewest requests in flight.
    shardDocument("run-c", {
      reports: 3,
      requests: 20,
      status: { in_flight: 1, updated_at: "2026-01-01T00:03:00.000Z" },
    }),
  ];
  for (const merged of [mergeDocuments(docs), mergeConcurrentDocuments(docs)]) {
    assert.equal(merged.status.in_flight, 3 + 0 + 1);
    assert.equal(merged.status.requests, 200 + 50 + 60);
    assert.equal(merged.cumulative.total_requests, 310);
    assert.equal(merged.status.updated_at, "2026-01-01T00:03:00.000Z");
    assert.equal(merged.status.state, "running");
  }
});
