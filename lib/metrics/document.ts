/**
 * Building a metrics document in memory: create it, append reports (the
 * cumulative totals are the exact merge of every report ever appended),
 * and keep bounded lists of error samples and run events.
 *
 * @module
 */
import { Stats } from "./stats.ts";
import { buildCumulative, mergeParts } from "./merge_reports.ts";
import {
  type Cumulative,
  type ErrorSample,
  type MetricsDocument,
  type Report,
  type RunEvent,
  type RunInfo,
  SCHEMA,
  SCHEMA_VERSION,
  type Status,
} from "../model/metrics_document.ts";

/** Default number of error samples kept. */
export const DEFAULT_MAX_ERRORS = 100;

/** Default number of run events kept. */
export const DEFAULT_MAX_EVENTS = 500;

/** Cumulative totals with nothing counted yet. */
export function emptyCumulative(): Cumulative {
  const stats = new Stats();
  return { ...stats.summary(), stats: stats.toData(), categories: {}, families: {} };
}

/** A new document for `run`: empty totals, no reports, no errors, no events. */
export function createDocument(run: RunInfo, status: Status): MetricsDocument {
  return {
    schema: SCHEMA,
    schema_version: SCHEMA_VERSION,
    runs: [run],
    status,
    cumulative: emptyCumulative(),
    reports: [],
    rollups: [],
    errors: [],
    events: [],
  };
}

/**
 * Appends a report and merges its stats, categories and families into the
 * cumulative totals (whose summary is derived again from the merged stats).
 * The report is deep-frozen: once in the file it never changes, which lets
 * `writeMetricsFile` reuse its JSON text on every later write.
 */
export function appendReport(doc: MetricsDocument, report: Report): void {
  pushReport(doc, report);
  doc.cumulative = buildCumulative(mergeParts([doc.cumulative, report]));
}

/**
 * Appends a report (deep-frozen) without touching the cumulative totals:
 * for a writer that keeps live totals (`lib/metrics/cumulative_totals.ts`) and sets
 * `doc.cumulative` itself before each write.
 */
export function pushReport(doc: MetricsDocument, report: Report): void {
  doc.reports.push(freezeReport(report));
}

/** Deep-freezes a report (its JSON text may then be cached by identity) and returns it. */
export function freezeReport(report: Report): Report {
  return deepFreeze(report);
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    // Histogram bins are long arrays of numbers: skip them element by element.
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null) deepFreeze(item);
    }
    return value;
  }
  for (const item of Object.values(value)) {
    if (typeof item === "object" && item !== null) deepFreeze(item);
  }
  return value;
}

/** The id the next appended report should carry (ids are contiguous across the file). */
export function nextReportId(doc: MetricsDocument): number {
  const last = doc.reports.at(-1) ?? doc.rollups.at(-1);
  return last === undefined ? 1 : last.id + Math.max(1, last.merged_reports);
}

/** Appends error samples, keeping the newest `max`. */
export function addErrorSamples(
  doc: MetricsDocument,
  samples: readonly ErrorSample[],
  max: number = DEFAULT_MAX_ERRORS,
): void {
  doc.errors.push(...samples);
  if (doc.errors.length > max) doc.errors.splice(0, doc.errors.length - max);
}

/** Appends a run event, keeping the newest `max`. */
export function addEvent(
  doc: MetricsDocument,
  event: RunEvent,
  max: number = DEFAULT_MAX_EVENTS,
): void {
  doc.events.push(event);
  if (doc.events.length > max) doc.events.splice(0, doc.events.length - max);
}
