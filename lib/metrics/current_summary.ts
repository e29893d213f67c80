/**
 * The current state of a metrics document: its latest report window, or
 * the cumulative totals before the first report. Gauges, health scores and
 * views that describe "now" read this.
 *
 * @module
 */
import type { MetricsDocument } from "../model/metrics_document.ts";
import type { Summary } from "../model/stats_data.ts";

/** The summary of the latest report, or of the totals before the first one. */
export function currentSummary(doc: MetricsDocument): Summary {
  return doc.reports.at(-1) ?? doc.cumulative;
}
