import assert from "node:assert/strict";
import fc from "fast-check";
import { renderFrame } from "../lib/render/dashboard_frame.ts";
import { buildTerminalView } from "../lib/view/terminal_view.ts";
import type { LiveTick } from "../lib/view/live_tick.ts";
import {
  colorEnabled,
  createColors,
  fitWidth,
  stripAnsi,
  visibleWidth,
} from "../lib/render/ansi.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { documentOf, reportsOf, type ReportSpec } from "./_report_builders.ts";
import { assertFits, assertGoldenFrame } from "./_golden_frame.ts";

const HOSTILE = "boom \x1b[2J\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07 " +
  "\x1b]0;pwned\x07 \u202egnp.exe <img src=x onerror=alert(1)>";

/** A fixed document: 60 reports, the last ones slow, six error samples. */
export function goldenDocument(): MetricsDocument {
  const specs: ReportSpec[] = Array.from({ length: 60 }, (_, i) => ({
    requests: 400 + (i % 7) * 20,
    execMs: i >= 57 ? 6 : 0.4 + (i % 5) * 0.1,
    latencyMs: 1 + (i % 3) + i / 30,
    failed: i % 4,
    adversarial: 25,
    passRate: i === 59 ? 0.6 : 0.35,
    spreadCategories: true,
  }));
  const doc = documentOf(reportsOf(specs));
  const end = Date.parse(doc.status.updated_at);
  for (let k = 0; k < 6; k++) {
    doc.errors.push({
      at: new Date(end - (5 - k) * 7_000).toISOString(),
      run_id: "run-1",
      seed: 42,
      request_id: `r-${17 + k}`,
      seq: 17 + k * 100,
      category: k % 2 === 0 ? "edge_case" : "multi_step",
      family: k % 2 === 0 ? "rtl" : "chained_steps",
      type: k === 5 ? "unhandled" : "timeout",
      message: k === 5 ? "TypeError: cannot read 'score' of undefined" : "No answer within 5000 ms",
      input_preview: "hello",
    });
  }
  return doc;
}

function frameOf(doc: MetricsDocument, width: number, height: number, color = false): string {
  const now = new Date(Date.parse(doc.status.updated_at) + 5_000);
  const view = buildTerminalView({ kind: "ok", doc }, null, {
    source: "buddy_traffic_metrics.json",
    now,
    interactive: true,
  });
  return renderFrame(view, { width, height, color });
}

Deno.test("renderFrame() matches the golden frame at 80x24", async () => {
  const frame = frameOf(goldenDocument(), 80, 24);
  assertFits(frame, 80, 24);
  await assertGoldenFrame("dashboard_80x24.txt", frame);
});

Deno.test("renderFrame() matches the golden frame at 120x40 and uses the room", async () => {
  const frame = frameOf(goldenDocument(), 120, 40);
  assertFits(frame, 120, 40);
  await assertGoldenFrame("dashboard_120x40.txt", frame);
  const narrow = frameOf(goldenDocument(), 80, 24);
  assert.ok(frame.length > narrow.length);
});

Deno.test("renderFrame() shows the run state, health, Apdex and alerts", () => {
  const frame = frameOf(goldenDocument(), 80, 24);
  assert.match(frame, /RUNNING/);
  assert.match(frame, /Health {2}\d+\/100 (Excellent|Good|Fair|Poor)/);
  assert.match(frame, /Apdex {3}\d\.\d\d /);
  assert.match(
    frame,
    /HIGH {3}FIRING {3}since 00:09:50 {2}Average execution time 6 ms is above 5 ms/,
  );
  assert.match(frame, /MEDIUM PENDING {2}since 00:10:00 {2}Pre-validation pass rate/);
  assert.match(frame, /Throughput {2}[▁▂▃▄▅▆▇█]+/);
});

Deno.test("renderFrame() only adds SGR sequences when colour is on", () => {
  const doc = goldenDocument();
  const plain = frameOf(doc, 80, 24);
  const colored = frameOf(doc, 80, 24, true);
  assert.equal(plain.includes("\x1b"), false);
  assert.ok(colored.includes("\x1b["));
  // deno-lint-ignore no-control-regex
  assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, "").includes("\x1b"), false);
  assert.equal(stripAnsi(colored), plain);
});

Deno.test("renderFrame() neutralises hostile strings from the file", () => {
  const doc = goldenDocument();
  const error = doc.errors[0];
  assert.ok(error);
  error.message = HOSTILE;
  error.type = "\x1b[31mred";
  doc.status.target = "ref\u202eerence";
  for (const color of [false, true]) {
    const frame = frameOf(doc, 200, 40, color);
    const withoutSgr = stripAnsi(frame);
    assert.equal(withoutSgr.includes("\x1b"), false, "no ESC outside colour codes");
    // deno-lint-ignore no-control-regex
    assert.equal(/[\u0007\u202e\u0000-\u0009\u000b-\u001f\u009b]/.test(withoutSgr), false);
    assert.ok(withoutSgr.includes("<U+001B>[2J"));
    assert.ok(withoutSgr.includes("<U+001B>]8;;https://evil.example/<U+0007>click"));
    assert.ok(withoutSgr.includes("<U+001B>]0;pwned<U+0007>"));
    assert.ok(withoutSgr.includes("<U+202E>gnp.exe <img src=x onerror=alert(1)>"));
    assert.ok(withoutSgr.includes("ref<U+202E>erence"));
  }
});

Deno.test("renderFrame() says it is waiting, with a hint, when there is no file", () => {
  const view = buildTerminalView(
    {
      kind: "waiting",
      message: "No metrics file at 'm.json' yet",
      hint: "Start the simulator",
    },
    null,
    { source: "m.json", now: new Date(0), interactive: false },
  );
  const frame = renderFrame(view, { width: 80, height: 24, color: false });
  assert.match(frame, /^Waiting for metrics data$/m);
  assert.match(frame, /Hint: Start the simulator/);
  assertFits(frame, 80, 24);
});

Deno.test("renderFrame() says it is waiting when the file has no report yet", () => {
  const doc = documentOf([], { requests: 42 });
  const view = buildTerminalView({ kind: "ok", doc }, null, {
    source: "m.json",
    now: new Date(0),
  });
  const frame = renderFrame(view, { width: 100, height: 24, color: false });
  assert.match(frame, /Waiting for metrics data/);
  assert.match(
    frame,
    /running with 42 requests so far at its last write and has written no report/,
  );
  assert.match(frame, /Hint: Start the simulator/);
});

/** A live status as the simulator writes it, at `at`. */
function liveTick(at: number, requests: number, overrides: Partial<LiveTick> = {}): LiveTick {
  return {
    at,
    run_id: "run-1",
    elapsed_s: 65,
    running: true,
    requests,
    in_flight: 1,
    last_second: 12,
    rps: 11.5,
    success_rate: 99.5,
    error_rate: 0.5,
    latency_p95_ms: 0.42,
    execution_p95_ms: 0.3,
    adversarial_block_rate: 100,
    benign_over_block_rate: 0.25,
    health: 98,
    run_success_rate: 99.6,
    alerts: [],
    firing: 0,
    pending: 1,
    ...overrides,
  };
}

Deno.test("renderFrame() counts live requests while no report is written yet", () => {
  const doc = documentOf([], { requests: 0 });
  const now = new Date(Date.UTC(2026, 0, 1, 12, 0, 5));
  const live = liveTick(now.getTime() - 800, 451);
  const view = buildTerminalView({ kind: "ok", doc }, null, { source: "m.json", now, live });
  const frame = renderFrame(view, { width: 140, height: 24, color: false });
  assert.doesNotMatch(frame, /0 requests so far/);
  assert.match(
    frame,
    /The simulator is running with 451 requests so far and has written no report/,
  );
  assert.match(
    frame,
    /^Live 12:00:04 {2}1m 05s {2}451 req {2}11\.5 req\/s {2}success 99\.50% {2}p95 0\.42 ms {2}adv\. blocked 100\.00% {2}benign over-blocked 0\.25% {2}1 pending$/m,
  );
  // A live status older than a few seconds is not live any more.
  const old = buildTerminalView({ kind: "ok", doc }, null, {
    source: "m.json",
    now,
    live: liveTick(now.getTime() - 60_000, 451),
  });
  assert.doesNotMatch(renderFrame(old, { width: 140, height: 24, color: false }), /^Live /m);
});

Deno.test("renderFrame() adds per-second live sparklines when there is room", async () => {
  const doc = goldenDocument();
  const now = new Date(Date.parse(doc.status.updated_at) + 5_000);
  const history = Array.from(
    { length: 30 },
    (_, i) =>
      liveTick(now.getTime() - (29 - i) * 1000, 20_000 + i * 12, {
        last_second: 8 + (i % 6),
        success_rate: i === 20 ? 80 : 99.5,
        latency_p95_ms: 0.3 + (i % 4) * 0.05,
      }),
  );
  const view = buildTerminalView({ kind: "ok", doc }, null, {
    source: "buddy_traffic_metrics.json",
    now,
    interactive: true,
    live: history.at(-1)!,
    liveHistory: history,
  });
  const frame = renderFrame(view, { width: 140, height: 45, color: false });
  assertFits(frame, 140, 45);
  await assertGoldenFrame("dashboard_live_140x45.txt", frame);
  assert.match(frame, /^── Live: last 30 s ─+$/m);
  assert.equal(frame.split("\n").filter((l) => l === "").length, 0, "no empty rows");
});

Deno.test("renderFrame() shows a read error without data, and keeps the last data after one", () => {
  const error = {
    kind: "error" as const,
    message: `Cannot read metrics file 'm.json': ${HOSTILE}`,
  };
  const alone = renderFrame(
    buildTerminalView(error, null, { source: "m.json", now: new Date(0) }),
    { width: 80, height: 24, color: false },
  );
  assert.match(alone, /ERROR/);
  assert.match(alone, /Cannot show metrics/);
  assert.equal(alone.includes("\x1b"), false);
  const doc = goldenDocument();
  const kept = renderFrame(
    buildTerminalView(error, doc, { source: "m.json", now: new Date(doc.status.updated_at) }),
    { width: 80, height: 24, color: false },
  );
  assert.match(kept, /^! Cannot read metrics file 'm\.json': boom/m);
  assert.match(kept, /Last report #60/);
  assert.equal(kept.includes("\x1b"), false);
});

Deno.test("renderFrame() marks a stale file and a stopped run", () => {
  const doc = goldenDocument();
  const later = new Date(Date.parse(doc.status.updated_at) + 600_000);
  const stale = renderFrame(
    buildTerminalView({ kind: "ok", doc }, null, { source: "m.json", now: later }),
    { width: 80, height: 24, color: false },
  );
  assert.match(stale, /STALE \(10m 00s\)/);
  assert.match(stale, /HIGH {3}FIRING .* No update for 10m 00s while running/);
  doc.status.state = "stopped";
  const stopped = renderFrame(
    buildTerminalView({ kind: "ok", doc }, null, { source: "m.json", now: later }),
    { width: 80, height: 24, color: false },
  );
  assert.match(stopped, /STOPPED/);
});

Deno.test("renderFrame() fits tiny terminals", () => {
  const frame = frameOf(goldenDocument(), 30, 8);
  assertFits(frame, 30, 8);
});

Deno.test("fitWidth() cuts by terminal columns and closes colour codes", () => {
  assert.equal(fitWidth("abcdef", 4), "abc…");
  assert.equal(fitWidth("abc", 4), "abc");
  assert.equal(fitWidth("日本語テキスト", 6), "日本…");
  assert.equal(visibleWidth("日本"), 4);
  assert.equal(fitWidth("\x1b[31mabcdef\x1b[39m", 4), "\x1b[31mabc…\x1b[0m");
  assert.equal(visibleWidth("\x1b[1mab\x1b[22m"), 2);
});

Deno.test("createColors() is the identity when disabled", () => {
  const off = createColors(false);
  assert.equal(off.red(off.bold("x")), "x");
  assert.equal(createColors(true).red("x"), "\x1b[31mx\x1b[39m");
  assert.equal(colorEnabled(true, false), true);
  assert.equal(colorEnabled(true, true), false);
  assert.equal(colorEnabled(false, false), false);
});

Deno.test("renderFrame() stays inside any terminal size", () => {
  const doc = goldenDocument();
  fc.assert(
    fc.property(fc.integer({ min: 20, max: 220 }), fc.integer({ min: 5, max: 70 }), (w, h) => {
      assertFits(frameOf(doc, w, h), w, h);
      assertFits(frameOf(doc, w, h, true), w, h);
    }),
    { numRuns: 40 },
  );
});
