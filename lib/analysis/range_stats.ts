/**
 * Exact aggregates over a range of reports (histograms merged, never
 * percentiles averaged), and trend points merged from several reports.
 *
 * @module
 */
import { type MergedParts, mergeParts, mergeReports } from "../metrics/merge_reports.ts";
import type { Report } from "../model/metrics_document.ts";
import type { TimelineEntry } from "./metrics_dataset.ts";

/** Merged aggregates of a range: whole, per category and per family. */
export type RangeStats = MergedParts;

/** Merges the stats of `reports`: whole, per category and (if kept) per family. */
export function mergeRangeStats(reports: readonly Report[]): RangeStats {
  return mergeParts(reports);
}

/**
 * Merges consecutive or concurrent timeline entries into one report (a trend
 * point): stats merged exactly, window from the earliest start to the latest
 * end; when the entries come from several files running side by side, the
 * throughput is taken over that wall-clock span.
 */
export function mergeEntries(entries: readonly TimelineEntry[], id: number): Report {
  const first = entries[0];
  if (first === undefined) throw new RangeError("Cannot merge an empty list of reports");
  if (entries.length === 1) return first.report;
  const start = entries.reduce((m, e) => Math.min(m, e.start), Infinity);
  const end = entries.reduce((m, e) => Math.max(m, e.end), -Infinity);
  const concurrent = new Set(entries.map((e) => e.source)).size > 1;
  return mergeReports(entries.map((e) => e.report), {
    id,
    ...(concurrent && end > start ? { duration_s: (end - start) / 1000 } : {}),
  });
}
