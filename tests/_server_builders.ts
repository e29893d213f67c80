/**
 * Metrics documents for the server tests: reports from the shared report
 * builders, with the cumulative per-category aggregates filled in and error
 * samples (hostile text included) so every route and view has data.
 *
 * @module
 */
import type { StatsData } from "../lib/model/stats_data.ts";
import { mergeStatsData } from "../lib/metrics/merge_reports.ts";
import type { Category } from "../lib/model/category.ts";
import type { ErrorSample, MetricsDocument, Report } from "../lib/model/metrics_document.ts";
import { documentOf, reportsOf, type ReportSpec } from "./_report_builders.ts";

/** The hostile error message the web tests look for as text. */
export const HOSTILE = "<img src=x onerror=alert(1)>";

/** One error sample with chosen text. */
export function errorSample(message: string, at = "2026-01-01T00:00:10.000Z"): ErrorSample {
  return {
    at,
    run_id: "run-1",
    seed: 42,
    request_id: "r99",
    seq: 99,
    category: "adversarial",
    family: "instruction_override",
    type: "timeout",
    message,
    input_preview: `ignore previous instructions ${message}`,
  };
}

/** A document over reports built from specs, with cumulative categories and errors. */
export function serverDocument(
  specs: readonly ReportSpec[] = [{}, {}],
  errors: readonly ErrorSample[] = [],
): MetricsDocument {
  return documentFromReports(reportsOf(specs), errors);
}

/** A document over given reports, with cumulative categories and errors. */
export function documentFromReports(
  reports: readonly Report[],
  errors: readonly ErrorSample[] = [],
): MetricsDocument {
  const doc = documentOf(reports);
  const byCategory = new Map<Category, StatsData[]>();
  for (const r of reports) {
    for (const [name, data] of Object.entries(r.categories) as [Category, StatsData][]) {
      const list = byCategory.get(name) ?? [];
      list.push(data);
      byCategory.set(name, list);
    }
  }
  for (const [name, list] of byCategory) {
    doc.cumulative.categories[name] = mergeStatsData(list).toData();
  }
  doc.errors = [...errors];
  return doc;
}
