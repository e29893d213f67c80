import assert from "node:assert/strict";
import { buildDocument } from "./_builders.ts";
import { buildDataset } from "../lib/analysis/metrics_dataset.ts";
import { runAnalyses, SECTIONS } from "../lib/analysis/visualize_analysis.ts";
import { foldDataset } from "../lib/analysis/dataset_fold.ts";
import type { RangeOptions } from "../lib/analysis/select_range.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { buildCumulative, mergeParts } from "../lib/metrics/merge_reports.ts";

const NOW = new Date("2026-11-26T00:00:00Z");

function split(doc: MetricsDocument, at: number): [MetricsDocument, MetricsDocument] {
  const a = structuredClone(doc);
  const b = structuredClone(doc);
  a.reports = a.reports.slice(0, at);
  b.reports = b.reports.slice(at);
  a.cumulative = buildCumulative(mergeParts(a.reports));
  b.cumulative = buildCumulative(mergeParts(b.reports));
  return [a, b];
}

function whole() {
  return buildDocument({
    seed: 3,
    reports: 10,
    requestsPerReport: 300,
    dyadic: true,
    errorRate: 0.02,
    retention: { maxFamilyReports: 10 },
  });
}

Deno.test("merging two halves of a run equals analysing the whole run", () => {
  const doc = whole();
  const [a, b] = split(doc, 4);
  const opts = { sections: SECTIONS, families: true, now: NOW };
  const one = runAnalyses(buildDataset([{ path: "all.json", doc }]), opts);
  const two = runAnalyses(
    buildDataset([{ path: "a.json", doc: a }, { path: "b.json", doc: b }]),
    opts,
  );
  assert.deepEqual(two.summary!.summary, one.summary!.summary);
  assert.deepEqual(two.summary!.confidence_bins, one.summary!.confidence_bins);
  assert.deepEqual(two.categories, one.categories);
  assert.deepEqual(two.errors!.by_type, one.errors!.by_type);
  assert.equal(two.summary!.summary.total_requests, 3000);
  assert.equal(two.input.files.length, 2);
});

Deno.test("a report found in two files is counted once", () => {
  const doc = whole();
  const ds = buildDataset([{ path: "a.json", doc }, {
    path: "copy.json",
    doc: structuredClone(doc),
  }]);
  assert.equal(foldDataset(ds, { now: NOW }).duplicates, 10);
  const out = runAnalyses(ds, { sections: ["summary"], now: NOW });
  assert.equal(out.summary!.summary.total_requests, 3000);
  assert.match(
    out.input.warnings.join("\n"),
    /10 reports found in more than one file counted once/,
  );
});

Deno.test("range percentiles come from merged histograms, not averaged percentiles", () => {
  const doc = whole();
  const out = runAnalyses(buildDataset([{ path: "a.json", doc }]), {
    sections: ["summary"],
    now: NOW,
  });
  const avgOfP95 = doc.reports.reduce((s, r) => s + r.latency.p95, 0) / doc.reports.length;
  assert.equal(out.summary!.summary.latency.p95, doc.cumulative.latency.p95);
  assert.notEqual(out.summary!.summary.latency.p95, avgOfP95);
});

Deno.test("the family table covers the whole file from its totals, and a range from its reports", () => {
  const doc = buildDocument({ seed: 4, reports: 6, requestsPerReport: 200 });
  const ds = buildDataset([{ path: "a.json", doc }]);
  const all = runAnalyses(ds, { sections: ["categories"], families: true, now: NOW });
  const sum = all.categories!.families!.reduce((n, r) => n + r.count, 0);
  assert.equal(sum, 1200);
  assert.deepEqual(all.input.warnings, []);
  const last = runAnalyses(ds, {
    sections: ["categories"],
    families: true,
    range: { last: 3 },
    now: NOW,
  });
  assert.equal(last.categories!.families!.reduce((n, r) => n + r.count, 0), 600);
});

/** The ids of the reports a range selects, and its description. */
function selected(docs: MetricsDocument[], range: RangeOptions) {
  const ds = buildDataset(docs.map((doc, i) => ({ path: `${i}.json`, doc })));
  const out = runAnalyses(ds, { sections: ["trends"], range, now: NOW });
  const folded = foldDataset(ds, { now: NOW, range });
  return { out, folded, ids: out.trends!.points.map((p) => p.report.id) };
}

Deno.test("the range keeps the last N reports of each file", () => {
  const doc = whole();
  const [a, b] = split(doc, 5);
  const { out, folded } = selected([a, b], { last: 2 });
  assert.equal(out.range.reports, 4);
  assert.deepEqual(folded.range.sources, [0, 1]);
  assert.equal(folded.merged.stats.total, 4 * 300);
  assert.equal(out.range.description, "last 2 reports per file (4 reports)");
  assert.equal(out.range.from, doc.reports[3]!.started_at);
  assert.equal(out.range.to, doc.reports[9]!.ended_at);
});

Deno.test("the range --since counts back from the newest report", () => {
  const doc = whole();
  const newest = Date.parse(doc.reports.at(-1)!.ended_at);
  const { out, ids } = selected([doc], { since: { kind: "duration", ms: 60_000, text: "1m" } });
  assert.ok(out.range.reports >= 3 && out.range.reports < 10);
  for (const id of ids) assert.ok(Date.parse(doc.reports[id - 1]!.ended_at) > newest - 60_000);
  assert.match(out.range.description, /^last 1m of data/);
  const abs = selected([doc], { since: { kind: "time", at: newest + 1, text: "later" } });
  assert.equal(abs.out.range.reports, 0);
});
