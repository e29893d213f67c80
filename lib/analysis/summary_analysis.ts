/**
 * The summary over a range: the merged summary with the product's field
 * names, throughput, the confidence histogram, health score, Apdex, active
 * alerts, and each file's run state (running, stopped or stale) and load
 * level.
 *
 * @module
 */
import { type AlertState, evaluateAlerts, staleAlert, staleness } from "../alerts/evaluate.ts";
import { type Apdex, apdex, type Health, healthScore } from "../alerts/health.ts";
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";
import type { Summary } from "../metrics/stats.ts";
import type { IntervalRange } from "../store/schema.ts";
import type { Dataset } from "./metrics_dataset.ts";
import type { RangeStats } from "./range_stats.ts";
import type { Range } from "./select_range.ts";
import type { TrendPoints } from "./trend_analysis.ts";

/** Run state of one file. */
export interface SourceState {
  /** Path as given. */
  path: string;
  /** `running`, `stopped`, or `stale` (running but no update for two report periods). */
  state: "running" | "stopped" | "stale";
  /** ISO time of the last write. */
  updated_at: string;
  /** Seconds since the last write. */
  age_s: number;
  /** Load level in the status block. */
  load_level: number;
  /** Interval range in force. */
  interval_ms: IntervalRange;
  /** Target in use. */
  target: string;
  /** Runs in the file with their seeds. */
  runs: { run_id: string; seed: number; started_at: string; ended_at: string | null }[];
  /** Reports at full detail in the file. */
  reports: number;
  /** Hourly rollups in the file. */
  rollups: number;
  /** Requests counted in the file's totals. */
  total_requests: number;
}

/** The summary analysis. */
export interface SummaryAnalysis {
  /** ISO start of the range, null when empty. */
  from: string | null;
  /** ISO end of the range, null when empty. */
  to: string | null;
  /** Reports in the range (rollups included). */
  reports: number;
  /** Hourly rollups among them. */
  rollups: number;
  /** The merged summary (percentiles from merged histograms). */
  summary: Summary;
  /** Requests per second over the reports' windows, null without time. */
  throughput_rps: number | null;
  /** Confidence counts in [0, 0.1), ..., [0.9, 1.0]. */
  confidence_bins: number[];
  /** Health score, null without requests. */
  health: Health | null;
  /** Apdex of latency (T = 5 ms, failures frustrated). */
  apdex: Apdex;
  /** Alerts pending or firing at the end of the range, stale files included. */
  alerts: AlertState[];
  /** Each file's state. */
  sources: SourceState[];
  /** Requests per load level in the range. */
  load_levels: { level: number; requests: number; reports: number }[];
}

/** Options for {@linkcode analyzeSummary}. */
export interface SummaryOptions {
  /** Current time, for staleness. */
  now: Date;
  /**
   * Alert rules.
   * @default {DEFAULT_RULES}
   */
  rules?: readonly AlertRule[];
}

/** Builds the summary of a range from its merged stats and trend points. */
export function analyzeSummary(
  dataset: Dataset,
  range: Range,
  merged: RangeStats,
  points: TrendPoints,
  options: SummaryOptions,
): SummaryAnalysis {
  const summary = merged.stats.summary();
  let seconds = 0;
  const levels = new Map<number, { requests: number; reports: number }>();
  for (const e of range.entries) {
    seconds += Math.max(0, e.report.duration_s);
    const l = levels.get(e.report.load_level) ?? { requests: 0, reports: 0 };
    l.requests += e.report.total_requests;
    l.reports++;
    levels.set(e.report.load_level, l);
  }
  const rules = options.rules ?? DEFAULT_RULES;
  // One file: its reports in order; several files: the merged points, so
  // concurrent windows count as one.
  const oneFile = new Set(range.entries.map((e) => e.source)).size <= 1;
  const sequence = oneFile
    ? range.entries.map((e) => e.report)
    : points.points.map((p) => p.report);
  const states = evaluateAlerts(sequence, rules);
  const alerts = states.filter((a) => a.status === "pending" || a.status === "firing");
  const sources = dataset.sources.map(({ path, doc }): SourceState => {
    const s = staleness(doc, options.now);
    if (s.stale) {
      const alert = staleAlert(doc, options.now);
      alerts.push({ ...alert, message: `${path}: ${alert.message}` });
    }
    return {
      path,
      state: s.stale ? "stale" : doc.status.state,
      updated_at: doc.status.updated_at,
      age_s: Math.round(s.age_s),
      load_level: doc.status.load_level,
      interval_ms: { ...doc.status.interval_ms },
      target: doc.status.target,
      runs: doc.runs.map((r) => ({
        run_id: r.run_id,
        seed: r.seed,
        started_at: r.started_at,
        ended_at: r.ended_at,
      })),
      reports: doc.reports.length,
      rollups: doc.rollups.length,
      total_requests: doc.cumulative.total_requests,
    };
  });
  const stats = merged.stats;
  // One file: requests over the reports' windows. Several files run side by
  // side: requests over the wall-clock span of the range.
  const wall = range.from !== null && range.to !== null ? (range.to - range.from) / 1000 : 0;
  const single = new Set(range.entries.map((e) => e.source)).size <= 1;
  const span = single ? seconds : wall;
  const throughput = span > 0 ? Math.round((stats.total / span) * 100) / 100 : null;
  return {
    from: range.from === null ? null : new Date(range.from).toISOString(),
    to: range.to === null ? null : new Date(range.to).toISOString(),
    reports: range.entries.length,
    rollups: range.entries.filter((e) => e.report.kind === "rollup").length,
    summary,
    throughput_rps: throughput,
    confidence_bins: stats.confidence.bins.slice(),
    health: healthScore(summary),
    apdex: apdex(stats.latency.toData(), undefined, stats.failed),
    alerts,
    sources,
    load_levels: [...levels.entries()].sort((a, b) => a[0] - b[0]).map(([level, v]) => ({
      level,
      ...v,
    })),
  };
}
