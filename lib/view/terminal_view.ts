/**
 * Turns what the source returned into what a dashboard frame shows: alert
 * states (stale-file alert included), health and Apdex of the latest report,
 * and with a source of several shards one summary row per shard. Pure: the clock and the rules are arguments.
 *
 * @module
 */
import { type AlertState, documentAlerts, staleness } from "../alerts/evaluate.ts";
import { apdex, DEFAULT_APDEX_T_MS, healthScore } from "../alerts/health.ts";
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";
import type { DashboardProblem, DashboardView, ShardView } from "../render/dashboard_frame.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";
import { type SourcePart, type SourceResult, WAITING_HINT } from "../store/metrics_source.ts";

/** Settings of a dashboard view. */
export interface ViewOptions {
  /** File path or URL shown. */
  source: string;
  /** Frame time. */
  now: Date;
  /** Refresh interval, s. @default {10} */
  intervalS?: number;
  /** Live view or one frame. @default {true} */
  interactive?: boolean;
  /** Alert rules. @default {DEFAULT_RULES} */
  rules?: readonly AlertRule[];
  /** Apdex threshold T, ms. @default {5} */
  apdexTMs?: number;
}

/** A good read: the document shown and, for a source of several shards, its parts. */
export type GoodRead = Extract<SourceResult, { kind: "ok" }>;

/**
 * Builds the view of a read result. `previous` is the last good read (or
 * just its document): after a failed read it stays on screen, shard rows
 * included, with the error as a notice.
 */
export function buildDashboardView(
  result: SourceResult,
  previous: GoodRead | MetricsDocument | null,
  options: ViewOptions,
): DashboardView {
  const last: GoodRead | null = previous === null
    ? null
    : "kind" in previous
    ? previous
    : { kind: "ok", doc: previous };
  const shown = result.kind === "ok" ? result : result.kind === "error" ? last : null;
  const doc = shown?.doc ?? null;
  let problem: DashboardProblem | null = result.kind === "ok" ? null : {
    kind: result.kind,
    message: result.message,
    hint: result.kind === "waiting" ? result.hint : "",
  };
  if (doc !== null && doc.reports.length === 0 && problem === null) {
    const st = doc.status;
    problem = {
      kind: "waiting",
      message:
        `The simulator is ${st.state} with ${st.requests} requests so far and has written no report yet`,
      hint: WAITING_HINT,
    };
  }
  const base = {
    source: options.source,
    now: options.now,
    interval_s: options.intervalS ?? 10,
    interactive: options.interactive ?? true,
    problem,
  };
  const report = doc?.reports.at(-1);
  if (doc === null || report === undefined) {
    return { ...base, doc, alerts: [], health: null, apdex: null, staleness: null };
  }
  const rules = options.rules ?? DEFAULT_RULES;
  const alerts: AlertState[] = documentAlerts(doc, options.now, rules);
  const parts = shown?.parts ?? [];
  return {
    ...base,
    ...(parts.length > 1
      ? { shards: parts.map((part) => shardView(part, options.now, rules)) }
      : {}),
    doc,
    alerts,
    health: healthScore(report),
    apdex: apdex(
      report.stats.latency,
      options.apdexTMs ?? DEFAULT_APDEX_T_MS,
      report.failed_requests,
    ),
    staleness: staleness(doc, options.now),
  };
}

/** One shard's row: its state, total requests, and the figures of its latest report. */
export function shardView(
  part: SourcePart,
  now: Date,
  rules: readonly AlertRule[] = DEFAULT_RULES,
): ShardView {
  const doc = part.doc;
  const s = staleness(doc, now);
  const report = doc.reports.at(-1);
  const answered = report !== undefined && report.total_requests > 0;
  const firing = documentAlerts(doc, now, rules).filter((a) => a.status === "firing");
  return {
    label: part.label,
    state: s.stale ? "stale" : doc.status.state,
    age_s: Math.round(s.age_s),
    requests: doc.cumulative.total_requests,
    approved_rate: report?.approval_path.approved_rate ?? null,
    adversarial_block_rate: report?.adversarial_block_rate ?? null,
    latency_p95_ms: answered ? report.latency.p95 : null,
    health: report === undefined ? null : healthScore(report),
    firing: firing.length,
    firing_high: firing.some((a) => a.severity === "HIGH"),
  };
}
