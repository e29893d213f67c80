/**
 * One or several metrics files (simulator instances or runs) seen as one
 * dataset: every report and hourly rollup of every file on a single
 * timeline, with duplicates (the same window found in two files) dropped so
 * that merging stays exact.
 *
 * @module
 */
import type { ErrorSample, MetricsDocument, Report, RunEvent } from "../model/metrics_document.ts";

/** A metrics file as read. */
export interface MetricsSource {
  /** Path as given by the user. */
  path: string;
  /** The validated document. */
  doc: MetricsDocument;
}

/** One report of one file on the merged timeline. */
export interface TimelineEntry {
  /** Index of the file in {@linkcode Dataset.sources}. */
  source: number;
  /** The report (a rollup covers about an hour). */
  report: Report;
  /** Window start, epoch ms. */
  start: number;
  /** Window end, epoch ms. */
  end: number;
}

/** An error sample with the file it came from. */
export interface SourcedError extends ErrorSample {
  /** Index of the file. */
  source: number;
}

/** A run event with the file it came from. */
export interface SourcedEvent extends RunEvent {
  /** Index of the file. */
  source: number;
}

/** Everything the analyses read. */
export interface Dataset {
  /** The files, in the order given. */
  sources: MetricsSource[];
  /** Reports and rollups of every file, ordered by end time then file. */
  timeline: TimelineEntry[];
  /** Error samples of every file, oldest first. */
  errors: SourcedError[];
  /** Run events of every file, oldest first. */
  events: SourcedEvent[];
  /** Reports dropped because another file already held the same window. */
  duplicates: number;
}

/** Builds the merged dataset of one or more files. */
export function buildDataset(sources: readonly MetricsSource[]): Dataset {
  const timeline: TimelineEntry[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  sources.forEach(({ doc }, source) => {
    for (const report of [...doc.rollups, ...doc.reports]) {
      const key = [
        report.run_id,
        report.id,
        report.kind,
        report.seq_first,
        report.seq_last,
        report.started_at,
        report.ended_at,
        report.total_requests,
      ].join("\u0000");
      if (report.total_requests > 0 && seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      const start = Date.parse(report.started_at);
      const end = Date.parse(report.ended_at);
      timeline.push({
        source,
        report,
        start: Number.isFinite(start) ? start : end,
        end: Number.isFinite(end) ? end : start,
      });
    }
  });
  timeline.sort((a, b) => a.end - b.end || a.source - b.source || a.report.id - b.report.id);
  const errorKeys = new Set<string>();
  const errors: SourcedError[] = [];
  const events: SourcedEvent[] = [];
  sources.forEach(({ doc }, source) => {
    for (const e of doc.errors) {
      const key = `${e.run_id}\u0000${e.request_id}\u0000${e.seq}`;
      if (errorKeys.has(key)) continue;
      errorKeys.add(key);
      errors.push({ ...e, source });
    }
    for (const e of doc.events) events.push({ ...e, source });
  });
  errors.sort((a, b) => byTime(a.at, b.at));
  events.sort((a, b) => byTime(a.at, b.at));
  return { sources: [...sources], timeline, errors, events, duplicates };
}

function byTime(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return (Number.isFinite(ta) ? ta : 0) - (Number.isFinite(tb) ? tb : 0);
}
