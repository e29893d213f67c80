/**
 * One or several metrics files (simulator instances or runs) seen as one
 * dataset: each file's reports and hourly rollups placed on a single
 * timeline, with duplicates (the same window found in two files) dropped so
 * that merging stays exact. The files are folded into the analyses one at a
 * time (`dataset_fold.ts`); this module gives a file's entries and the
 * dataset held in memory.
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

/**
 * Sources held in memory (tests, one file's verdict). The visualizer reads
 * its sources one at a time instead; both are folded by
 * `dataset_fold.ts`.
 */
export interface Dataset {
  /** The files, in the order given. */
  sources: MetricsSource[];
}

/** The dataset of one or more files held in memory. */
export function buildDataset(sources: readonly MetricsSource[]): Dataset {
  return { sources: [...sources] };
}

/**
 * One file's reports and rollups on the timeline, ordered by end time: those
 * whose window `seen` already holds (another file held the same window)
 * dropped and counted, the others' keys added to `seen`.
 */
export function sourceEntries(
  doc: MetricsDocument,
  source: number,
  seen: Set<string>,
): { entries: TimelineEntry[]; duplicates: number } {
  const entries: TimelineEntry[] = [];
  let duplicates = 0;
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
    entries.push(entryOf(report, source));
  }
  entries.sort((a, b) => a.end - b.end || a.report.id - b.report.id);
  return { entries, duplicates };
}

function entryOf(report: Report, source: number): TimelineEntry {
  const start = Date.parse(report.started_at);
  const end = Date.parse(report.ended_at);
  return {
    source,
    report,
    start: Number.isFinite(start) ? start : end,
    end: Number.isFinite(end) ? end : start,
  };
}

/** The newest report end of a file on the timeline, epoch ms (-Infinity without reports). */
export function newestEnd(doc: MetricsDocument): number {
  let newest = -Infinity;
  for (const report of [...doc.rollups, ...doc.reports]) {
    newest = Math.max(newest, entryOf(report, 0).end);
  }
  return newest;
}
