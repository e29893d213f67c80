/**
 * What the simulator prints: a one-line status per report, a progress bar on
 * a terminal when the run is bounded, and a short summary at the end. Pure
 * string functions; the entry script decides where they go.
 *
 * @module
 */
import { formatDuration } from "../fmt/duration.ts";
import type { Report } from "../model/metrics_document.ts";
import type { Summary } from "../model/stats_data.ts";

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

/** One line per report, for logs and non-terminal output. */
export function formatReportLine(report: Report): string {
  return [
    `report #${report.id}${report.kind === "final" ? " (final)" : ""}`,
    `${report.total_requests} req`,
    `${report.throughput_rps.toFixed(1)} req/s`,
    `success ${formatPercent(report.success_rate)}`,
    `errors ${formatPercent(report.error_rate)}`,
    `avg ${formatMs(report.execution_time.average)}`,
    `p95 ${formatMs(report.execution_time.p95)}`,
    `pre-val pass ${formatPercent(report.pre_validation.pass_rate)}`,
    `approved ${formatPercent(report.approval_path.approved_rate)}`,
    `adv. blocked ${formatPercent(report.adversarial_block_rate)}`,
    `level ${report.load_level} (${report.interval_ms.min}-${report.interval_ms.max}ms)`,
  ].join("  ");
}

/** State shown by the progress bar. */
export interface Progress {
  /** Requests completed. */
  completed: number;
  /** Requests planned. */
  total: number;
  /** Milliseconds since the start. */
  elapsedMs: number;
  /** Success rate so far, percent. */
  successRate: number | null;
  /** Terminal width. */
  width: number;
}

/** A one-line progress bar: bar, count, percent, rate, ETA and success rate. */
export function formatProgress(p: Progress): string {
  const fraction = p.total > 0 ? Math.min(1, p.completed / p.total) : 0;
  const rate = p.elapsedMs > 0 ? (p.completed * 1000) / p.elapsedMs : 0;
  const etaMs = rate > 0 ? ((p.total - p.completed) / rate) * 1000 : NaN;
  const tail = ` ${p.completed}/${p.total} ${(fraction * 100).toFixed(0)}% ${
    rate.toFixed(0)
  } req/s ETA ${Number.isFinite(etaMs) ? formatDuration(etaMs) : "-"} success ${
    formatPercent(p.successRate)
  }`;
  const barWidth = Math.max(10, Math.min(40, p.width - tail.length - 2));
  const filled = Math.round(fraction * barWidth);
  return `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}]${tail}`;
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
