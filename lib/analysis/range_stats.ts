/**
 * Exact aggregates over a range of reports: histograms merged, never
 * percentiles averaged.
 *
 * @module
 */
import { type MergedParts, mergeParts } from "../metrics/merge_reports.ts";
import type { Report } from "../model/metrics_document.ts";

/** Merged aggregates of a range: whole, per category and per family. */
export type RangeStats = MergedParts;

/** Merges the stats of `reports`: whole, per category and (if kept) per family. */
export function mergeRangeStats(reports: readonly Report[]): RangeStats {
  return mergeParts(reports);
}
