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
} from "../alerts/evaluate.ts";
import { type Apdex, apdex, type Health, healthScore } from "../alerts/health.ts";
import { type AlertRule, DEFAULT_RULES, type Severity } from "../alerts/rules.ts";
import { type OutcomeRates, outcomeRates } from "../metrics/stats.ts";
import type { Summary } from "../model/stats_data.ts";
import type { FoldedDataset, FoldedSource, SourceState } from "./dataset_fold.ts";

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
   * Alert rules: the ones the dataset was folded with, which walked each
   * source's own reports.
   * @default {DEFAULT_RULES}
   */
  rules?: readonly AlertRule[];
}

/** Builds the summary of a folded range from its merged stats and trend points. */
export function analyzeSummary(dataset: FoldedDataset, options: SummaryOptions): SummaryAnalysis {
  const { range, merged } = dataset;
  const summary = merged.stats.summary();
  const rules = options.rules ?? DEFAULT_RULES;
  // One file: its reports in order; several files: the merged points, so
  // concurrent windows count as one.
  const oneFile = range.sources.length <= 1;
  const only = range.sources.length === 1 ? dataset.sources[range.sources[0]!] : undefined;
  const states = oneFile
    ? only?.alerts ?? evaluateAlerts([], rules)
    : evaluateAlerts(dataset.points.points.map((p) => p.report), rules);
  const alerts = states.filter((a) => a.status === "pending" || a.status === "firing");
  const several = dataset.sources.length > 1;
  const perSource: SourceBreakdown[] = [];
  dataset.sources.forEach((source, index) => {
    const { path, state, age_s } = source.state;
    const stale = source.stale;
    if (stale !== null) alerts.push({ ...stale, message: `${path}: ${stale.message}` });
    if (several) perSource.push(breakdown(index, path, state, age_s, source, rules));
  });
  const stats = merged.stats;
  // One file: requests over the reports' windows. Several files run side by
  // side: requests over the wall-clock span of the range.
  const wall = range.from !== null && range.to !== null ? (range.to - range.from) / 1000 : 0;
  const span = oneFile ? range.seconds : wall;
  const throughput = span > 0 ? Math.round((stats.total / span) * 100) / 100 : null;
  return {
    from: range.from === null ? null : new Date(range.from).toISOString(),
    to: range.to === null ? null : new Date(range.to).toISOString(),
    reports: range.reports,
    rollups: range.rollups,
    summary,
    outcomes: outcomeRates(summary),
    throughput_rps: throughput,
    confidence_bins: stats.confidence.bins.slice(),
    health: healthScore(summary),
    apdex: apdex(stats.latency.toData(), undefined, stats.failed),
    alerts,
    sources: dataset.sources.map((s) => s.state),
    load_levels: [...range.levels.entries()].sort((a, b) => a[0] - b[0]).map(([level, v]) => ({
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
  index: number,
  label: string,
  state: SourceState["state"],
  age_s: number,
  source: FoldedSource,
  rules: readonly AlertRule[],
): SourceBreakdown {
  const summary = source.stats.summary();
  const alerts = source.alerts.filter((a) => a.status === "pending" || a.status === "firing");
  if (source.stale !== null) alerts.push(source.stale);
  const any = summary.total_requests > 0;
  return {
    source: index,
    label,
    state,
    age_s,
    reports: source.reports,
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
