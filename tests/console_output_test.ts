import assert from "node:assert/strict";
import {
  formatLiveStatus,
  formatMs,
  formatPercent,
  formatReportLine,
  formatRunSummary,
  formatStartLine,
  MAX_LINE,
} from "../lib/simulate/console_output.ts";
import { ReportWindow } from "../lib/metrics/report_window.ts";
import { Stats } from "../lib/metrics/stats.ts";
import { createRecordStream } from "./_builders.ts";
import { createColors } from "../lib/render/ansi.ts";

Deno.test("formatPercent() and formatMs() print compact figures", () => {
  assert.equal(formatPercent(null), "-");
  assert.equal(formatPercent(99.456), "99.5%");
  assert.equal(formatPercent(99.456, 2), "99.46%");
  assert.equal(formatMs(0.01234), "0.012ms");
  assert.equal(formatMs(4.5678), "4.57ms");
  assert.equal(formatMs(1234.5), "1235ms");
});

Deno.test("formatReportLine() shows the figures the spec watches", () => {
  const window = new ReportWindow();
  const stream = createRecordStream({ seed: 2, errorRate: 0 });
  for (let i = 0; i < 500; i++) window.add(stream.next());
  const report = window.toReport({
    id: 7,
    run_id: "r",
    kind: "report",
    started_at: 0,
    ended_at: 50_000,
    target: "reference",
    load_level: 2,
    interval_ms: { min: 35, max: 135 },
  });
  const line = formatReportLine(report);
  assert.ok(line.startsWith("#7  500 req  10.0/s  ok 100.0%  avg "), line);
  assert.match(line, / {2}p95 \d+\.\d+ms {2}pre-val \d+\.\d% {2}adv\. blocked \d+\.\d% {2}L2$/);
  assert.ok(line.length <= MAX_LINE, `${line.length} columns`);
  const final = formatReportLine({ ...report, id: 12345, kind: "final", total_requests: 99999 });
  assert.ok(final.startsWith("#12345 final  99999 req"), final);
  assert.ok(final.length <= MAX_LINE, `${final.length} columns`);
});

Deno.test("formatStartLine() says what is sent where, how fast and until when", () => {
  const facts = {
    target: "reference",
    file: "m.json",
    seed: 7,
    intervalMs: { min: 50, max: 200 },
    maxRequests: null,
    durationS: null,
  };
  assert.equal(
    formatStartLine(facts),
    "Sending to reference every 50-200ms until Ctrl+C -> m.json (seed 7)",
  );
  assert.equal(
    formatStartLine({ ...facts, intervalMs: { min: 0, max: 0 }, maxRequests: 100, durationS: 120 }),
    "Sending to reference as fast as possible for 100 requests or 2m 00s -> m.json (seed 7)",
  );
});

Deno.test("formatLiveStatus() shows the live figures in one line cut to the width", () => {
  const tick = {
    at: 0,
    run_id: "r",
    elapsed_s: 75,
    requests: 900,
    in_flight: 1,
    last_second: 12,
    rps: 12.3,
    success_rate: 85,
    error_rate: 15,
    latency_p95_ms: 0.42,
    execution_p95_ms: 0.4,
    adversarial_block_rate: 100,
    benign_over_block_rate: 0.5,
    health: 80,
    run_success_rate: 95,
    alerts: [],
    firing: 1,
    pending: 2,
    running: true,
  };
  const plain = formatLiveStatus(tick, 200, createColors(false));
  assert.equal(
    plain,
    "1m 15s  900 req  12.3 req/s  success 85.0%  p95 0.420ms  adv. blocked 100.0%  " +
      "benign over-blocked 0.5%  1 firing",
  );
  const narrow = formatLiveStatus(tick, 40, createColors(false));
  assert.equal(narrow.length, 39);
  assert.ok(narrow.endsWith("…"));
  const coloured = formatLiveStatus(tick, 200, createColors(true));
  assert.ok(coloured.includes("\x1b[31m1 firing"), coloured);
  assert.ok(coloured.includes("success \x1b[31m85.0%"), coloured);
});

Deno.test("formatRunSummary() names the file and how to reproduce the run", () => {
  const stats = new Stats();
  const stream = createRecordStream({ seed: 4 });
  for (let i = 0; i < 100; i++) stats.add(stream.next());
  const text = formatRunSummary({
    file: "m.json",
    seed: 42,
    elapsedMs: 10_000,
    run: stats.summary(),
    reports: 1,
    level: 1,
  });
  const lines = text.split("\n");
  assert.equal(lines.length, 6);
  assert.equal(
    lines[0],
    "Run finished: 100 requests in 10s (10.0 req/s), 1 report(s), final load level 1",
  );
  assert.equal(lines[5], "Metrics: m.json (seed 42; reproduce with --seed 42)");
});
