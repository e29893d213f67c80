/**
 * Keeps the metrics file bounded on long runs. Three tiers:
 *
 * - the newest `maxFamilyReports` reports keep everything, per-family
 *   aggregates included (a report with ~45 families is ~80 KB of JSON, four
 *   fifths of it per-family histograms);
 * - older reports, up to `maxReports`, keep the whole and per-category
 *   aggregates (~17 KB) but drop the per-family ones;
 * - older still, reports are merged exactly into hourly rollups (whole and
 *   per category, ~25 KB each), and the oldest rollups beyond `maxRollups`
 *   into one coarser rollup.
 *
 * At the fastest load level (a report every 500 requests, ~3,000 a day) a
 * 24-hour file stays near 5 MB and a week-long one under 10 MB. The
 * cumulative totals, per-family ones included, are never touched, so
 * nothing counted is lost.
 *
 * @module
 */
import { mergeReports } from "./merge_reports.ts";
import type { MetricsDocument, Report } from "../model/metrics_document.ts";
import { freezeReport } from "./document.ts";

/** Default number of reports kept at full detail. */
export const DEFAULT_MAX_REPORTS = 200;

/** Default number of newest reports that keep per-family aggregates. */
export const DEFAULT_MAX_FAMILY_REPORTS = 10;

/** Default number of rollups kept: one per hour for a week. */
export const DEFAULT_MAX_ROLLUPS = 24 * 7;

/** How much history stays in the file. */
export interface RetentionOptions {
  /**
   * Reports kept at full detail; older ones are merged into hourly rollups.
   * @default {200}
   */
  maxReports?: number;
  /**
   * Rollups kept; the oldest beyond this are merged into one coarser rollup.
   * @default {168}
   */
  maxRollups?: number;
  /**
   * Newest reports that keep per-family aggregates; older reports and all
   * rollups keep only whole and per-category ones (per-family totals stay in
   * the cumulative block).
   * @default {10}
   */
  maxFamilyReports?: number;
}

const HOUR_MS = 3_600_000;

/**
 * Drops per-family aggregates from reports older than the newest
 * `maxFamilyReports`, moves the reports beyond the newest `maxReports` into
 * hourly rollups (one per run and UTC hour of the window start, kind
 * `rollup`, id of the first merged report, `merged_reports` counting them),
 * then merges the oldest rollups beyond `maxRollups` into one. Mutates `doc`
 * (the reports themselves are replaced, never changed: they stay frozen).
 */
export function applyRetention(doc: MetricsDocument, options: RetentionOptions = {}): void {
  const maxReports = options.maxReports ?? DEFAULT_MAX_REPORTS;
  const maxRollups = options.maxRollups ?? DEFAULT_MAX_ROLLUPS;
  if (!Number.isSafeInteger(maxReports) || maxReports < 0) {
    throw new RangeError(
      `Cannot apply retention as 'maxReports' must be an integer >= 0: current value is ${maxReports}`,
    );
  }
  if (!Number.isSafeInteger(maxRollups) || maxRollups < 1) {
    throw new RangeError(
      `Cannot apply retention as 'maxRollups' must be an integer >= 1: current value is ${maxRollups}`,
    );
  }
  const maxFamilyReports = options.maxFamilyReports ?? DEFAULT_MAX_FAMILY_REPORTS;
  if (!Number.isSafeInteger(maxFamilyReports) || maxFamilyReports < 0) {
    throw new RangeError(
      `Cannot apply retention as 'maxFamilyReports' must be an integer >= 0: current value is ${maxFamilyReports}`,
    );
  }
  const reports = doc.reports;
  for (let i = reports.length - maxFamilyReports - 1; i >= 0; i--) {
    const r = reports[i] as Report;
    if (Object.keys(r.families).length > 0) reports[i] = freezeReport({ ...r, families: {} });
  }
  const excess = doc.reports.length - maxReports;
  if (excess > 0) {
    const old = doc.reports.splice(0, excess).map((r) =>
      Object.keys(r.families).length === 0 ? r : freezeReport({ ...r, families: {} })
    );
    let group: Report[] = [];
    const flush = () => {
      if (group.length === 0) return;
      const last = doc.rollups.at(-1);
      const head = group[0] as Report;
      if (last !== undefined && sameBucket(last, head)) {
        doc.rollups[doc.rollups.length - 1] = freezeReport(mergeReports([last, ...group]));
      } else {
        doc.rollups.push(freezeReport(mergeReports(group)));
      }
      group = [];
    };
    for (const r of old) {
      const head = group[0];
      if (head !== undefined && !sameBucket(head, r)) flush();
      group.push(r);
    }
    flush();
  }
  const over = doc.rollups.length - maxRollups;
  if (over > 0) {
    const oldest = doc.rollups.slice(0, over + 1);
    doc.rollups.splice(0, over + 1, freezeReport(mergeReports(oldest)));
  }
}

function sameBucket(a: Report, b: Report): boolean {
  return a.run_id === b.run_id && hourOf(a.started_at) === hourOf(b.started_at);
}

function hourOf(iso: string): number {
  return Math.floor(Date.parse(iso) / HOUR_MS);
}
