import assert from "node:assert/strict";
import { analyzeCategories } from "../lib/analysis/category_analysis.ts";
import { mergeParts } from "../lib/metrics/merge_reports.ts";
import { createColors } from "../lib/render/ansi.ts";
import { renderCategoriesText } from "../lib/render/categories_text.ts";
import { renderFrame } from "../lib/render/dashboard_frame.ts";
import { renderPrometheus } from "../lib/server/prometheus.ts";
import type { MetricsDocument, Report } from "../lib/model/metrics_document.ts";
import { type CategoryRow, categoryRows, documentCategoryRows } from "../lib/view/category_rows.ts";
import { buildTerminalView } from "../lib/view/terminal_view.ts";
import { buildWebView } from "../lib/view/web_view.ts";
import { documentOf, reportsOf, type ReportSpec } from "./_report_builders.ts";

/**
 * Two reports of 100 requests: 90 benign `simple` ones (40 % clarification,
 * the rest approved) and 10 adversarial ones (1 approved, 9 blocked on the
 * clarification route); service time 2 ms, latency 7 ms.
 */
const SPEC: ReportSpec = {
  requests: 100,
  adversarial: 10,
  adversarialApproved: 1,
  clarifyRate: 0.4,
  execMs: 2,
  latencyMs: 7,
};

function reports(): Report[] {
  return reportsOf([SPEC, SPEC]);
}

function rate(row: CategoryRow | undefined, key: "approved" | "clarification" | "blocked") {
  return row?.[key]?.rate ?? null;
}

function near(actual: number, expected: number, relative = 0.01): void {
  assert.ok(
    Math.abs(actual - expected) <= expected * relative,
    `${actual} is not within ${relative * 100} % of ${expected}`,
  );
}

Deno.test("documentCategoryRows() builds one row per category from the totals, in category order", () => {
  const table = documentCategoryRows(documentOf(reports()));
  assert.deepEqual(table.categories.map((r) => [r.name, r.requests]), [
    ["simple", 180],
    ["adversarial", 20],
  ]);
  const [simple, adversarial] = table.categories;
  assert.equal(simple?.success?.rate, 100);
  assert.deepEqual(
    [rate(simple, "approved"), rate(simple, "clarification"), rate(simple, "blocked")],
    [60, 40, 0],
  );
  assert.equal(simple?.confidence_mean, 0.7);
  assert.deepEqual(
    [
      rate(adversarial, "approved"),
      rate(adversarial, "clarification"),
      rate(adversarial, "blocked"),
    ],
    [10, 0, 90],
  );
  assert.equal(adversarial?.confidence_mean, 0.45);
  assert.equal(adversarial?.adversarial_blocking?.rate, 90);
  assert.equal(adversarial?.benign_over_blocking, null);
  assert.equal(table.families, null);
});

Deno.test("documentCategoryRows() shows execution time, not latency, in the time columns", () => {
  const [simple] = documentCategoryRows(documentOf(reports())).categories;
  assert.ok(simple !== undefined);
  assert.equal(simple.exec_avg_ms, 2);
  near(simple.exec_p95_ms, 2);
});

Deno.test("documentCategoryRows() counts blocked requests as blocked, never as clarification", () => {
  const doc = documentOf(reports());
  const total = documentCategoryRows(doc).total;
  assert.equal(total.requests, 200);
  // 110 approved, 72 clarification, 18 blocked: the three outcomes add up to 100 %.
  assert.deepEqual(
    [rate(total, "approved"), rate(total, "clarification"), rate(total, "blocked")],
    [55, 36, 9],
  );
  // The Soul routed the 18 blocked requests to clarification: the raw routes stay in the file.
  assert.equal(doc.cumulative.approval_path.clarification, 90);
  // The summary's clarification rate is the table's.
  assert.equal(doc.cumulative.clarification_rate, 36);
  assert.equal(doc.cumulative.approval_path.clarification_rate, 36);
  assert.equal(total.agreement?.rate, 63);
  assert.equal(total.benign_over_blocking?.rate, 0);
});

Deno.test("documentCategoryRows() reads the latest report before the totals have categories", () => {
  const doc = documentOf(reports());
  doc.cumulative.categories = {};
  const table = documentCategoryRows(doc);
  assert.deepEqual(table.categories.map((r) => [r.name, r.requests]), [
    ["simple", 90],
    ["adversarial", 10],
  ]);
  assert.deepEqual(documentCategoryRows(documentOf([])).categories, []);
});

Deno.test("categoryRows() turns a range analysis into rows, families sorted by name", () => {
  const analysis = analyzeCategories(mergeParts(reports()), { families: true });
  const table = categoryRows(analysis);
  assert.deepEqual(table.categories.map((r) => r.name), ["simple", "adversarial"]);
  assert.deepEqual(table.families?.map((r) => [r.name, r.requests]), [
    ["adversarial/instruction_override", 20],
    ["simple/greeting", 180],
  ]);
  assert.equal(table.total.requests, 200);
  assert.equal(table.adversarial_blocking?.rate, 90);
  assert.equal(table.benign_over_blocking?.rate, 0);
  // 72 of 180 benign requests not approved.
  assert.equal(table.benign_not_approved?.rate, 40);
  const ofDocument = documentCategoryRows(documentOf(reports()));
  assert.deepEqual([ofDocument.categories, ofDocument.total], [table.categories, table.total]);
});

Deno.test("the terminal frame, the web view and the text report draw the same rows", () => {
  const doc = documentOf(reports());
  const rows = documentCategoryRows(doc).categories;
  const now = new Date(Date.parse(doc.status.updated_at) + 1000);
  const terminal = buildTerminalView({ kind: "ok", doc }, null, { source: "m.json", now });
  assert.deepEqual(terminal.categories, rows);
  const frame = renderFrame(terminal, { width: 100, height: 40, color: false });
  assert.match(
    frame,
    /Category +Requests +Success +Exec avg +p95 exec +Approved +Clarify +Blocked/,
  );
  assert.match(frame, /^simple +180 +100\.00% +2\.00 ms +\d\.\d\d ms +60\.00% +40\.00% +0\.00%$/m);
  assert.doesNotMatch(frame, /^simple .*7\.\d\d ms/m, "latency is not a category figure");

  const web = buildWebView(doc, []);
  assert.deepEqual(web.categories[0], {
    category: "simple",
    requests: 180,
    success_rate: 100,
    exec_avg_ms: 2,
    exec_p95_ms: rows[0]?.exec_p95_ms,
    confidence_mean: 0.7,
    approved_rate: 60,
    clarification_rate: 40,
    blocked_rate: 0,
  });

  const text = renderCategoriesText(
    categoryRows(analyzeCategories(mergeParts(reports()))),
    createColors(false),
  );
  assert.match(text, /Category +n +success +exec avg ms +p95 exec ms +approved +clarif\. +blocked/);
  assert.match(
    text,
    /^simple +180 +100\.0% \[98-100\] +2\.000 +2\.000 +60\.0% \[53-67\] +40\.0% \[33-47\] +0\.0% \[0-2\]/m,
  );
});

Deno.test("the views read outcome shares from the counts of a file written with an older clarification rate", () => {
  const doc: MetricsDocument = documentOf(reports());
  // A file written before the outcome definition: clarification rates counted blocked requests.
  for (const summary of [doc.cumulative, ...doc.reports]) {
    summary.clarification_rate = 45;
    summary.approval_path.clarification_rate = 45;
  }
  const expected = { approved: 55, clarification: 36, blocked: 9 };
  const now = new Date(Date.parse(doc.status.updated_at) + 1000);
  const terminal = buildTerminalView({ kind: "ok", doc }, null, { source: "m.json", now });
  assert.deepEqual(terminal.outcomes, expected);
  assert.match(
    renderFrame(terminal, { width: 80, height: 24, color: false }),
    /^Approved 55\.00% {3}Clarification 36\.00% {3}Blocked 9\.00%$/m,
  );
  assert.deepEqual(buildWebView(doc, []).outcomes, expected);
  assert.match(renderPrometheus(doc), /^buddy_traffic_clarification_ratio 0\.36$/m);
});
