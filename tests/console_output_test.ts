import assert from "node:assert/strict";
import {
  formatMs,
  formatPercent,
  formatProgress,
  formatReportLine,
  formatRunSummary,
} from "../lib/simulate/console_output.ts";
import { ReportWindow } from "../lib/metrics/report_window.ts";
import { Stats } from "../lib/metrics/stats.ts";
import { createRecordStream } from "./_builders.ts";

Deno.test("formatPercent() and formatMs() print compact figures", () => {
  assert.equal(formatPercent(null), "-");
  assert.equal(formatPercent(99.456), "99.5%");
  assert.equal(formatPercent(99.456, 2), "99.46%");
  assert.equal(formatMs(0.01234), "0.012ms");
  assert.equal(formatMs(4.5678), "4.57ms");
  assert.equal(formatMs(1234.5), "1235ms");
});

Deno.test("formatProgress() draws a bar with count, rate, ETA and success rate", () => {
  const line = formatProgress({
    completed: 250,
    total: 1000,
    elapsedMs: 2000,
    successRate: 99.2,
    width: 100,
  });
  assert.equal(
    line,
    "[##########..............................] 250/1000 25% 125 req/s ETA 6s success 99.2%",
  );
  const narrow = formatProgress({
    completed: 0,
    total: 10,
    elapsedMs: 0,
    successRate: null,
    width: 40,
  });
  assert.equal(narrow, "[..........] 0/10 0% 0 req/s ETA - success -");
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
  assert.ok(
    line.startsWith("report #7  500 req  10.0 req/s  success 100.0%  errors 0.0%  avg "),
    line,
  );
  assert.ok(line.endsWith("  level 2 (35-135ms)"), line);
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
