import assert from "node:assert/strict";
import { buildWebView, MAX_ERRORS, pointOf, pointsOf } from "../lib/view/web_view.ts";
import type { AlertState } from "../lib/alerts/evaluate.ts";
import { reportOf } from "./_report_builders.ts";
import { errorSample, serverDocument } from "./_server_builders.ts";

function alert(rule_id: string, severity: "HIGH" | "MEDIUM", status: AlertState["status"]) {
  return {
    rule_id,
    severity,
    status,
    since: "2026-01-01T00:00:10.000Z",
    value: 1,
    message: "",
    fingerprint: "0".repeat(16),
    starts_at: null,
    ends_at: null,
    insufficient: false,
  } satisfies AlertState;
}

Deno.test("pointOf() takes a report's chart figures", () => {
  const report = reportOf({ id: 7, requests: 200, failed: 10, execMs: 2, durationS: 20 });
  assert.deepEqual(pointOf(report), {
    id: 7,
    run_id: report.run_id,
    t: Date.parse(report.ended_at) / 1000,
    throughput_rps: 10,
    success_rate: 95,
    error_rate: 5,
    p50_ms: report.execution_time.p50,
    p95_ms: report.execution_time.p95,
    p99_ms: report.execution_time.p99,
    confidence_mean: report.confidence.mean,
    confidence_std: report.confidence.std_dev,
    approved: report.outcomes.approved,
    clarification: report.outcomes.clarification,
    blocked: report.outcomes.blocked,
    failed: 10,
  });
});

Deno.test("pointsOf() keeps the most recent reports, oldest first", () => {
  const doc = serverDocument([{}, {}, {}, {}]);
  assert.deepEqual(pointsOf(doc, 2).map((p) => p.id), [3, 4]);
});

Deno.test("buildWebView() lists alerts firing first, HIGH before MEDIUM", () => {
  const view = buildWebView(serverDocument(), [
    alert("a", "MEDIUM", "ok"),
    alert("b", "MEDIUM", "firing"),
    alert("c", "HIGH", "pending"),
    alert("d", "HIGH", "firing"),
    alert("e", "HIGH", "resolved"),
  ]);
  assert.deepEqual(view.alerts.map((a) => a.rule_id), ["d", "b", "c", "e", "a"]);
});

Deno.test("buildWebView() builds the category table from the cumulative totals", () => {
  const view = buildWebView(serverDocument([{ failed: 10 }, {}]), []);
  assert.deepEqual(view.categories.map((r) => [r.category, r.requests, r.success_rate]), [
    ["simple", 180, 94.44],
    ["adversarial", 20, 100],
  ]);
  const adversarial = view.categories[1]!;
  assert.equal(adversarial.blocked_rate, 100);
  assert.equal(adversarial.approved_rate, 0);
  assert.equal(view.totals.total_requests, 200);
  assert.equal("stats" in view.totals, false, "raw aggregates stay out of the view");
});

Deno.test("buildWebView() keeps the most recent errors, newest first, hostile characters marked", () => {
  const errors = Array.from({ length: MAX_ERRORS + 5 }, (_, i) => errorSample(`e${i} \u202e<b>`));
  const view = buildWebView(serverDocument([{}], errors), []);
  assert.equal(view.errors.length, MAX_ERRORS);
  // Marked as the terminal and the HTML report mark them; the page shows text, never HTML.
  assert.equal(view.errors[0]!.message, `e${MAX_ERRORS + 4} <U+202E><b>`);
  assert.equal(view.errors.at(-1)!.message, "e5 <U+202E><b>");
});

Deno.test("buildWebView() has no point, health or Apdex before the first request", () => {
  const doc = serverDocument([]);
  const view = buildWebView(doc, []);
  assert.equal(view.point, null);
  assert.equal(view.health, null);
  assert.equal(view.apdex, null);
  assert.deepEqual(view.categories, []);
});
