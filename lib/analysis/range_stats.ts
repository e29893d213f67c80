/**
 * Exact aggregates over a range of reports: histograms merged, never
 * percentiles averaged.
 *
 * @module
 */
import type { MergedParts } from "../metrics/merge_reports.ts";

/** Merged aggregates of a range: whole, per category and per family. */
export type RangeStats = MergedParts;
