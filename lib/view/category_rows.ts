/**
 * The one builder of category and family rows: the terminal dashboard, the
 * web dashboard (its JSON), the HTML report and the text report all draw the
 * rows built here, so a column means the same on every screen.
 *
 * What the columns mean:
 *
 * - **Time** is execution time: the target's service time for one request
 *   (`execution_time`), labelled "exec avg" and "p95 exec". Latency (from the
 *   intended send time to completion, queueing included) is not a category
 *   figure: every category waits in the same queue, so it says nothing about
 *   one category that the whole-run latency does not. Screens that show
 *   latency label it "latency" or "p95 lat".
 * - **Outcomes** are shares of answered requests: approved, clarification
 *   and blocked add up to 100 %. Clarification is a request routed to
 *   clarification and not blocked; a blocked request is its own outcome even
 *   when the Soul blocked it on the clarification route. The summaries use
 *   the same definition (`outcomeRates` in `metrics/stats.ts`).
 * - **Success** and **agreement** are shares of all requests, failures
 *   included.
 *
 * Every rate carries its 95 % Wilson interval; screens that show plain
 * percentages read its `rate`.
 *
 * @module
 */
import {
  analyzeCategories,
  type CategoryAnalysis,
  type CategoryFigures,
} from "../analysis/category_analysis.ts";
import { mergeParts } from "../metrics/merge_reports.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";

/**
 * One row of a category or family table, as every screen draws it: the
 * figures of the analysis with the time columns named for what they
 * measure.
 */
export interface CategoryRow extends Omit<CategoryFigures, "count" | "avg_ms" | "p95_ms"> {
  /** Requests completed, answered or failed. */
  requests: number;
  /** Mean execution time (target service time), ms: the "exec avg" column. */
  exec_avg_ms: number;
  /** 95th percentile of execution time (target service time), ms: the "p95 exec" column. */
  exec_p95_ms: number;
}

/** A category table, with the family table when asked for, and the figures shown under it. */
export interface CategoryTable extends Omit<CategoryAnalysis, "categories" | "families" | "total"> {
  /** One row per category present, in the product's category order. */
  categories: CategoryRow[];
  /** One row per family present, sorted by name, or null when not asked for. */
  families: CategoryRow[] | null;
  /** All requests. */
  total: CategoryRow;
}

/** Options for {@linkcode documentCategoryRows}. */
export interface DocumentCategoryOptions {
  /**
   * Add the family table (from the totals' per-family aggregates).
   * @default {false}
   */
  families?: boolean;
}

/** The rows of a category analysis (the visualizer's range). */
export function categoryRows(analysis: CategoryAnalysis): CategoryTable {
  return {
    ...analysis,
    categories: analysis.categories.map(rowOf),
    families: analysis.families === null ? null : analysis.families.map(rowOf),
    total: rowOf(analysis.total),
  };
}

/**
 * The rows of a document's totals since the file was created; a document
 * whose totals carry no per-category aggregate yet shows its latest report's.
 */
export function documentCategoryRows(
  doc: MetricsDocument,
  options: DocumentCategoryOptions = {},
): CategoryTable {
  const families = options.families ?? false;
  const cumulative = doc.cumulative;
  const latest = doc.reports.at(-1);
  const source = Object.keys(cumulative.categories).length === 0 && latest !== undefined
    ? latest
    : cumulative;
  const merged = mergeParts([{
    stats: source.stats,
    categories: source.categories,
    families: families ? source.families : {},
  }]);
  return categoryRows(analyzeCategories(merged, { families }));
}

function rowOf(figures: CategoryFigures): CategoryRow {
  const { count, avg_ms, p95_ms, ...rest } = figures;
  return { ...rest, requests: count, exec_avg_ms: avg_ms, exec_p95_ms: p95_ms };
}
