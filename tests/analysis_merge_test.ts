import assert from "node:assert/strict";
import { buildDocument } from "./_builders.ts";
import { buildDataset } from "../lib/analysis/metrics_dataset.ts";
import { runAnalyses, SECTIONS } from "../lib/analysis/visualize_analysis.ts";
import { selectRange } from "../lib/analysis/select_range.ts";
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
  assert.equal(ds.duplicates, 10);
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

Deno.test("selectRange() keeps the last N reports of each file", () => {
  const doc = whole();
  const [a, b] = split(doc, 5);
  const ds = buildDataset([{ path: "a.json", doc: a }, { path: "b.json", doc: b }]);
  const r = selectRange(ds, { last: 2 });
  assert.equal(r.entries.length, 4);
  assert.deepEqual(r.entries.map((e) => e.report.id), [4, 5, 9, 10]);
  assert.equal(r.description, "last 2 reports per file (4 reports)");
});

Deno.test("selectRange() --since counts back from the newest report", () => {
  const doc = whole();
  const ds = buildDataset([{ path: "a.json", doc }]);
  const newest = Date.parse(doc.reports.at(-1)!.ended_at);
  const r = selectRange(ds, { since: { kind: "duration", ms: 60_000, text: "1m" } });
  assert.ok(r.entries.length >= 3 && r.entries.length < 10);
  for (const e of r.entries) assert.ok(e.end > newest - 60_000);
  assert.match(r.description, /^last 1m of data/);
  const abs = selectRange(ds, { since: { kind: "time", at: newest + 1, text: "later" } });
  assert.equal(abs.entries.length, 0);
});
