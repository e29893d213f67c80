import assert from "node:assert/strict";
import fc from "fast-check";
import {
  alignReports,
  mergeConcurrentDocuments,
  mergeConcurrentReports,
  mergeDocuments,
  mergeReports,
} from "../lib/metrics/merge_reports.ts";
import { documentAlerts } from "../lib/alerts/evaluate.ts";
import { validateDocument } from "../lib/model/validate_document.ts";
import type { MetricsDocument, Report } from "../lib/model/metrics_document.ts";
import { documentOf, reportOf, type ReportSpec } from "./_report_builders.ts";

const T0 = Date.parse("2026-01-01T00:00:00Z");

/** A shard's report ending `endS` seconds after T0, `durationS` long. */
function shardReport(runId: string, endS: number, spec: ReportSpec = {}): Report {
  return {
    ...reportOf({ durationS: 10, ...spec, endedAt: new Date(T0 + endS * 1000).toISOString() }),
    run_id: runId,
  };
}

/**
 * A shard reporting every 10 s, its first report ending at `phaseS` + 10 s,
 * `count` reports of `spec`, stopped unless `running`.
 */
function shard(
  runId: string,
  phaseS: number,
  count: number,
  spec: ReportSpec = {},
  running = false,
): MetricsDocument {
  const reports = Array.from(
    { length: count },
    (_, k) => shardReport(runId, phaseS + 10 * (k + 1), { id: k + 1, ...spec }),
  );
  const doc = documentOf(reports, { state: running ? "running" : "stopped" });
  doc.runs[0]!.run_id = runId;
  return doc;
}

function totals(reports: readonly Report[]): number {
  return reports.reduce((n, r) => n + r.total_requests, 0);
}

Deno.test("mergeConcurrentDocuments() aligns three interleaved shards into one window per period", () => {
  const docs = [
    shard("run-a", 0, 4, { requests: 100 }),
    shard("run-b", 3, 4, { requests: 200 }),
    shard("run-c", 7, 4, { requests: 300 }),
  ];
  const merged = mergeConcurrentDocuments(docs);
  validateDocument(JSON.parse(JSON.stringify(merged)), "merged");
  assert.equal(merged.reports.length, 4);
  assert.deepEqual(merged.reports.map((r) => r.total_requests), [600, 600, 600, 600]);
  assert.deepEqual(merged.reports.map((r) => r.id), [1, 4, 7, 10]);
  assert.deepEqual(merged.reports.map((r) => r.merged_reports), [3, 3, 3, 3]);
  assert.deepEqual(merged.reports.map((r) => r.kind), ["report", "report", "report", "report"]);
  // The window of the 2nd period: a from 10 s to 20 s, c from 17 s to 27 s.
  assert.equal(merged.reports[1]!.started_at, "2026-01-01T00:00:10.000Z");
  assert.equal(merged.reports[1]!.ended_at, "2026-01-01T00:00:27.000Z");
  // Each shard runs 10, 20 and 30 req/s: the merged throughput is their sum.
  assert.deepEqual(merged.reports.map((r) => r.throughput_rps), [60, 60, 60, 60]);
  assert.deepEqual(merged.reports.map((r) => r.duration_s), [10, 10, 10, 10]);
  // Each merged report is the exact merge of one report of each shard.
  for (const [k, r] of merged.reports.entries()) {
    const parts = docs.map((d) => d.reports[k]!);
    assert.deepEqual(r.stats, mergeReports(parts).stats);
    assert.deepEqual(r.categories, mergeReports(parts).categories);
  }
  assert.equal(totals(merged.reports), 2400);
  assert.equal(merged.cumulative.total_requests, 2400);
  // The interleaving merge shows the shard that wrote last as "the latest report".
  const interleaved = mergeDocuments(docs);
  assert.equal(interleaved.reports.length, 12);
  assert.equal(interleaved.reports.at(-1)!.total_requests, 300);
  assert.deepEqual(interleaved.cumulative, merged.cumulative);
});

Deno.test("mergeConcurrentDocuments() holds back the last window until running shards report", () => {
  const docs = [
    shard("run-a", 0, 5, {}, true),
    shard("run-b", 3, 4, {}, true),
    shard("run-c", 7, 4, {}, true),
  ];
  // a's 5th report (40-50 s) alone would be "the latest report": held back.
  const running = mergeConcurrentDocuments(docs);
  assert.equal(running.reports.length, 4);
  assert.deepEqual(running.reports.map((r) => r.merged_reports), [3, 3, 3, 3]);
  assert.equal(running.status.state, "running");
  // Once b reports, the window shows a and b; c is still awaited.
  docs[1] = shard("run-b", 3, 5, {}, true);
  assert.equal(mergeConcurrentDocuments(docs).reports.length, 4);
  docs[2] = shard("run-c", 7, 5, {}, true);
  assert.deepEqual(
    mergeConcurrentDocuments(docs).reports.map((r) => r.merged_reports),
    [3, 3, 3, 3, 3],
  );
  // A stopped shard is not awaited: its last report is its last.
  const stopped = [
    shard("run-a", 0, 5, {}, true),
    shard("run-b", 3, 4),
    shard("run-c", 7, 4),
  ];
  const view = mergeConcurrentDocuments(stopped);
  assert.deepEqual(view.reports.map((r) => r.merged_reports), [3, 3, 3, 3, 1]);
  assert.equal(totals(view.reports), 1300);
});

Deno.test("mergeConcurrentDocuments() fires the bad shard's adversarial alert once its share is large", () => {
  const now = new Date(T0 + 60_000);
  const firing = (approved: number) => {
    const merged = mergeConcurrentDocuments([
      shard("run-eu-1", 0, 4, { requests: 200, adversarial: 20 }, true),
      shard(
        "run-eu-2",
        4,
        4,
        { requests: 200, adversarial: 20, adversarialApproved: approved },
        true,
      ),
      shard("run-us-1", 8, 4, { requests: 200, adversarial: 20 }, true),
    ]);
    const alert = documentAlerts(merged, now).find((a) => a.rule_id === "low_adversarial_blocking");
    return { merged, alert };
  };
  const bad = firing(15);
  // 15 of the window's 60 adversarial requests approved: 75% blocked, below 90%.
  assert.deepEqual(bad.merged.reports.map((r) => r.adversarial_block_rate), [75, 75, 75, 75]);
  assert.equal(bad.alert?.status, "firing");
  assert.equal(bad.alert?.value, 75);
  // One in sixty approved: 98.33% blocked, nothing fires.
  const small = firing(1);
  assert.equal(small.merged.reports.at(-1)?.adversarial_block_rate, 98.33);
  assert.equal(small.alert?.status, "ok");
  // The interleaving merge never sees two bad reports in a row: the alert never fires.
  const interleaved = mergeDocuments([
    shard("run-eu-1", 0, 4, { requests: 200, adversarial: 20 }, true),
    shard("run-eu-2", 4, 4, { requests: 200, adversarial: 20, adversarialApproved: 15 }, true),
    shard("run-us-1", 8, 4, { requests: 200, adversarial: 20 }, true),
  ]);
  const missed = documentAlerts(interleaved, now).find((a) =>
    a.rule_id === "low_adversarial_blocking"
  );
  assert.equal(missed?.status, "ok");
});

Deno.test("mergeConcurrentDocuments() merges sequential documents exactly as mergeDocuments()", () => {
  const first = shard("run-a", 0, 4, { requests: 50 });
  const second = shard("run-b", 100, 3, { requests: 70 });
  const third = shard("run-c", 40, 2, { requests: 90 }); // starts as the first ends
  const docs = [second, first, third];
  assert.deepEqual(mergeConcurrentDocuments(docs), mergeDocuments(docs));
  assert.equal(mergeConcurrentDocuments(docs).reports.length, 9);
});

Deno.test("mergeConcurrentDocuments() aligns hourly rollups of concurrent shards per hour", () => {
  const hourly = (runId: string, hours: number, skewS: number): MetricsDocument => {
    const doc = shard(runId, 0, 0);
    doc.rollups = Array.from({ length: hours }, (_, h) => ({
      ...shardReport(runId, 3600 * (h + 1) - skewS, {
        requests: 1000,
        durationS: 3600 - 2 * skewS,
      }),
      kind: "rollup" as const,
      merged_reports: 120,
    }));
    return doc;
  };
  const merged = mergeConcurrentDocuments([hourly("run-a", 3, 5), hourly("run-b", 3, 20)]);
  assert.equal(merged.rollups.length, 3);
  assert.deepEqual(merged.rollups.map((r) => r.total_requests), [2000, 2000, 2000]);
  assert.deepEqual(merged.rollups.map((r) => r.kind), ["rollup", "rollup", "rollup"]);
  assert.deepEqual(merged.rollups.map((r) => r.id), [1, 241, 481]);
});

Deno.test("mergeConcurrentReports() returns a single report as it is", () => {
  const r = shardReport("run-a", 10);
  assert.equal(mergeConcurrentReports([r]), r);
  assert.throws(() => mergeConcurrentReports([]), { name: "RangeError" });
});

/** Random report timings of 1..4 shards: per shard, windows of 1..30 s with gaps of 0..20 s. */
const timings = fc.array(
  fc.array(
    fc.record({
      gap: fc.integer({ min: 0, max: 20 }),
      length: fc.integer({ min: 1, max: 30 }),
      requests: fc.integer({ min: 0, max: 50 }),
    }),
    { maxLength: 12 },
  ),
  { minLength: 1, maxLength: 4 },
);

function shardsOf(plan: { gap: number; length: number; requests: number }[][]): Report[][] {
  return plan.map((list, s) => {
    let t = s; // shards start a second apart
    return list.map((w, k) => {
      t += w.gap + w.length;
      return {
        ...shardReport(`run-${s}`, t, { id: k + 1, requests: w.requests, durationS: w.length }),
        total_requests: w.requests,
      };
    });
  });
}

Deno.test("alignReports() puts every report in one window, one per shard, windows in time order", () => {
  fc.assert(
    fc.property(timings, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (plan, run) => {
      const lists = shardsOf(plan);
      const { windows, pending } = alignReports(lists, { running: run });
      const placed = [...windows.flatMap((w) => w.reports), ...pending];
      assert.equal(placed.length, lists.flat().length);
      assert.deepEqual(new Set(placed), new Set(lists.flat()));
      let lastEnd = -Infinity;
      for (const w of windows) {
        assert.equal(new Set(w.sources).size, w.sources.length);
        w.reports.forEach((r, i) => assert.ok(lists[w.sources[i]!]!.includes(r)));
        const end = Math.max(...w.reports.map((r) => Date.parse(r.ended_at)));
        assert.ok(Date.parse(w.reports[0]!.ended_at) >= lastEnd);
        lastEnd = end;
      }
      if (run.every((r) => !r)) assert.deepEqual(pending, []);
    }),
  );
});

Deno.test("mergeConcurrentDocuments() loses no request: merged totals add up to the shards' totals", () => {
  fc.assert(
    fc.property(timings, (plan) => {
      const lists = shardsOf(plan);
      const docs = lists.map((reports, s) => {
        const doc = documentOf(reports, { state: "stopped" });
        doc.runs[0]!.run_id = `run-${s}`;
        return doc;
      });
      const merged = mergeConcurrentDocuments(docs);
      const all = lists.flat();
      assert.equal(totals(merged.reports), totals(all));
      assert.equal(
        merged.reports.reduce((n, r) => n + r.merged_reports, 0),
        all.length,
      );
      const { windows } = alignReports(lists);
      assert.equal(merged.reports.length, windows.length);
      windows.forEach((w, i) => assert.equal(merged.reports[i]!.total_requests, totals(w.reports)));
    }),
  );
});
