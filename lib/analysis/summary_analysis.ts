/**
 * The summary over a range: the merged summary with the product's field
 * names, throughput, the confidence histogram, health score, Apdex, active
 * alerts, each file's run state (running, stopped or stale) and load
 * level, and with several files (or store shards) the same key figures,
 * health and alerts for each of them alone, to spot the one misbehaving.
 *
 * @module
 */
import {
  type AlertState,
  type CheckResult,
  checkSummary,
  evaluateAlerts,
  staleAlert,
  staleness,
} from "../alerts/evaluate.ts";
import { type Apdex, apdex, type Health, healthScore } from "../alerts/health.ts";
import { type AlertRule, DEFAULT_RULES, type Severity } from "../alerts/rules.ts";
import { mergeStatsData } from "../metrics/merge_reports.ts";
import { type OutcomeRates, outcomeRates } from "../metrics/stats.ts";
import type { Summary } from "../model/stats_data.ts";
import type { IntervalRange, Report } from "../model/metrics_document.ts";
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

/** Key figures of one file (or store shard) over the range, for the per-source breakdown. */
export interface SourceBreakdown {
  /** Index of the source in the dataset (and in {@linkcode SummaryAnalysis.sources}). */
  source: number;
  /** Path or label as given (user input: sanitise before printing). */
  label: string;
  /** `running`, `stopped`, or `stale` (running but no update for two report periods). */
  state: "running" | "stopped" | "stale";
  /** Seconds since the source's last write. */
  age_s: number;
  /** Reports of this source in the range. */
  reports: number;
  /** Requests in the range. */
  requests: number;
  /** Success rate in percent, null without requests. */
  success_rate: number | null;
  /** Outcome approved, percent of answered requests. */
  approval_rate: number | null;
  /** Pre-validation pass rate, percent. */
  pre_validation_pass_rate: number | null;
  /** Adversarial requests not approved, percent. */
  adversarial_block_rate: number | null;
  /** Benign requests blocked, percent. */
  benign_over_block_rate: number | null;
  /** 95th percentile of latency, ms (null without requests). */
  latency_p95_ms: number | null;
  /** Health score of this source alone, null without requests. */
  health: Health | null;
  /** Alerts pending or firing for this source alone (its own reports), stale file included. */
  alerts: AlertState[];
  /** How many of `alerts` are firing. */
  firing: number;
  /**
   * Rules breached by this source's figures over the whole range, judged once as
   * the `--check` gate judges the merged range.
   */
  breaches: SourceBreach[];
  /**
   * Figures far off the merged view (see {@linkcode OFF_POINTS} and
   * {@linkcode OFF_P95_FACTOR}), by field name, e.g. `["adversarial_block_rate"]`.
   */
  off: OffField[];
}

/** A rule one source's range figures breach. */
export interface SourceBreach {
  /** Rule id. */
  rule_id: string;
  /** Priority. */
  severity: Severity;
  /** The value read. */
  value: number;
  /** What is wrong, in one line. */
  message: string;
}

/** A breach found by `checkSummary`, as the gate and the per-source rows report it. */
export function breachOf(b: CheckResult["breaches"][number]): SourceBreach {
  return { rule_id: b.rule.id, severity: b.rule.severity, value: b.value, message: b.message };
}

/** Figures of a {@linkcode SourceBreakdown} compared with the merged view. */
export type OffField =
  | "success_rate"
  | "approval_rate"
  | "pre_validation_pass_rate"
  | "adversarial_block_rate"
  | "benign_over_block_rate"
  | "latency_p95_ms";

/** A source's rate this many percentage points or more from the merged rate is off. */
export const OFF_POINTS = 10;

/**
 * A source's p95 latency this many times the merged one (or that fraction of
 * it), and at least 1 ms away from it, is off.
 */
export const OFF_P95_FACTOR = 2;

/** Fewer requests than this in a source's range: its figures are not compared. */
export const OFF_MIN_REQUESTS = 100;

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
  /** Outcome shares of answered requests (approved, clarification, blocked add up to 100 %). */
  outcomes: OutcomeRates;
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
  /** Each source's figures over the range; present only with more than one source. */
  per_source?: SourceBreakdown[];
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
  const several = dataset.sources.length > 1;
  const perSource: SourceBreakdown[] = [];
  const sources = dataset.sources.map(({ path, doc }, index): SourceState => {
    const s = staleness(doc, options.now);
    const stale = s.stale ? staleAlert(doc, options.now) : null;
    if (stale !== null) alerts.push({ ...stale, message: `${path}: ${stale.message}` });
    const state = s.stale ? "stale" : doc.status.state;
    if (several) {
      const own = range.entries.filter((e) => e.source === index).map((e) => e.report);
      perSource.push(breakdown(index, path, state, Math.round(s.age_s), own, rules, stale));
    }
    return {
      path,
      state,
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
    outcomes: outcomeRates(summary),
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
    ...(several
      ? { per_source: perSource.map((p) => ({ ...p, off: offFields(p, summary) })) }
      : {}),
  };
}

/**
 * One source's figures over its own reports in the range: merged exactly,
 * alerts walked over its reports in order (as a view of that file alone
 * would show them), plus its stale-file alert.
 */
function breakdown(
  source: number,
  label: string,
  state: SourceState["state"],
  age_s: number,
  reports: readonly Report[],
  rules: readonly AlertRule[],
  stale: AlertState | null,
): SourceBreakdown {
  const summary = mergeStatsData(reports.map((r) => r.stats)).summary();
  const alerts = evaluateAlerts(reports, rules).filter((a) =>
    a.status === "pending" || a.status === "firing"
  );
  if (stale !== null) alerts.push(stale);
  const any = summary.total_requests > 0;
  return {
    source,
    label,
    state,
    age_s,
    reports: reports.length,
    requests: summary.total_requests,
    success_rate: summary.success_rate,
    approval_rate: summary.approval_path.approved_rate,
    pre_validation_pass_rate: summary.pre_validation.pass_rate,
    adversarial_block_rate: summary.adversarial_block_rate,
    benign_over_block_rate: summary.benign_over_block_rate,
    latency_p95_ms: any ? summary.latency.p95 : null,
    health: healthScore(summary),
    alerts,
    firing: alerts.filter((a) => a.status === "firing").length,
    breaches: checkSummary(summary, rules).breaches.map(breachOf),
    off: [],
  };
}

/** The figures of `row` far off the merged `summary`; none below {@linkcode OFF_MIN_REQUESTS}. */
export function offFields(row: SourceBreakdown, summary: Summary): OffField[] {
  if (row.requests < OFF_MIN_REQUESTS) return [];
  const merged: Record<Exclude<OffField, "latency_p95_ms">, number | null> = {
    success_rate: summary.success_rate,
    approval_rate: summary.approval_path.approved_rate,
    pre_validation_pass_rate: summary.pre_validation.pass_rate,
    adversarial_block_rate: summary.adversarial_block_rate,
    benign_over_block_rate: summary.benign_over_block_rate,
  };
  const out: OffField[] = [];
  for (const [field, m] of Object.entries(merged) as [keyof typeof merged, number | null][]) {
    const v = row[field];
    if (v !== null && m !== null && Math.abs(v - m) >= OFF_POINTS) out.push(field);
  }
  const p95 = row.latency_p95_ms;
  const m95 = summary.total_requests > 0 ? summary.latency.p95 : null;
  if (
    p95 !== null && m95 !== null && m95 > 0 && Math.abs(p95 - m95) >= 1 &&
    (p95 >= OFF_P95_FACTOR * m95 || p95 * OFF_P95_FACTOR <= m95)
  ) out.push("latency_p95_ms");
  return out;
}
