/**
 * Folding sources one at a time: trend points folded into time cells equal
 * the buckets of the whole timeline held in memory; the order the sources
 * come in changes nothing but their order in the lists; folding the pieces
 * of a run equals analysing the run whole.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { buildDocument } from "./_builders.ts";
import { buildDataset, type TimelineEntry } from "../lib/analysis/metrics_dataset.ts";
import { foldDataset } from "../lib/analysis/dataset_fold.ts";
import { type Analyses, runAnalyses, SECTIONS } from "../lib/analysis/visualize_analysis.ts";
import type { RangeOptions } from "../lib/analysis/select_range.ts";
import { HOURLY_AFTER_S, MAX_TREND_POINTS } from "../lib/analysis/trend_buckets.ts";
import { buildCumulative, mergeParts, mergeReports } from "../lib/metrics/merge_reports.ts";
import type { MetricsDocument, Report } from "../lib/model/metrics_document.ts";

const NOW = new Date(Date.UTC(2026, 10, 28));
const START = Date.UTC(2026, 10, 25);

/** One shard: exact (dyadic) figures, so that any merge order gives the same sums. */
function shard(k: number, reports: number, rate: number, offsetMin: number): MetricsDocument {
  const doc = buildDocument({
    seed: 100 + k,
    reports,
    requestsPerReport: 20,
    ratePerSecond: rate,
    dyadic: true,
    errorRate: 0.05,
    runId: `run-${k}`,
    startMs: START + offsetMin * 60_000,
    retention: false,
  });
  doc.status.state = "stopped";
  return doc;
}

const shardSpec = fc.record({
  reports: fc.integer({ min: 1, max: 70 }),
  rate: fc.constantFrom(0.02, 0.2, 2, 20),
  offsetMin: fc.integer({ min: 0, max: 900 }),
});

const rangeSpec: fc.Arbitrary<RangeOptions> = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 1, max: 30 }).map((last) => ({ last })),
  fc.integer({ min: 1, max: 600 }).map((m) => ({
    since: { kind: "duration" as const, ms: m * 60_000, text: `${m}m` },
  })),
);

/** The buckets of the whole timeline, as the visualizer cut them when it held every report. */
function timelineBuckets(docs: MetricsDocument[], range: RangeOptions) {
  let entries: TimelineEntry[] = docs.flatMap((doc, source) =>
    [...doc.rollups, ...doc.reports].map((report) => ({
      source,
      report,
      start: Date.parse(report.started_at),
      end: Date.parse(report.ended_at),
    }))
  ).sort((a, b) => a.end - b.end || a.source - b.source || a.report.id - b.report.id);
  if (range.last !== undefined) {
    const keep = new Set(
      docs.flatMap((_, s) => entries.filter((e) => e.source === s).slice(-range.last!)),
    );
    entries = entries.filter((e) => keep.has(e));
  }
  if (range.since?.kind === "duration") {
    const cutoff = Math.max(...entries.map((e) => e.end)) - range.since.ms;
    entries = entries.filter((e) => e.end > cutoff);
  }
  if (entries.length === 0) return { bucket_s: null, points: [] as Report[] };
  const from = Math.min(...entries.map((e) => e.start));
  const to = Math.max(...entries.map((e) => e.end));
  if (new Set(entries.map((e) => e.source)).size === 1 && entries.length <= MAX_TREND_POINTS) {
    return { bucket_s: null, points: entries.map((e) => e.report) };
  }
  const span = Math.max(1, (to - from) / 1000);
  const durations = entries.map((e) => (e.end - e.start) / 1000).filter((d) => d > 0)
    .sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)] ?? 0;
  const width = span > HOURLY_AFTER_S
    ? 3600 * Math.max(1, Math.ceil(span / 3600 / MAX_TREND_POINTS))
    : [60, 300, 900, 1800, 3600].find((w) => w >= median && span / w <= MAX_TREND_POINTS) ?? 3600;
  const buckets = new Map<number, TimelineEntry[]>();
  for (const e of entries) {
    const key = Math.floor((e.start + e.end) / 2 / 1000 / width);
    buckets.set(key, [...(buckets.get(key) ?? []), e]);
  }
  const points = [...buckets.keys()].sort((a, b) => a - b).map((key, i) => {
    const list = buckets.get(key)!;
    if (list.length === 1) return list[0]!.report;
    const start = Math.min(...list.map((e) => e.start));
    const end = Math.max(...list.map((e) => e.end));
    const concurrent = new Set(list.map((e) => e.source)).size > 1;
    return mergeReports(list.map((e) => e.report), {
      id: i + 1,
      ...(concurrent && end > start ? { duration_s: (end - start) / 1000 } : {}),
    });
  });
  return { bucket_s: width, points };
}

Deno.test("trend points folded source by source equal the buckets of the whole timeline", () => {
  fc.assert(
    fc.property(fc.array(shardSpec, { minLength: 1, maxLength: 4 }), rangeSpec, (specs, range) => {
      const docs = specs.map((s, k) => shard(k, s.reports, s.rate, s.offsetMin));
      const ds = buildDataset(docs.map((doc, k) => ({ path: `s${k}.json`, doc })));
      const folded = foldDataset(ds, { now: NOW, range });
      const want = timelineBuckets(docs, range);
      assert.equal(folded.points.bucket_s, want.bucket_s);
      assert.deepEqual(folded.points.points.map((p) => p.report), want.points);
    }),
    { numRuns: 40 },
  );
});

/** What does not depend on the order the sources were given in. */
function orderFree(a: Analyses) {
  const byPath = <T extends { path: string }>(xs: T[]) =>
    xs.slice().sort((x, y) => (x.path < y.path ? -1 : 1));
  const { per_source: rows, ...s } = a.summary!;
  return {
    range: a.range,
    files: byPath(a.input.files),
    warnings: a.input.warnings.slice().sort(),
    summary: {
      ...s,
      sources: byPath(s.sources),
      alerts: s.alerts.map((x) => JSON.stringify(x)).sort(),
    },
    per_source: (rows ?? []).map(({ source: _, ...row }) => row)
      .sort((x, y) => (x.label < y.label ? -1 : 1)),
    trends: a.trends,
    categories: a.categories,
    errors: a.errors,
    check: { ...a.check!, findings: a.check!.findings.map((f) => JSON.stringify(f)).sort() },
  };
}

Deno.test("folding the sources in any order gives the same analysis", () => {
  fc.assert(
    fc.property(
      fc.array(shardSpec, { minLength: 2, maxLength: 4 }),
      rangeSpec,
      fc.integer({ min: 0, max: 23 }),
      (specs, range, turn) => {
        const sources = specs.map((s, k) => ({
          path: `s${k}.json`,
          doc: shard(k, s.reports, s.rate, s.offsetMin),
        }));
        const shuffled = permutation(sources, turn);
        const options = { sections: SECTIONS, families: true, check: true, range, now: NOW };
        const a = runAnalyses(buildDataset(sources), options);
        const b = runAnalyses(buildDataset(shuffled), options);
        assert.deepEqual(orderFree(b), orderFree(a));
      },
    ),
    { numRuns: 25 },
  );
});

/** The `n`-th permutation of `xs` (n taken modulo their number). */
function permutation<T>(xs: readonly T[], n: number): T[] {
  const pool = xs.slice();
  const out: T[] = [];
  while (pool.length > 0) {
    out.push(pool.splice(n % pool.length, 1)[0]!);
    n = Math.floor(n / (out.length));
  }
  return out;
}

Deno.test("folding the pieces of a run one by one equals analysing the run whole", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 40 }),
      fc.uniqueArray(fc.integer({ min: 1, max: 39 }), { minLength: 1, maxLength: 4 }),
      (reports, cutsAt) => {
        const doc = shard(1, reports, 2, 0);
        const cuts = [0, ...cutsAt.filter((c) => c < reports).sort((x, y) => x - y), reports];
        const pieces = cuts.slice(1).map((end, i) => {
          const piece = structuredClone(doc);
          piece.reports = doc.reports.slice(cuts[i], end);
          piece.cumulative = buildCumulative(mergeParts(piece.reports));
          return { path: `p${i}.json`, doc: piece };
        }).filter((p) => p.doc.reports.length > 0);
        const options = { sections: SECTIONS, families: true, now: NOW };
        const whole = runAnalyses(buildDataset([{ path: "whole.json", doc }]), options);
        const folded = runAnalyses(buildDataset(pieces), options);
        assert.deepEqual(folded.summary!.summary, whole.summary!.summary);
        assert.deepEqual(folded.summary!.confidence_bins, whole.summary!.confidence_bins);
        assert.deepEqual(folded.summary!.load_levels, whole.summary!.load_levels);
        assert.deepEqual(folded.categories, whole.categories);
        assert.deepEqual(folded.errors!.by_type, whole.errors!.by_type);
        assert.equal(folded.range.reports, whole.range.reports);
        assert.equal(folded.range.from, whole.range.from);
        assert.equal(folded.range.to, whole.range.to);
      },
    ),
    { numRuns: 40 },
  );
});
