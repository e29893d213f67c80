import assert from "node:assert/strict";
import fc from "fast-check";
import { applyRetention } from "../lib/metrics/retention.ts";
import { appendReport, createDocument } from "../lib/metrics/document.ts";
import { mergeReports } from "../lib/metrics/merge_reports.ts";
import { reportGaps, validateDocument } from "../lib/model/validate_document.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { buildDocument, buildReports, buildRunInfo, buildStatus } from "./_builders.ts";

const HOUR = 3_600_000;

// About nine reports an hour (20 requests at one per 20 s), exact (dyadic) values.
const slow = { requestsPerReport: 20, ratePerSecond: 0.05, dyadic: true } as const;

function documentWith(
  reports: number,
  retention: Parameters<typeof applyRetention>[1] | false,
  seed = 1,
): MetricsDocument {
  return buildDocument({ ...slow, reports, seed, retention: retention ?? {} });
}

Deno.test("applyRetention() bounds reports and rollups and keeps cumulative totals identical", () => {
  const kept = documentWith(120, { maxReports: 10, maxRollups: 6, maxFamilyReports: 3 });
  const all = documentWith(120, false);
  assert.equal(all.reports.length, 120);
  assert.equal(kept.reports.length, 10);
  assert.ok(kept.rollups.length <= 6);
  assert.deepEqual(kept.cumulative, all.cumulative);
  const history = [...kept.rollups, ...kept.reports];
  assert.equal(history.reduce((n, r) => n + r.merged_reports, 0), 120);
  const merged = mergeReports(history);
  assert.equal(merged.total_requests, 2400);
  assert.deepEqual(merged.stats, all.cumulative.stats);
  assert.deepEqual(merged.categories, all.cumulative.categories);
  assert.deepEqual(reportGaps(kept), []);
  validateDocument(JSON.parse(JSON.stringify(kept)), "kept.json");
});

Deno.test("applyRetention() rolls old reports up per run and UTC hour", () => {
  const doc = documentWith(60, { maxReports: 5, maxRollups: 100 });
  const hours = doc.rollups.map((r) => Math.floor(Date.parse(r.started_at) / HOUR));
  assert.deepEqual(hours, [...new Set(hours)].sort((a, b) => a - b));
  for (const r of doc.rollups) {
    assert.equal(r.kind, "rollup");
    assert.equal(r.run_id, "run-1");
    assert.ok(r.merged_reports >= 1);
    assert.ok(Date.parse(r.ended_at) - Date.parse(r.started_at) < 2 * HOUR);
  }
  assert.equal(doc.rollups[0]!.id, 1);
  assert.equal(doc.rollups[0]!.seq_first, 1);
  assert.equal(doc.reports[0]!.id, 56);
  assert.equal(doc.rollups.at(-1)!.seq_last, 55 * 20);
});

Deno.test("applyRetention() merges the oldest rollups into one when there are too many", () => {
  const doc = documentWith(100, { maxReports: 5, maxRollups: 3 });
  const unbounded = documentWith(100, { maxReports: 5, maxRollups: 1000 });
  assert.equal(doc.rollups.length, 3);
  assert.ok(unbounded.rollups.length > 3);
  const tail = unbounded.rollups.slice(-2);
  assert.deepEqual(doc.rollups.slice(1), tail);
  const coarse = mergeReports(unbounded.rollups.slice(0, -2));
  assert.equal(doc.rollups[0]!.merged_reports, coarse.merged_reports);
  assert.deepEqual(doc.rollups[0]!.stats, coarse.stats);
  assert.equal(doc.rollups[0]!.started_at, unbounded.rollups[0]!.started_at);
});

Deno.test("applyRetention() keeps per-family detail only in the newest reports", () => {
  const doc = documentWith(30, { maxReports: 10, maxFamilyReports: 4 });
  const withFamilies = doc.reports.map((r) => Object.keys(r.families).length > 0);
  assert.deepEqual(withFamilies, [...Array(6).fill(false), ...Array(4).fill(true)]);
  for (const r of doc.rollups) assert.deepEqual(r.families, {});
  assert.ok(Object.keys(doc.cumulative.families).length > 10);
});

Deno.test("applyRetention() of any limits never loses a counted request", () => {
  const reports = buildReports({ ...slow, reports: 40, seed: 4 });
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 45 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: 1, max: 7 }),
      (maxReports, maxRollups, maxFamilyReports, every) => {
        const doc = createDocument(buildRunInfo(), buildStatus());
        reports.forEach((r, i) => {
          appendReport(doc, structuredClone(r));
          if (i % every === 0) applyRetention(doc, { maxReports, maxRollups, maxFamilyReports });
        });
        applyRetention(doc, { maxReports, maxRollups, maxFamilyReports });
        assert.ok(doc.reports.length <= maxReports);
        assert.ok(doc.rollups.length <= maxRollups);
        const history = [...doc.rollups, ...doc.reports];
        assert.equal(history.reduce((n, r) => n + r.merged_reports, 0), 40);
        assert.deepEqual(mergeReports(history).stats, doc.cumulative.stats);
        assert.deepEqual(reportGaps(doc), []);
      },
    ),
    { numRuns: 25 },
  );
});

Deno.test("applyRetention() leaves reports frozen and a small document as it is", () => {
  const doc = documentWith(5, false);
  const before = structuredClone(doc);
  applyRetention(doc);
  assert.deepEqual(doc, before);
  assert.ok(Object.isFrozen(doc.reports[0]));
  assert.ok(Object.isFrozen(doc.reports[0]!.stats.latency.bins));
});

Deno.test("applyRetention() rejects bad limits", () => {
  const doc = documentWith(1, false);
  assert.throws(() => applyRetention(doc, { maxReports: -1 }), {
    message: "Cannot apply retention as 'maxReports' must be an integer >= 0: current value is -1",
  });
  assert.throws(() => applyRetention(doc, { maxRollups: 0 }), {
    message: "Cannot apply retention as 'maxRollups' must be an integer >= 1: current value is 0",
  });
  assert.throws(() => applyRetention(doc, { maxFamilyReports: 1.5 }), {
    message:
      "Cannot apply retention as 'maxFamilyReports' must be an integer >= 0: current value is 1.5",
  });
});
