import assert from "node:assert/strict";
import { LiveAlerts } from "../lib/alerts/live_alerts.ts";
import { type AlertRule, DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { Stats } from "../lib/metrics/stats.ts";
import type { Summary } from "../lib/model/stats_data.ts";
import { answeredRecord, failedRecord, recordBase } from "./_builders.ts";

const ERRORS: AlertRule = DEFAULT_RULES.find((r) => r.id === "high_error_rate")!;

/** A window of `n` requests of which `failed` failed. */
function windowOf(n: number, failed: number): Summary {
  const s = new Stats();
  for (let i = 0; i < n; i++) {
    s.add(
      i < failed
        ? failedRecord(recordBase(i), { type: "timeout", message: "slow" })
        : answeredRecord(recordBase(i), {
          confidence: 0.9,
          pre_validation: "passed",
          outcome: "approved",
        }),
    );
  }
  return s.summary();
}

Deno.test("LiveAlerts: a breach is pending at once and fires once it held for 'for' evaluations", () => {
  const live = new LiveAlerts([ERRORS], 0);
  assert.equal(live.evaluate([windowOf(100, 0)], 1000)[0]!.state, "ok");
  const pending = live.evaluate([windowOf(100, 30)], 2000)[0]!;
  assert.equal(pending.state, "pending");
  assert.equal(pending.since, 2000);
  assert.equal(pending.value, 30);
  assert.equal(pending.message, "Error rate 30% is above 5%");
  const firing = live.evaluate([windowOf(100, 30)], 3000)[0]!;
  assert.equal(firing.state, "firing");
  assert.equal(firing.since, 3000);
});

Deno.test("LiveAlerts: a firing alert keeps firing through keep_firing_for clean evaluations", () => {
  const live = new LiveAlerts([{ ...ERRORS, for: 1 }], 0);
  assert.equal(live.evaluate([windowOf(100, 30)], 1000)[0]!.state, "firing");
  assert.equal(live.evaluate([windowOf(100, 0)], 2000)[0]!.state, "firing");
  const resolved = live.evaluate([windowOf(100, 0)], 3000)[0]!;
  assert.equal(resolved.state, "ok");
  assert.equal(resolved.since, 3000);
  assert.equal(resolved.message, "");
});

Deno.test("LiveAlerts: a clean evaluation turns pending back to ok", () => {
  const live = new LiveAlerts([ERRORS], 0);
  live.evaluate([windowOf(100, 30)], 1000);
  assert.equal(live.evaluate([windowOf(100, 1)], 2000)[0]!.state, "ok");
});

Deno.test("LiveAlerts reads the shortest window with enough requests", () => {
  const live = new LiveAlerts([{ ...ERRORS, for: 1 }], 0);
  // The 10 s window has too few requests: the 60 s one (clean) decides.
  assert.equal(live.evaluate([windowOf(10, 10), windowOf(200, 10)], 1000)[0]!.state, "ok");
  // A burst in the short window with enough requests shows at once.
  assert.equal(live.evaluate([windowOf(40, 20), windowOf(600, 20)], 2000)[0]!.state, "firing");
});

Deno.test("LiveAlerts keeps the state when no window has enough requests", () => {
  const live = new LiveAlerts([{ ...ERRORS, for: 1 }], 0);
  live.evaluate([windowOf(100, 50)], 1000);
  const kept = live.evaluate([windowOf(5, 0), windowOf(5, 0)], 2000)[0]!;
  assert.equal(kept.state, "firing");
});

Deno.test("LiveAlerts holds 'for' and 'keep_firing_for' durations in time", () => {
  const live = new LiveAlerts([{ ...ERRORS, for_ms: 3000, keep_firing_for_ms: 2000 }], 0);
  const bad = () => windowOf(100, 30);
  assert.equal(live.evaluate([bad()], 1000)[0]!.state, "pending");
  assert.equal(live.evaluate([bad()], 2000)[0]!.state, "pending");
  assert.equal(live.evaluate([bad()], 4000)[0]!.state, "firing", "held 3 s");
  assert.equal(live.evaluate([windowOf(100, 0)], 5000)[0]!.state, "firing");
  assert.equal(live.evaluate([windowOf(100, 0)], 6000)[0]!.state, "firing", "2 s since the breach");
  assert.equal(live.evaluate([windowOf(100, 0)], 6500)[0]!.state, "ok");
});
