/**
 * The web view model: the compact, display-ready form of a metrics document
 * that the web dashboard reads from the event stream. One chart point per
 * report, the current totals and their outcome shares, the category table
 * (rows from `category_rows.ts`, as plain percentages), the health score,
 * Apdex, alerts, recent errors and, for a store of several shards, one row
 * per shard. Built once per report and shared by every connected page.
 *
 * @module
 */
import { currentSummary } from "../metrics/current_summary.ts";
import { type OutcomeRates, outcomeRates } from "../metrics/stats.ts";
import type { Summary } from "../model/stats_data.ts";
import type { MetricsDocument, Report } from "../model/metrics_document.ts";
import type { AlertState } from "../alerts/evaluate.ts";
import { staleness } from "../alerts/evaluate.ts";
import { type Apdex, apdex, type Health, healthScore } from "../alerts/health.ts";
import { alertsByUrgency } from "./alert_order.ts";
import { safeText } from "../fmt/sanitize.ts";
import { type CategoryRow, documentCategoryRows } from "./category_rows.ts";
import type { ShardMetrics, ShardView } from "./shard_view.ts";
import type { LiveTick } from "./live_tick.ts";

/** Most chart points a snapshot carries. */
export const MAX_POINTS = 500;

/** Most error samples a view carries, newest first. */
export const MAX_ERRORS = 20;

/** One chart point: the figures of one report. */
export interface ChartPoint {
  /** Report id. */
  id: number;
  /** Run the report belongs to: charts break the line between two runs. */
  run_id: string;
  /** End of the report window, Unix seconds. */
  t: number;
  /** Completed requests per second. */
  throughput_rps: number;
  /** Success rate, percent. */
  success_rate: number | null;
  /** Error rate, percent. */
  error_rate: number | null;
  /** Execution time median, ms. */
  p50_ms: number;
  /** Execution time 95th percentile, ms. */
  p95_ms: number;
  /** Execution time 99th percentile, ms. */
  p99_ms: number;
  /** Mean confidence. */
  confidence_mean: number | null;
  /** Confidence standard deviation. */
  confidence_std: number | null;
  /** Requests approved. */
  approved: number;
  /** Requests routed to clarification and not blocked. */
  clarification: number;
  /** Requests blocked. */
  blocked: number;
  /** Requests failed. */
  failed: number;
}

/**
 * One row of the web category table (cumulative): a row of
 * {@linkcode CategoryRow} with its rates as plain percentages.
 */
export interface WebCategoryRow {
  /** Category name. */
  category: string;
  /** Requests completed. */
  requests: number;
  /** Success rate, percent of all requests. */
  success_rate: number | null;
  /** Mean execution time (target service time), ms. */
  exec_avg_ms: number;
  /** Execution time 95th percentile, ms ("p95 exec"). */
  exec_p95_ms: number;
  /** Mean confidence. */
  confidence_mean: number | null;
  /** Outcome approved, percent of answered. */
  approved_rate: number | null;
  /** Outcome clarification (routed to clarification, not blocked), percent of answered. */
  clarification_rate: number | null;
  /** Outcome blocked, percent of answered. */
  blocked_rate: number | null;
}

/** One recent failure, with untrusted text the page renders as text only. */
export interface ErrorRow {
  /** ISO time. */
  at: string;
  /** Category. */
  category: string;
  /** Family. */
  family: string;
  /** Error type. */
  type: string;
  /** Error message (untrusted). */
  message: string;
  /** Start of the input (untrusted). */
  input_preview: string;
}

/**
 * One row of the shard table: the shard's {@linkcode ShardView} (label
 * untrusted: the page renders it as text only), with what the page needs to
 * tell a shard gone quiet since the row was built.
 */
export interface ShardRow extends ShardView {
  /** ISO time of the shard's last write. */
  updated_at: string;
  /** Seconds without a write after which a running shard is stale. */
  stale_after_s: number;
}

/** Everything the web page shows besides the chart history. */
export interface WebView {
  /** Status block of the document. */
  status: MetricsDocument["status"];
  /** Cumulative totals. */
  totals: Summary;
  /** Outcome shares of the cumulative totals. */
  outcomes: OutcomeRates;
  /** The latest report's point, null before the first report. */
  point: ChartPoint | null;
  /** Health score of the latest report window. */
  health: Health | null;
  /** Apdex of the latest report window's execution time. */
  apdex: Apdex | null;
  /** Alert states, most urgent first. */
  alerts: AlertState[];
  /** Category table. */
  categories: WebCategoryRow[];
  /** Recent errors, newest first. */
  errors: ErrorRow[];
  /** One row per shard, in store order, when the document merges several. */
  shards?: ShardRow[];
}

/** What a page needs to start: the chart history and the current view. */
export interface WebSnapshot {
  /** Chart points, oldest first. */
  points: ChartPoint[];
  /** Current view. */
  view: WebView;
  /** The simulator's last ticks (up to 15 minutes, oldest first), when it serves them. */
  ticks?: LiveTick[];
}

/** The chart point of one report. */
export function pointOf(report: Report): ChartPoint {
  return {
    id: report.id,
    run_id: report.run_id,
    t: Date.parse(report.ended_at) / 1000,
    throughput_rps: report.throughput_rps,
    success_rate: report.success_rate,
    error_rate: report.error_rate,
    p50_ms: report.execution_time.p50,
    p95_ms: report.execution_time.p95,
    p99_ms: report.execution_time.p99,
    confidence_mean: report.confidence.mean,
    confidence_std: report.confidence.std_dev,
    approved: report.outcomes.approved,
    clarification: report.outcomes.clarification,
    blocked: report.outcomes.blocked,
    failed: report.failed_requests,
  };
}

/** The chart points of the document's most recent reports, oldest first. */
export function pointsOf(doc: MetricsDocument, max = MAX_POINTS): ChartPoint[] {
  return doc.reports.slice(-max).map(pointOf);
}

/** The shard table row of a shard and its row computed at `now`. */
export function shardRow(shard: ShardMetrics, now: Date): ShardRow {
  const status = shard.part.doc.status;
  return {
    ...shard.view,
    updated_at: status.updated_at,
    stale_after_s: staleness(shard.part.doc, now).limit_s,
  };
}

/** Builds the web view of a document with the alert states computed for it (and its shard rows). */
export function buildWebView(
  doc: MetricsDocument,
  alerts: readonly AlertState[],
  shards?: readonly ShardRow[],
): WebView {
  const latest = doc.reports.at(-1);
  const window = latest?.stats ?? doc.cumulative.stats;
  const { stats: _s, categories: _c, families: _f, ...totals } = doc.cumulative;
  return {
    status: doc.status,
    totals,
    outcomes: outcomeRates(totals),
    point: latest === undefined ? null : pointOf(latest),
    health: healthScore(currentSummary(doc)),
    apdex: window.total_requests > 0
      ? apdex(window.execution_time, undefined, window.failed_requests)
      : null,
    alerts: alertsByUrgency(alerts),
    categories: documentCategoryRows(doc).categories.map(webCategoryRow),
    errors: doc.errors.slice(-MAX_ERRORS).reverse().map((e) => ({
      at: e.at,
      // Untrusted text is marked as the terminal and the HTML report mark it.
      category: safeText(e.category, { maxLength: 64 }),
      family: safeText(e.family, { maxLength: 64 }),
      type: safeText(e.type, { maxLength: 64 }),
      message: safeText(e.message, { maxLength: 300 }),
      input_preview: safeText(e.input_preview, { maxLength: 160 }),
    })),
    ...(shards === undefined ? {} : { shards: shards.slice() }),
  };
}

function webCategoryRow(row: CategoryRow): WebCategoryRow {
  return {
    category: row.name,
    requests: row.requests,
    success_rate: row.success?.rate ?? null,
    exec_avg_ms: row.exec_avg_ms,
    exec_p95_ms: row.exec_p95_ms,
    confidence_mean: row.confidence_mean,
    approved_rate: row.approved?.rate ?? null,
    clarification_rate: row.clarification?.rate ?? null,
    blocked_rate: row.blocked?.rate ?? null,
  };
}
