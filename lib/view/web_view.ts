/**
 * The compact, display-ready form of a metrics document that the web
 * dashboard reads from the event stream: one chart point per report, the
 * current totals, the category table, the health score, Apdex, alerts,
 * recent errors and, for a store of several shards, one row per shard.
 * Built once per report and shared by every connected page.
 *
 * @module
 */
import { CATEGORIES, type Category } from "../model/category.ts";
import { summarizeStats } from "../metrics/stats.ts";
import type { Summary } from "../model/stats_data.ts";
import type { MetricsDocument, Report } from "../model/metrics_document.ts";
import { type AlertState, staleness } from "../alerts/evaluate.ts";
import { type Apdex, apdex, type Health, healthScore } from "../alerts/health.ts";
import type { ShardView } from "../render/dashboard_frame.ts";
import { currentSummary, type ShardMetrics } from "../server/prometheus.ts";

/** Most chart points a snapshot carries. */
export const MAX_POINTS = 500;

/** Most error samples a view carries, newest first. */
export const MAX_ERRORS = 20;

/** One chart point: the figures of one report. */
export interface DashboardPoint {
  /** Report id. */
  id: number;
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
  /** Requests routed to clarification. */
  clarification: number;
  /** Requests blocked. */
  blocked: number;
  /** Requests failed. */
  failed: number;
}

/** One row of the category table (cumulative). */
export interface CategoryRow {
  /** Category name. */
  category: Category;
  /** Requests completed. */
  requests: number;
  /** Success rate, percent. */
  success_rate: number | null;
  /** Average execution time, ms. */
  avg_ms: number;
  /** Execution time 95th percentile, ms. */
  p95_ms: number;
  /** Mean confidence. */
  confidence_mean: number | null;
  /** Outcome approved, percent of answered. */
  approved_rate: number | null;
  /** Outcome clarification, percent of answered. */
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
 * One row of the shard table: the terminal dashboard's shard row (label
 * untrusted: the page renders it as text only), with what the page needs to
 * tell a shard gone quiet since the row was built.
 */
export interface ShardRow extends ShardView {
  /** ISO time of the shard's last write. */
  updated_at: string;
  /** Seconds without a write after which a running shard is stale. */
  stale_after_s: number;
}

/** Everything the page shows besides the chart history. */
export interface DashboardView {
  /** Status block of the document. */
  status: MetricsDocument["status"];
  /** Cumulative totals. */
  totals: Summary;
  /** The latest report's point, null before the first report. */
  point: DashboardPoint | null;
  /** Health score of the latest report window. */
  health: Health | null;
  /** Apdex of the latest report window's execution time. */
  apdex: Apdex | null;
  /** Alert states, firing first. */
  alerts: AlertState[];
  /** Category table. */
  categories: CategoryRow[];
  /** Recent errors, newest first. */
  errors: ErrorRow[];
  /** One row per shard, in store order, when the document merges several. */
  shards?: ShardRow[];
}

/** What a page needs to start: the chart history and the current view. */
export interface DashboardSnapshot {
  /** Chart points, oldest first. */
  points: DashboardPoint[];
  /** Current view. */
  view: DashboardView;
}

/** The chart point of one report. */
export function pointOf(report: Report): DashboardPoint {
  return {
    id: report.id,
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
export function pointsOf(doc: MetricsDocument, max = MAX_POINTS): DashboardPoint[] {
  return doc.reports.slice(-max).map(pointOf);
}

const STATUS_ORDER = { firing: 0, pending: 1, resolved: 2, ok: 3 } as const;

/** The shard table row of a shard and its terminal row computed at `now`. */
export function shardRow(shard: ShardMetrics, now: Date): ShardRow {
  const status = shard.part.doc.status;
  return {
    ...shard.view,
    updated_at: status.updated_at,
    stale_after_s: staleness(shard.part.doc, now).limit_s,
  };
}

/** Builds the view of a document with the alert states computed for it (and its shard rows). */
export function dashboardView(
  doc: MetricsDocument,
  alerts: readonly AlertState[],
  shards?: readonly ShardRow[],
): DashboardView {
  const latest = doc.reports.at(-1);
  const current = currentSummary(doc);
  const window = latest?.stats ?? doc.cumulative.stats;
  const { stats: _s, categories: _c, families: _f, ...totals } = doc.cumulative;
  return {
    status: doc.status,
    totals,
    point: latest === undefined ? null : pointOf(latest),
    health: healthScore(current),
    apdex: window.total_requests > 0
      ? apdex(window.execution_time, undefined, window.failed_requests)
      : null,
    alerts: alerts.slice().sort((a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.severity === b.severity ? 0 : a.severity === "HIGH" ? -1 : 1)
    ),
    categories: categoryRows(doc),
    errors: doc.errors.slice(-MAX_ERRORS).reverse().map((e) => ({
      at: e.at,
      category: e.category,
      family: e.family,
      type: e.type,
      message: e.message,
      input_preview: e.input_preview,
    })),
    ...(shards === undefined ? {} : { shards: shards.slice() }),
  };
}

function categoryRows(doc: MetricsDocument): CategoryRow[] {
  const rows: CategoryRow[] = [];
  for (const category of CATEGORIES) {
    const data = doc.cumulative.categories[category];
    if (data === undefined || data.total_requests === 0) continue;
    const s = summarizeStats(data);
    const answered = s.successful_requests;
    const share = (n: number) => answered > 0 ? Math.round((10000 * n) / answered) / 100 : null;
    rows.push({
      category,
      requests: s.total_requests,
      success_rate: s.success_rate,
      avg_ms: s.execution_time.average,
      p95_ms: s.execution_time.p95,
      confidence_mean: s.confidence.mean,
      approved_rate: share(s.outcomes.approved),
      clarification_rate: share(s.outcomes.clarification),
      blocked_rate: share(s.outcomes.blocked),
    });
  }
  return rows;
}
