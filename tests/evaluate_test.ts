import assert from "node:assert/strict";
import {
  checkSummary,
  documentAlerts,
  evaluateAlerts,
  fingerprintOf,
  highFiring,
  staleAlert,
  staleness,
} from "../lib/alerts/evaluate.ts";
import { type AlertRule, DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { documentOf, reportOf, reportsOf, type ReportSpec } from "./_report_builders.ts";

const slow: ReportSpec = { execMs: 7 };
const fast: ReportSpec = { execMs: 0.5 };
const avgRule = [DEFAULT_RULES.find((r) => r.id === "high_avg_execution_time")!];

function statusAfter(specs: ReportSpec[], rules: readonly AlertRule[] = avgRule) {
  const [state] = evaluateAlerts(reportsOf(specs), rules);
  assert.ok(state);
  return state;
}

Deno.test("evaluateAlerts() moves ok to pending on the first breaching report", () => {
  const s = statusAfter([fast, slow]);
  assert.equal(s.status, "pending");
  assert.equal(s.since, "2026-01-01T00:00:20.000Z");
  assert.equal(s.value, 7);
  assert.equal(s.message, "Average execution time 7 ms is above 5 ms");
  assert.equal(s.starts_at, null);
});

Deno.test("evaluateAlerts() moves pending back to ok on a clean report, from that report's time", () => {
  const pending = statusAfter([fast, slow]);
  assert.equal(pending.status, "pending");
  assert.equal(pending.since, "2026-01-01T00:00:20.000Z");
  const s = statusAfter([fast, slow, fast]);
  assert.equal(s.status, "ok");
  assert.equal(s.since, "2026-01-01T00:00:30.000Z");
  assert.equal(s.message, "");
  assert.equal(s.starts_at, null);
  // Pending again later: since is the new breach, not the old one.
  const again = statusAfter([fast, slow, fast, fast, slow]);
  assert.equal(again.status, "pending");
  assert.equal(again.since, "2026-01-01T00:00:50.000Z");
});

Deno.test("evaluateAlerts() fires after 'for' consecutive breaching reports", () => {
  const s = statusAfter([fast, slow, slow]);
  assert.equal(s.status, "firing");
  assert.equal(s.since, "2026-01-01T00:00:30.000Z");
  assert.equal(s.starts_at, "2026-01-01T00:00:30.000Z");
  assert.equal(s.ends_at, null);
});

Deno.test("evaluateAlerts() with a 'for' duration fires once the breach held that long", () => {
  // Reports are 10 s apart: pending at 00:20, held 10 s at 00:30, 20 s at 00:40.
  const rule = [{ ...avgRule[0]!, for_ms: 20_000 }];
  assert.equal(statusAfter([fast, slow, slow], rule).status, "pending");
  const s = statusAfter([fast, slow, slow, slow], rule);
  assert.equal(s.status, "firing");
  assert.equal(s.starts_at, "2026-01-01T00:00:40.000Z");
  // for 0 s fires on the first breach, as Prometheus's for: 0.
  assert.equal(statusAfter([fast, slow], [{ ...avgRule[0]!, for_ms: 0 }]).status, "firing");
});

Deno.test("evaluateAlerts() with a 'keep_firing_for' duration resolves once the last breach is older", () => {
  const rule = [{ ...avgRule[0]!, for: 1, keep_firing_for_ms: 25_000 }];
  // Last breach at 00:10; clean at 00:20 and 00:30 (20 s later): still firing.
  assert.equal(statusAfter([slow, fast, fast], rule).status, "firing");
  const s = statusAfter([slow, fast, fast, fast], rule);
  assert.equal(s.status, "resolved");
  assert.equal(s.ends_at, "2026-01-01T00:00:40.000Z");
});

Deno.test("evaluateAlerts() keeps firing through one clean report, then resolves", () => {
  const one = statusAfter([slow, slow, fast]);
  assert.equal(one.status, "firing");
  assert.equal(one.since, "2026-01-01T00:00:20.000Z");
  const two = statusAfter([slow, slow, fast, fast]);
  assert.equal(two.status, "resolved");
  assert.equal(two.since, "2026-01-01T00:00:40.000Z");
  assert.equal(two.starts_at, "2026-01-01T00:00:20.000Z");
  assert.equal(two.ends_at, "2026-01-01T00:00:40.000Z");
  assert.equal(two.message, "Average execution time 7 ms is above 5 ms");
});

Deno.test("evaluateAlerts() suppresses flapping: alternating reports neither fire nor clear", () => {
  assert.equal(statusAfter([slow, fast, slow, fast, slow]).status, "pending");
  assert.equal(statusAfter([slow, fast, slow, fast]).status, "ok");
  const firing = statusAfter([slow, slow, fast, slow, fast, slow, fast]);
  assert.equal(firing.status, "firing");
  assert.equal(firing.since, "2026-01-01T00:00:20.000Z");
});

Deno.test("evaluateAlerts() fires again after resolving with a new start time", () => {
  const s = statusAfter([slow, slow, fast, fast, slow, slow]);
  assert.equal(s.status, "firing");
  assert.equal(s.starts_at, "2026-01-01T00:01:00.000Z");
  assert.equal(s.ends_at, null);
});

Deno.test("evaluateAlerts() gives no verdict below min_samples and keeps the state", () => {
  const tiny: ReportSpec = { requests: 5, execMs: 50 };
  const s = statusAfter([tiny, tiny, tiny]);
  assert.equal(s.status, "ok");
  assert.equal(s.insufficient, true);
  assert.equal(s.message, "insufficient data: 5 of 20 requests");
  const held = statusAfter([slow, slow, tiny, { ...tiny, execMs: 0.1 }]);
  assert.equal(held.status, "firing");
  assert.equal(held.insufficient, true);
});

Deno.test("evaluateAlerts() fires an unhandled exception on the first report", () => {
  const rules = DEFAULT_RULES.filter((r) => r.id === "unhandled_exceptions");
  const s = statusAfter([fast, { failed: 1, unhandled: 1 }], rules);
  assert.equal(s.status, "firing");
  assert.equal(s.severity, "HIGH");
  assert.equal(s.message, "1 unhandled exception(s)");
});

Deno.test("evaluateAlerts() returns ok states with no report", () => {
  const states = evaluateAlerts([]);
  assert.equal(states.length, DEFAULT_RULES.length);
  for (const s of states) {
    assert.equal(s.status, "ok");
    assert.equal(s.since, "");
    assert.equal(s.insufficient, true);
  }
});

Deno.test("evaluateAlerts() gives each rule a stable 16-digit fingerprint", () => {
  const [a] = evaluateAlerts([reportOf()]);
  assert.equal(a?.fingerprint, fingerprintOf("high_avg_execution_time", "HIGH"));
  assert.match(a?.fingerprint ?? "", /^[0-9a-f]{16}$/);
  assert.notEqual(fingerprintOf("x", "HIGH"), fingerprintOf("x", "MEDIUM"));
});

Deno.test("fingerprintOf() is the 64-bit FNV-1a hash of the labels, by known vectors", () => {
  // Worked out apart from this code by a reference FNV-1a 64 (offset basis
  // 0xcbf29ce484222325, prime 0x100000001b3), which gives the published
  // vectors "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c and
  // "foobar" -> 85944171f73967e8, over the UTF-8 bytes of
  // "alertname=<rule id>,severity=<critical for HIGH, warning for MEDIUM>".
  assert.equal(fingerprintOf("high_avg_execution_time", "HIGH"), "5ce66ede11556e86");
  assert.equal(fingerprintOf("high_clarification_rate", "MEDIUM"), "17ced589f1536745");
  const [state] = evaluateAlerts([reportOf()], avgRule);
  assert.equal(state?.fingerprint, "5ce66ede11556e86");
  const doc = documentOf([reportOf()]);
  assert.equal(staleAlert(doc, new Date(doc.status.updated_at)).fingerprint, "f1631e0a28fc77fb");
});

Deno.test("checkSummary() sorts the default rules into breaches, passed and insufficient", () => {
  const report = reportOf({
    requests: 100,
    adversarial: 0,
    failed: 12,
    execMs: 6,
    firstExecMs: 60,
    passRate: 0.6,
    clarifyRate: 0.9,
  });
  const result = checkSummary(report);
  assert.deepEqual(result.breaches.map((b) => b.rule.id).sort(), [
    "high_avg_execution_time",
    "high_clarification_rate",
    "high_error_rate",
    "low_success_rate",
    "slow_single_request",
    "unusual_pre_validation_rate",
  ]);
  assert.deepEqual(result.insufficient.map((r) => r.id), ["low_adversarial_blocking"]);
  assert.deepEqual(result.passed.map((r) => r.id), [
    "unhandled_exceptions",
    "high_benign_over_blocking",
  ]);
  const pre = result.breaches.find((b) => b.rule.id === "unusual_pre_validation_rate");
  assert.equal(pre?.message, "Pre-validation pass rate 59.09% is outside 25%..50%");
});

Deno.test("checkSummary() passes a healthy range", () => {
  const result = checkSummary(reportOf({ requests: 200, adversarial: 40 }));
  assert.deepEqual(result.breaches, []);
  assert.deepEqual(result.insufficient, []);
});

Deno.test("staleness() flags a running file not updated for two report periods", () => {
  const doc = documentOf([reportOf()], { report_seconds: 30 });
  const at = Date.parse(doc.status.updated_at);
  assert.deepEqual(staleness(doc, new Date(at + 60_000)), { stale: false, age_s: 60, limit_s: 60 });
  assert.equal(staleness(doc, new Date(at + 61_000)).stale, true);
  const stopped = documentOf([reportOf()], { state: "stopped" });
  assert.equal(staleness(stopped, new Date(at + 3_600_000)).stale, false);
});

Deno.test("staleness() falls back to the median report length without report_seconds", () => {
  const doc = documentOf(reportsOf([{ durationS: 5 }, { durationS: 5 }]), { report_seconds: 0 });
  assert.equal(staleness(doc, new Date()).limit_s, 10);
});

Deno.test("staleAlert() fires as HIGH and makes highFiring() true", () => {
  const doc = documentOf([reportOf()]);
  const later = new Date(Date.parse(doc.status.updated_at) + 120_000);
  const alert = staleAlert(doc, later);
  assert.equal(alert.status, "firing");
  assert.equal(alert.message, "No update for 2m 00s while running (limit 1m 00s)");
  assert.equal(highFiring(documentAlerts(doc, later)), true);
  assert.equal(highFiring(documentAlerts(doc, new Date(doc.status.updated_at))), false);
});
