import assert from "node:assert/strict";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { LiveMonitor, LONG_WINDOW_S, parseLiveTick } from "../lib/view/live_tick.ts";
import { EventHub, TICK_HISTORY } from "../lib/server/event_hub.ts";
import { createRecordStream } from "./_builders.ts";
import { documentFromReports } from "./_server_builders.ts";
import { reportOf } from "./_report_builders.ts";

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A monitor fed `perSecond` records in each of `seconds` seconds from T0. */
function fed(seconds: number, perSecond: number, errorRate = 0): LiveMonitor {
  const monitor = new LiveMonitor(undefined, T0);
  const stream = createRecordStream({ seed: 5, errorRate });
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < perSecond; i++) monitor.add(stream.next(), T0 + s * 1000 + i);
  }
  return monitor;
}

Deno.test("LiveMonitor.tick() reports the last whole seconds, not the one in progress", () => {
  const monitor = fed(20, 10);
  monitor.add(createRecordStream({ seed: 6 }).next(), T0 + 20_100); // second 20, in progress
  const tick = monitor.tick(T0 + 20_500, { runId: "r", startMs: T0, inFlight: 2 });
  assert.equal(tick.requests, 201);
  assert.equal(tick.last_second, 10);
  assert.equal(tick.rps, 10); // 100 requests over the last 10 whole seconds
  assert.equal(tick.elapsed_s, 21);
  assert.equal(tick.in_flight, 2);
  assert.equal(tick.running, true);
  assert.equal(tick.alerts.length, DEFAULT_RULES.length);
  assert.equal(tick.firing, 0);
  assert.ok(tick.success_rate !== null && tick.success_rate > 0);
  assert.ok(tick.latency_p95_ms !== null && tick.latency_p95_ms > 0);
  assert.equal(monitor.last, tick);
});

Deno.test("LiveMonitor.tick() shows a fault burst as an alert within two seconds", () => {
  const monitor = new LiveMonitor(undefined, T0);
  const ok = createRecordStream({ seed: 7, errorRate: 0 });
  const bad = createRecordStream({ seed: 8, errorRate: 1 });
  for (let s = 0; s < 30; s++) {
    for (let i = 0; i < 10; i++) monitor.add(ok.next(), T0 + s * 1000 + i);
  }
  assert.equal(monitor.tick(T0 + 30_010, { runId: "r", startMs: T0, inFlight: 0 }).firing, 0);
  for (let i = 0; i < 30; i++) monitor.add(bad.next(), T0 + 30_000 + i); // a burst in second 30
  const after = monitor.tick(T0 + 31_010, { runId: "r", startMs: T0, inFlight: 0 });
  const errors = after.alerts.find((a) => a.rule_id === "high_error_rate")!;
  assert.equal(errors.state, "pending");
  assert.ok(after.success_rate !== null && after.success_rate < 90);
});

Deno.test("LiveMonitor keeps the long window to its length", () => {
  const monitor = fed(LONG_WINDOW_S + 30, 2);
  const long = monitor.longWindow(T0 + (LONG_WINDOW_S + 29) * 1000);
  assert.equal(long.total_requests, LONG_WINDOW_S * 2);
});

Deno.test("EventHub.publishTick() sends a tick to subscribers and keeps 15 minutes for the snapshot", () => {
  const hub = new EventHub();
  hub.publishReport(documentFromReports([reportOf({ id: 1, failed: 0 })]));
  const lastId = hub.lastId;
  const seen: string[] = [];
  hub.subscribe((e) => seen.push(e.type));
  const monitor = fed(5, 3);
  for (let i = 0; i < TICK_HISTORY + 5; i++) {
    hub.publishTick(monitor.tick(T0 + 5000 + i * 1000, { runId: "r", startMs: T0, inFlight: 0 }));
  }
  assert.equal(seen.length, TICK_HISTORY + 5);
  assert.ok(seen.every((t) => t === "tick"));
  assert.equal(hub.lastId, lastId, "ticks take no id of their own: resume stays on reports");
  assert.equal(hub.ticks.length, TICK_HISTORY);
  const snapshot = JSON.parse(hub.snapshot()!.data);
  assert.equal(snapshot.ticks.length, TICK_HISTORY);
  assert.equal(snapshot.ticks.at(-1).at, T0 + 5000 + (TICK_HISTORY + 4) * 1000);
});

Deno.test("parseLiveTick() keeps a well-formed status and refuses a broken one", () => {
  const tick = fed(3, 4).tick(T0 + 3000, { runId: "r", startMs: T0, inFlight: 0 });
  const round = JSON.parse(JSON.stringify(tick));
  assert.deepEqual(parseLiveTick(round), tick);
  assert.equal(parseLiveTick(null), null);
  assert.equal(parseLiveTick({ ...round, requests: "12" }), null);
  assert.equal(parseLiveTick({ ...round, at: -1 }), null);
  assert.equal(parseLiveTick({ ...round, success_rate: "high" }), null);
  assert.equal(parseLiveTick({ ...round, running: 1 }), null);
  const odd = parseLiveTick({ ...round, alerts: [{ rule_id: 1 }, ...round.alerts, "x"] });
  assert.equal(odd?.alerts.length, tick.alerts.length);
});
