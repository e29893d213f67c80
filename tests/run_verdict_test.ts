import assert from "node:assert/strict";
import { passingCondition, runVerdict } from "../lib/analysis/run_verdict.ts";
import { runAnalyses } from "../lib/analysis/visualize_analysis.ts";
import { buildDataset } from "../lib/analysis/metrics_dataset.ts";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { renderVerdictText } from "../lib/render/verdict_text.ts";
import { createColors } from "../lib/render/ansi.ts";
import { documentFromReports } from "./_server_builders.ts";
import { reportsOf } from "./_report_builders.ts";

/** Two clean reports (an earlier run), then two with 20 % failures and an unhandled exception. */
function twoRuns() {
  const reports = reportsOf([
    { id: 1 },
    { id: 2 },
    { id: 3, failed: 20, unhandled: 1 },
    { id: 4, failed: 20 },
  ]);
  const doc = documentFromReports(reports);
  doc.status.state = "stopped";
  const sinceMs = Date.parse(reports[1]!.ended_at);
  const now = new Date(Date.parse(reports[3]!.ended_at) + 1000);
  return { doc, sinceMs, now };
}

Deno.test("runVerdict() judges every rule over the run since it started", () => {
  const { doc, sinceMs, now } = twoRuns();
  const v = runVerdict(doc, { sinceMs, now });
  assert.equal(v.requests, 200);
  assert.equal(v.since, new Date(sinceMs).toISOString());
  assert.deepEqual(v.rules.map((r) => r.rule_id), DEFAULT_RULES.map((r) => r.id));
  const byId = new Map(v.rules.map((r) => [r.rule_id, r]));
  assert.deepEqual(byId.get("low_success_rate"), {
    rule_id: "low_success_rate",
    severity: "HIGH",
    status: "fail",
    value: "80%",
    threshold: ">= 90%",
  });
  assert.equal(byId.get("unhandled_exceptions")?.status, "fail");
  assert.equal(byId.get("high_error_rate")?.value, "20%");
  assert.equal(byId.get("high_avg_execution_time")?.status, "pass");
  assert.equal(byId.get("low_adversarial_blocking")?.status, "pass");
  assert.equal(v.check.exit_code, 1);
  assert.ok(v.health !== null);
  assert.equal(v.adversarial_block_rate, 100);
});

Deno.test("runVerdict() gates exactly as the visualizer's --check over the same range", () => {
  const { doc, sinceMs, now } = twoRuns();
  for (const strict of [false, true]) {
    const v = runVerdict(doc, { sinceMs, now, strict, label: "m.json" });
    const since = new Date(sinceMs).toISOString();
    const visualize = runAnalyses(buildDataset([{ path: "m.json", doc }]), {
      sections: [],
      range: { since: { kind: "time", at: sinceMs, text: since } },
      check: true,
      strict,
      now,
    });
    assert.deepEqual(v.check, visualize.check);
  }
});

Deno.test("runVerdict() passes a clean run whatever an earlier run in the file did", () => {
  const reports = reportsOf([{ id: 1, failed: 50 }, { id: 2 }, { id: 3 }]);
  const doc = documentFromReports(reports);
  doc.status.state = "stopped";
  const v = runVerdict(doc, {
    sinceMs: Date.parse(reports[0]!.ended_at),
    now: new Date(Date.parse(reports[2]!.ended_at)),
  });
  assert.equal(v.requests, 200);
  assert.equal(v.check.exit_code, 0);
  assert.ok(v.rules.every((r) => r.status !== "fail"));
});

Deno.test("runVerdict() leaves a rule without a verdict below its minimum of requests", () => {
  const reports = reportsOf([{ id: 1, requests: 50 }]);
  const doc = documentFromReports(reports);
  doc.status.state = "stopped";
  const v = runVerdict(doc, { sinceMs: 0, now: new Date(Date.parse(reports[0]!.ended_at)) });
  const adv = v.rules.find((r) => r.rule_id === "low_adversarial_blocking")!;
  assert.equal(adv.status, "none");
  assert.match(
    renderVerdictText(v, createColors(false)),
    /· HIGH {3}low_adversarial_blocking .*\(too few requests\)/,
  );
});

Deno.test("passingCondition() states what passes for each comparison", () => {
  const rule = (id: string) => DEFAULT_RULES.find((r) => r.id === id)!;
  assert.equal(passingCondition(rule("high_avg_execution_time")), "<= 5 ms");
  assert.equal(passingCondition(rule("low_success_rate")), ">= 90%");
  assert.equal(passingCondition(rule("unusual_pre_validation_rate")), "25%..50%");
  assert.equal(passingCondition(rule("unhandled_exceptions")), "<= 0");
});

Deno.test("renderVerdictText() marks each rule and ends with the gate, within 100 columns", () => {
  const { doc, sinceMs, now } = twoRuns();
  const v = runVerdict(doc, { sinceMs, now });
  const text = renderVerdictText(v, createColors(false), { check: true, file: "m.json" });
  const lines = text.split("\n");
  assert.equal(lines[0], `Verdict over 200 requests since ${v.since}`);
  assert.equal(lines.filter((l) => l.startsWith("  ✓ ")).length, 6);
  assert.equal(lines.filter((l) => l.startsWith("  ✗ ")).length, 3);
  assert.ok(lines.includes("  ✗ HIGH   low_success_rate                   80%  >= 90%"), text);
  assert.ok(
    lines.includes(
      `  same gate: deno task visualize --file m.json --check --since ${v.since}`,
    ),
  );
  assert.equal(lines.at(-1), "FAIL: 2 HIGH rules failed, 1 MEDIUM rule failed (exit 1)");
  for (const line of lines) assert.ok(line.length <= 100, line);
  const unchecked = renderVerdictText(v, createColors(false)).split("\n").at(-1);
  assert.equal(unchecked, "2 HIGH rules failed, 1 MEDIUM rule failed (--check exits 1 on HIGH)");
  const coloured = renderVerdictText(v, createColors(true), { check: true });
  assert.ok(coloured.includes("\x1b[31m✗\x1b[39m HIGH"), coloured);
});
