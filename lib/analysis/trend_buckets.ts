/**
 * The points of a trend, folded as reports arrive: reports are merged into
 * time cells as they come, one source after another, and the cells into the
 * trend's buckets once the range is known. Bucket widths divide each other
 * (a minute, 5, 15 and 30 minutes, an hour, and whole hours once the range
 * spans more than six hours), so cells as wide as the narrowest bucket the
 * range so far allows merge exactly into the final ones. Memory grows with
 * the span of the range in hours, not with the number of sources or
 * reports.
 *
 * @module
 */
import { ReportFold } from "../metrics/merge_reports.ts";
import type { Report } from "../model/metrics_document.ts";
import type { TimelineEntry } from "./metrics_dataset.ts";

/** Most points a trend shows before reports are merged into time buckets. */
export const MAX_TREND_POINTS = 60;

/** A range longer than this is rolled up per hour (or coarser), seconds. */
export const HOURLY_AFTER_S = 6 * 3600;

/** Bucket widths tried for shorter ranges, seconds. */
const WIDTHS = [60, 300, 900, 1800, 3600];

/** One point of a trend. */
export interface TrendPoint {
  /** ISO start of the point's window. */
  start: string;
  /** ISO end of the point's window. */
  end: string;
  /** The report, or the exact merge of the reports in the bucket. */
  report: Report;
  /** Reports merged into the point. */
  reports: number;
}

/** The points of a range. */
export interface TrendPoints {
  /** Bucket width in seconds, or null for one point per report. */
  bucket_s: number | null;
  /** Points, oldest first. */
  points: TrendPoint[];
}

/** The reports of one time cell, merged as they arrive. */
interface Cell {
  fold: ReportFold;
  /** The only report of the cell, while it has one. */
  only: Report | null;
  count: number;
  sources: Set<number>;
  start: number;
  end: number;
  /** The cell's last entry in timeline order (its load level and interval are the point's). */
  last: Last;
}

/** What a cell keeps of its last entry. */
interface Last {
  end: number;
  source: number;
  id: number;
  report: Pick<Report, "load_level" | "interval_ms">;
}

function lastOf(e: TimelineEntry): Last {
  const { load_level, interval_ms } = e.report;
  return { end: e.end, source: e.source, id: e.report.id, report: { load_level, interval_ms } };
}

/**
 * Folds the entries of a range into trend points. Call {@linkcode widen}
 * with the span the range will have before adding a source's entries, add
 * each entry of the range, then read {@linkcode points}.
 */
export class TrendBuckets {
  #cell = 60;
  #cells = new Map<number, Cell>();
  /** The entries themselves while there are few enough to be the points. */
  #few: TimelineEntry[] | null = [];
  #count = 0;
  #sources = new Set<number>();
  #durations: number[] = [];

  /**
   * Makes the cells as wide as the narrowest bucket a range spanning `span_s`
   * seconds can have (an hour past six hours), merging the cells already
   * made: a range only grows as sources are added, and each width divides
   * the wider ones, so the cells stay exact parts of the final buckets while
   * there are never many more of them than points.
   */
  widen(span_s: number): void {
    const span = Math.max(1, span_s);
    const width = span > HOURLY_AFTER_S
      ? 3600
      : WIDTHS.find((w) => span / w <= MAX_TREND_POINTS) ?? 3600;
    if (width <= this.#cell) return;
    const per = width / this.#cell;
    const cells = [...this.#cells].sort((a, b) => a[0] - b[0]);
    this.#cells = new Map();
    this.#cell = width;
    for (const [key, cell] of cells) {
      const into = this.#cells.get(Math.floor(key / per));
      if (into === undefined) this.#cells.set(Math.floor(key / per), cell);
      else absorbCell(into, cell);
    }
  }

  /** Adds one entry of the range (entries of a source in timeline order). */
  add(e: TimelineEntry): void {
    this.#count++;
    this.#sources.add(e.source);
    this.#durations.push((e.end - e.start) / 1000);
    if (this.#few !== null) {
      this.#few.push(e);
      if (this.#few.length > MAX_TREND_POINTS) this.#few = null;
    }
    const key = Math.floor((e.start + e.end) / 2 / 1000 / this.#cell);
    const cell = this.#cells.get(key);
    if (cell === undefined) {
      const fold = new ReportFold();
      fold.add(e.report);
      this.#cells.set(key, {
        fold,
        only: e.report,
        count: 1,
        sources: new Set([e.source]),
        start: e.start,
        end: e.end,
        last: lastOf(e),
      });
      return;
    }
    cell.fold.add(e.report);
    cell.only = null;
    cell.count++;
    cell.sources.add(e.source);
    cell.start = Math.min(cell.start, e.start);
    cell.end = Math.max(cell.end, e.end);
    const last = lastOf(e);
    if (later(last, cell.last)) cell.last = last;
  }

  /**
   * The points of the range from `from` to `to` (epoch ms): each report of a
   * single file while there are at most {@linkcode MAX_TREND_POINTS}, else
   * reports merged into time buckets (hourly, or coarser, on ranges longer
   * than six hours). Several files are always bucketed so that concurrent
   * windows merge into one point.
   */
  points(from: number | null, to: number | null): TrendPoints {
    if (this.#count === 0 || from === null || to === null) return { bucket_s: null, points: [] };
    if (this.#sources.size === 1 && this.#few !== null) {
      return {
        bucket_s: null,
        points: this.#few.map((e) => ({
          start: e.report.started_at,
          end: e.report.ended_at,
          report: e.report,
          reports: 1,
        })),
      };
    }
    const width = this.#width(from, to);
    const per = width / this.#cell;
    const buckets = new Map<number, Cell[]>();
    for (const [key, cell] of [...this.#cells].sort((a, b) => a[0] - b[0])) {
      const k = Math.floor(key / per);
      const list = buckets.get(k);
      if (list === undefined) buckets.set(k, [cell]);
      else list.push(cell);
    }
    const points = [...buckets.keys()].sort((a, b) => a - b).map((key, i) => {
      const cells = buckets.get(key)!;
      const cell = cells[0]!;
      for (const other of cells.slice(1)) absorbCell(cell, other);
      const report = cell.only ?? cell.fold.result({
        id: i + 1,
        load_level: cell.last.report.load_level,
        interval_ms: { ...cell.last.report.interval_ms },
        ...(cell.sources.size > 1 && cell.end > cell.start
          ? { duration_s: (cell.end - cell.start) / 1000 }
          : {}),
      });
      return { start: report.started_at, end: report.ended_at, report, reports: cell.count };
    });
    return { bucket_s: width, points };
  }

  #width(from: number, to: number): number {
    const span = Math.max(1, (to - from) / 1000);
    const durations = this.#durations.filter((d) => d > 0).sort((a, b) => a - b);
    const median = durations[Math.floor(durations.length / 2)] ?? 0;
    if (span > HOURLY_AFTER_S) {
      return 3600 * Math.max(1, Math.ceil(span / 3600 / MAX_TREND_POINTS));
    }
    for (const w of WIDTHS) {
      if (w >= median && span / w <= MAX_TREND_POINTS) return w;
    }
    return 3600;
  }
}

/** Whether `a` comes after `b` on the timeline (end, then source, then id). */
function later(a: Last, b: Last): boolean {
  return a.end > b.end ||
    (a.end === b.end && (a.source > b.source || (a.source === b.source && a.id >= b.id)));
}

/** Adds the reports of cell `b` to cell `a`. */
function absorbCell(a: Cell, b: Cell): void {
  a.fold.absorb(b.fold);
  a.only = null;
  a.count += b.count;
  for (const s of b.sources) a.sources.add(s);
  a.start = Math.min(a.start, b.start);
  a.end = Math.max(a.end, b.end);
  if (later(b.last, a.last)) a.last = b.last;
}
