/**
 * What the simulator prints: a start line, a one-line status per report, a
 * live status line redrawn each second on a terminal, and a short summary at
 * the end. Pure string functions; the entry script decides where they go.
 *
 * @module
 */
import { formatDuration } from "../fmt/duration.ts";
import type { Report } from "../model/metrics_document.ts";
import type { Summary } from "../model/stats_data.ts";
import type { LiveTick } from "../view/live_tick.ts";
import { type Colors, fitWidth } from "../render/ansi.ts";
import { liveAlertsText } from "../render/dashboard_frame.ts";

/** Formats a rate in percent, or `-` without data. */
export function formatPercent(value: number | null, digits = 1): string {
  return value === null ? "-" : `${value.toFixed(digits)}%`;
}

/** Formats milliseconds with sensible precision. */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)}ms`;
  if (ms >= 1) return `${ms.toFixed(2)}ms`;
  return `${ms.toFixed(3)}ms`;
}

/** Widest line the simulator prints (reports, status, verdict). */
export const MAX_LINE = 100;

/** One line per report, for logs and non-terminal output; at most {@linkcode MAX_LINE} columns. */
export function formatReportLine(report: Report): string {
  return [
    `#${report.id}${report.kind === "final" ? " final" : ""}`,
    `${report.total_requests} req`,
    `${report.throughput_rps.toFixed(1)}/s`,
    `ok ${formatPercent(report.success_rate)}`,
    `avg ${formatMs(report.execution_time.average)}`,
    `p95 ${formatMs(report.execution_time.p95)}`,
    `pre-val ${formatPercent(report.pre_validation.pass_rate)}`,
    `adv. blocked ${formatPercent(report.adversarial_block_rate)}`,
    `L${report.load_level}`,
  ].join("  ").slice(0, MAX_LINE);
}

/** Facts for the line printed as the run starts. */
export interface StartFacts {
  /** Target name. */
  target: string;
  /** Where the metrics go. */
  file: string;
  /** Seed. */
  seed: number;
  /** Gap between requests, ms. */
  intervalMs: { min: number; max: number };
  /** Stop after this many requests, or null. */
  maxRequests: number | null;
  /** Stop after this many seconds, or null. */
  durationS: number | null;
}

/** The line printed at once when traffic starts. */
export function formatStartLine(f: StartFacts): string {
  const pace = f.intervalMs.max === 0
    ? "as fast as possible"
    : `every ${f.intervalMs.min}-${f.intervalMs.max}ms`;
  const stop = [
    f.maxRequests === null ? "" : `${f.maxRequests} requests`,
    f.durationS === null ? "" : formatDuration(f.durationS * 1000),
  ].filter((x) => x !== "").join(" or ");
  return `Sending to ${f.target} ${pace}${stop === "" ? " until Ctrl+C" : ` for ${stop}`}` +
    ` -> ${f.file} (seed ${f.seed})`;
}

/** The one-line live status redrawn each second on a terminal, cut to `width` columns. */
export function formatLiveStatus(t: LiveTick, width: number, c: Colors): string {
  const clock = formatDuration(t.elapsed_s * 1000);
  const p95 = t.latency_p95_ms === null ? "-" : formatMs(t.latency_p95_ms);
  const success = t.success_rate === null ? "-" : formatPercent(t.success_rate);
  const parts = [
    clock,
    `${t.requests} req`,
    `${t.rps.toFixed(1)} req/s`,
    `success ${t.success_rate !== null && t.success_rate < 90 ? c.red(success) : success}`,
    `p95 ${p95}`,
    `adv. blocked ${formatPercent(t.adversarial_block_rate)}`,
    `benign over-blocked ${formatPercent(t.benign_over_block_rate)}`,
    liveAlertsText(t, c),
  ];
  return fitWidth(parts.join("  "), Math.max(20, width - 1));
}

/** Facts for the closing summary. */
export interface RunSummaryFacts {
  /** Metrics file path. */
  file: string;
  /** Seed of the run. */
  seed: number;
  /** Run duration, ms. */
  elapsedMs: number;
  /** Summary of this run's requests. */
  run: Summary;
  /** Reports this run wrote. */
  reports: number;
  /** Final load level. */
  level: number;
}

/** The short summary printed when a run ends. */
export function formatRunSummary(f: RunSummaryFacts): string {
  const s = f.run;
  const rate = f.elapsedMs > 0 ? (s.total_requests * 1000) / f.elapsedMs : 0;
  return [
    `Run finished: ${s.total_requests} requests in ${formatDuration(f.elapsedMs)} (${
      rate.toFixed(1)
    } req/s), ${f.reports} report(s), final load level ${f.level}`,
    `  success ${formatPercent(s.success_rate, 2)}  errors ${
      formatPercent(s.error_rate, 2)
    }  unhandled exceptions ${s.unhandled_exceptions}`,
    `  execution time avg ${formatMs(s.execution_time.average)}  p50 ${
      formatMs(s.execution_time.p50)
    }  p95 ${formatMs(s.execution_time.p95)}  p99 ${formatMs(s.execution_time.p99)}  max ${
      formatMs(s.execution_time.max)
    }`,
    `  confidence mean ${s.confidence.mean?.toFixed(3) ?? "-"}  std ${
      s.confidence.std_dev?.toFixed(3) ?? "-"
    }  pre-validation pass ${formatPercent(s.pre_validation.pass_rate)}`,
    `  approved ${formatPercent(s.approval_path.approved_rate)}  clarification ${
      formatPercent(s.approval_path.clarification_rate)
    }  adversarial blocked ${formatPercent(s.adversarial_block_rate)}  benign over-blocked ${
      formatPercent(s.benign_over_block_rate)
    }`,
    `Metrics: ${f.file} (seed ${f.seed}; reproduce with --seed ${f.seed})`,
  ].join("\n");
}
