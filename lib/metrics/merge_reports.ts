/**
 * Exact merging of reports and of whole metrics documents. Every aggregate
 * in a report is mergeable (counts, moments, log histograms), so a merged
 * report is the report of the union of the requests, with its summary
 * derived by {@linkcode buildReport} like any other report. Documents of
 * successive runs merge with {@linkcode mergeDocuments}; shards written side
 * by side with {@linkcode mergeConcurrentDocuments}, into time-aligned
 * windows.
 *
 * @module
 */
import type { Category } from "../model/category.ts";
import { Histogram } from "./histogram.ts";
import { type StatsData } from "../model/stats_data.ts";
import type { HistogramData } from "../model/histogram_data.ts";
import { Stats } from "./stats.ts";
import { buildReport, type ReportHeader } from "./report_window.ts";
import {
  type Cumulative,
  type ErrorSample,
  type MetricsDocument,
  type Report,
  type RunEvent,
  type RunInfo,
  SCHEMA,
  SCHEMA_VERSION,
} from "../model/metrics_document.ts";

/** Merged aggregates: whole, per category and per family. */
export interface MergedParts {
  /** Whole. */
  stats: Stats;
  /** Per category. */
  categories: Map<Category, Stats>;
  /** Per family, keyed `category/family`. */
  families: Map<string, Stats>;
}

/**
 * Folds aggregates one at a time into one exact accumulator: what
 * {@linkcode mergeStatsData} does over a list, without holding the list.
 * Empty aggregates are skipped, so an empty one of another histogram
 * accuracy never blocks a merge.
 */
export class StatsFold {
  #out: Stats | null = null;

  /** Adds the requests of one aggregate's JSON form. */
  add(item: StatsData): void {
    if (item.total_requests === 0 && item.execution_time.count === 0) return;
    if (this.#out === null) this.#out = Stats.fromData(item);
    else this.#out.mergeData(item);
  }

  /** Adds every request another fold holds (`other` is left as it was). */
  absorb(other: StatsFold): void {
    const o = other.#out;
    if (o === null) return;
    if (this.#out === null) this.#out = Stats.fromData(o.toData());
    else this.#out.merge(o);
  }

  /** The merged aggregate (the fold's own: add nothing after reading it). */
  result(): Stats {
    return this.#out ?? new Stats();
  }
}

/** Merges the JSON forms of several aggregates into one exact accumulator (see {@linkcode StatsFold}). */
export function mergeStatsData(items: Iterable<StatsData>): Stats {
  const fold = new StatsFold();
  for (const item of items) fold.add(item);
  return fold.result();
}

/** Folds whole, per-category and per-family aggregates one item at a time. */
export class PartsFold {
  #whole = new StatsFold();
  #categories = new Map<Category, StatsFold>();
  #families = new Map<string, StatsFold>();

  /** Adds one report's or one file's totals. */
  add(item: Pick<Cumulative, "stats" | "categories" | "families">): void {
    this.#whole.add(item.stats);
    for (const [name, data] of Object.entries(item.categories)) {
      if (data !== undefined) foldOf(this.#categories, name as Category).add(data);
    }
    for (const [name, data] of Object.entries(item.families)) {
      foldOf(this.#families, name).add(data);
    }
  }

  /** Adds everything another fold holds (`other` is left as it was). */
  absorb(other: PartsFold): void {
    this.#whole.absorb(other.#whole);
    for (const [name, f] of other.#categories) foldOf(this.#categories, name).absorb(f);
    for (const [name, f] of other.#families) foldOf(this.#families, name).absorb(f);
  }

  /** The merged aggregates. */
  result(): MergedParts {
    return {
      stats: this.#whole.result(),
      categories: new Map([...this.#categories].map(([k, v]) => [k, v.result()])),
      families: new Map([...this.#families].map(([k, v]) => [k, v.result()])),
    };
  }
}

function foldOf<K>(map: Map<K, StatsFold>, key: K): StatsFold {
  let fold = map.get(key);
  if (fold === undefined) map.set(key, fold = new StatsFold());
  return fold;
}

/** Merges whole, per-category and per-family aggregates of several reports or totals. */
export function mergeParts(
  items: Iterable<Pick<Cumulative, "stats" | "categories" | "families">>,
): MergedParts {
  const fold = new PartsFold();
  for (const item of items) fold.add(item);
  return fold.result();
}

/** The cumulative block for merged aggregates: summary derived from the merged stats. */
export function buildCumulative(parts: MergedParts): Cumulative {
  const categories: Cumulative["categories"] = {};
  for (const [name, s] of parts.categories) categories[name] = s.toData();
  const families: Cumulative["families"] = {};
  for (const [name, s] of parts.families) families[name] = s.toData();
  return { ...parts.stats.summary(), stats: parts.stats.toData(), categories, families };
}

/** The outer sequence and time range of reports folded, with their run and target. */
interface Span {
  seqFirst: number;
  seqLast: number;
  start: string;
  startMs: number;
  end: string;
  endMs: number;
  runId: string;
  target: string;
}

/**
 * Folds reports (in time order) one at a time into one exact report, as
 * {@linkcode mergeReports} does over a list: stats per whole, category and
 * family, the schedule lag histogram, late requests and durations are
 * summed.
 */
export class ReportFold {
  /** Of the first report: id and (for a window without lag) its lag histogram. */
  #first: { id: number; lag: HistogramData } | null = null;
  /** Of the last report: load level and interval. */
  #last: Pick<Report, "load_level" | "interval_ms"> | null = null;
  /** Outer sequence and time range, and the run and target (`mixed` once they differ). */
  #span: Span | null = null;
  #merged = 0;
  #duration = 0;
  #late = 0;
  #lag: Histogram | null = null;
  #parts = new PartsFold();

  /** Adds one report. */
  add(r: Report): void {
    this.#first ??= { id: r.id, lag: r.schedule_lag_histogram };
    this.#last = { load_level: r.load_level, interval_ms: r.interval_ms };
    this.#merged += r.merged_reports;
    this.#duration += r.duration_s;
    this.#late += r.late_requests;
    this.#widen({
      seqFirst: r.seq_first,
      seqLast: r.seq_last,
      start: r.started_at,
      startMs: Date.parse(r.started_at),
      end: r.ended_at,
      endMs: Date.parse(r.ended_at),
      runId: r.run_id,
      target: r.target,
    });
    const lag = r.schedule_lag_histogram;
    if (lag.count > 0) {
      this.#lag ??= new Histogram({ accuracy: lag.accuracy });
      this.#lag.mergeData(lag);
    }
    this.#parts.add(r);
  }

  /** Adds every report another fold holds, as if they came after this one's. */
  absorb(other: ReportFold): void {
    if (other.#first === null || other.#span === null) return;
    this.#first ??= other.#first;
    this.#last = other.#last;
    this.#merged += other.#merged;
    this.#duration += other.#duration;
    this.#late += other.#late;
    this.#widen(other.#span);
    if (other.#lag !== null) {
      this.#lag ??= new Histogram({ accuracy: other.#lag.accuracy });
      this.#lag.merge(other.#lag);
    }
    this.#parts.absorb(other.#parts);
  }

  /** Takes `s` into the span: the first one as it is, later ones widening it. */
  #widen(s: Span): void {
    const span = this.#span;
    if (span === null) {
      this.#span = { ...s };
      return;
    }
    if (s.seqFirst < span.seqFirst) span.seqFirst = s.seqFirst;
    if (s.seqLast > span.seqLast) span.seqLast = s.seqLast;
    if (s.startMs < span.startMs) [span.start, span.startMs] = [s.start, s.startMs];
    if (s.endMs > span.endMs) [span.end, span.endMs] = [s.end, s.endMs];
    if (s.runId !== span.runId) span.runId = "mixed";
    if (s.target !== span.target) span.target = "mixed";
  }

  /**
   * The merged report. The header defaults to: id of the first report, kind
   * `rollup`, the summed `merged_reports`, the outer time and sequence range,
   * `mixed` for a run id or target that differs, and the load level and
   * interval of the last report. `header` overrides any of it.
   */
  result(header: Partial<ReportHeader> = {}): Report {
    const first = this.#first;
    const last = this.#last;
    const span = this.#span;
    if (first === null || last === null || span === null) {
      throw new RangeError("Cannot merge reports: the list is empty");
    }
    return buildReport({
      id: first.id,
      run_id: span.runId,
      kind: "rollup",
      merged_reports: this.#merged,
      started_at: span.start,
      ended_at: span.end,
      duration_s: Math.round(this.#duration * 1000) / 1000,
      seq_first: span.seqFirst,
      seq_last: span.seqLast,
      target: span.target,
      load_level: last.load_level,
      interval_ms: { ...last.interval_ms },
      late_requests: this.#late,
      ...header,
    }, { ...this.#parts.result(), scheduleLag: this.#lag ?? Histogram.fromData(first.lag) });
  }
}

/**
 * Merges reports (in time order) into one exact report (see
 * {@linkcode ReportFold}); `header` overrides any field of the default
 * header.
 */
export function mergeReports(
  reports: readonly Report[],
  header: Partial<ReportHeader> = {},
): Report {
  const fold = new ReportFold();
  for (const r of reports) fold.add(r);
  return fold.result(header);
}

/**
 * Merges several metrics documents (simulator shards, or successive runs)
 * into one view: runs concatenated (a run found in two files is refused, as
 * it would be counted twice), rollups and reports
 * each ordered by end time and renumbered (rollups first, each covering
 * `merged_reports` ids), cumulative totals merged exactly, error samples
 * and events ordered by time. Status: `running` if any document is
 * running, otherwise that of the latest update, with requests and
 * in-flight counts summed. Reports are kept as they are, so this suits
 * files of successive runs; shards written side by side merge into
 * time-aligned windows with {@linkcode mergeConcurrentDocuments}.
 */
export function mergeDocuments(docs: readonly MetricsDocument[]): MetricsDocument {
  const byEnd = (a: Report, b: Report) => Date.parse(a.ended_at) - Date.parse(b.ended_at);
  return mergeDocumentsWith(docs, {
    rollups: docs.flatMap((d) => d.rollups).sort(byEnd),
    reports: docs.flatMap((d) => d.reports).sort(byEnd),
  });
}

/**
 * Merges the documents of shards written side by side (several simulators
 * into one store, or files of concurrent instances) into one view whose
 * report sequence is time-aligned, so that "the latest report", its health
 * and Apdex, and alert rules walking the reports see every shard rather
 * than whichever wrote last.
 *
 * Reports are cut into windows by {@linkcode alignReports}: ordered by end
 * time, a report joins the open window unless its shard is already in it
 * or it starts after the window ends; each window is the exact merge of
 * its reports ({@linkcode mergeConcurrentReports}). Shards reporting on the
 * same period (the usual case: the same `--report-seconds`) thus give one
 * report each per window whatever their phase, and timer jitter cannot put
 * two reports of one shard in a window or leave it out of one, which fixed
 * time buckets would. A shard reporting faster than the others sets the
 * pace; a slower one's report joins the window in which it ends. While a
 * shard that took part in the previous window is still running, the last
 * window is held back until that shard reports, so the latest merged report
 * never stands for part of the shards; every other report is in exactly one
 * window. Reports that do not overlap in time are never combined, so files
 * of successive runs merge as with {@linkcode mergeDocuments}. Rollups
 * (hourly per shard) are aligned the same way, without holding any back.
 * Totals, runs, errors, events and status are merged as by
 * {@linkcode mergeDocuments}. Windows are cut from the oldest report on:
 * when retention rolls a shard's oldest report into a rollup, the grouping
 * may shift by that report, every window still holding at most one report
 * per shard and the latest one still complete.
 */
export function mergeConcurrentDocuments(docs: readonly MetricsDocument[]): MetricsDocument {
  const merge = (windows: readonly AlignedWindow[]) =>
    windows.map((w) => mergeConcurrentReports(w.reports));
  const running = docs.map((d) => d.status.state === "running");
  return mergeDocumentsWith(docs, {
    rollups: merge(alignReports(docs.map((d) => d.rollups)).windows),
    reports: merge(alignReports(docs.map((d) => d.reports), { running }).windows),
  });
}

/** One window of {@linkcode alignReports}. */
export interface AlignedWindow {
  /** Its reports, by end time, at most one per source. */
  reports: Report[];
  /** Index of each report's source, in the same order. */
  sources: number[];
}

/** Options for {@linkcode alignReports}. */
export interface AlignOptions {
  /**
   * Per source, whether more reports are coming: the last window is held
   * back while it lacks a running source that took part in the window before.
   * @default {all false: nothing held back}
   */
  running?: readonly boolean[];
}

/** The windows of {@linkcode alignReports}, and the reports held back. */
export interface AlignedReports {
  /** Consecutive windows, oldest first. */
  windows: AlignedWindow[];
  /** Reports of the held-back last window (empty when none is held). */
  pending: Report[];
}

/**
 * Cuts the reports of several sources, each list in time order, into
 * consecutive windows: all reports ordered by end time (then source), a
 * report joins the open window unless its source already contributed to
 * it or it starts at or after the window's end; otherwise it opens the next
 * window. See {@linkcode mergeConcurrentDocuments} for why, and for the
 * held-back last window.
 */
export function alignReports(
  lists: readonly (readonly Report[])[],
  options: AlignOptions = {},
): AlignedReports {
  const all: { report: Report; source: number; start: number; end: number; order: number }[] = [];
  lists.forEach((list, source) =>
    list.forEach((report, order) => {
      const end = Date.parse(report.ended_at);
      const start = Date.parse(report.started_at);
      all.push({ report, source, start: Number.isFinite(start) ? start : end, end, order });
    })
  );
  all.sort((a, b) => a.end - b.end || a.source - b.source || a.order - b.order);
  const windows: AlignedWindow[] = [];
  let open: AlignedWindow | null = null;
  let openEnd = -Infinity;
  for (const item of all) {
    if (open === null || open.sources.includes(item.source) || item.start >= openEnd) {
      open = { reports: [], sources: [] };
      windows.push(open);
      openEnd = item.end;
    }
    open.reports.push(item.report);
    open.sources.push(item.source);
    openEnd = Math.max(openEnd, item.end);
  }
  const last = windows.at(-1);
  const before = windows.at(-2);
  const running = options.running ?? [];
  if (
    last !== undefined && before !== undefined &&
    before.sources.some((s) => running[s] === true && !last.sources.includes(s))
  ) {
    windows.pop();
    return { windows, pending: last.reports };
  }
  return { windows, pending: [] };
}

/**
 * Merges reports of shards running side by side over about the same time
 * (one window of {@linkcode alignReports}) into one exact report. A single
 * report is returned as it is. The window's length is the shards' common
 * report length (their requests over their summed rates), so the merged
 * throughput is the sum of the shards' own throughputs rather than their
 * requests over the union of their windows. The kind is `final` when every
 * report is final, `rollup` when every one is a rollup, else `report`.
 */
export function mergeConcurrentReports(reports: readonly Report[]): Report {
  const first = reports[0];
  if (first === undefined) throw new RangeError("Cannot merge reports: the list is empty");
  if (reports.length === 1) return first;
  let total = 0;
  let rate = 0;
  let longest = 0;
  for (const r of reports) {
    total += r.stats.total_requests;
    if (r.duration_s > 0) rate += r.stats.total_requests / r.duration_s;
    longest = Math.max(longest, r.duration_s);
  }
  const duration = rate > 0 ? total / rate : longest;
  const kind = reports.every((r) => r.kind === "final")
    ? "final"
    : reports.every((r) => r.kind === "rollup")
    ? "rollup"
    : "report";
  return mergeReports(reports, { kind, duration_s: Math.round(duration * 1000) / 1000 });
}

/** Shared part of the document merges: everything but the report lists given. */
function mergeDocumentsWith(
  docs: readonly MetricsDocument[],
  lists: { rollups: readonly Report[]; reports: readonly Report[] },
): MetricsDocument {
  if (docs.length === 0) throw new RangeError("Cannot merge metrics files: none given");
  const accuracies = new Set<number>();
  for (const d of docs) {
    if (d.cumulative.stats.execution_time.count > 0) {
      accuracies.add(d.cumulative.stats.execution_time.accuracy);
    }
  }
  if (accuracies.size > 1) {
    throw new RangeError(
      `Cannot merge metrics files with different histogram accuracy: ${
        [...accuracies].join(" and ")
      }`,
    );
  }
  const runs: RunInfo[] = [];
  const seen = new Set<string>();
  for (const d of docs) {
    for (const run of d.runs) {
      if (seen.has(run.run_id)) {
        throw new RangeError(
          `Cannot merge metrics files that share run '${run.run_id}': its requests would be counted twice`,
        );
      }
      seen.add(run.run_id);
      runs.push(run);
    }
  }
  let next = 1;
  const renumber = (r: Report): Report => {
    const out = { ...r, id: next };
    next += Math.max(1, r.merged_reports);
    return out;
  };
  const byAt = (a: { at: string }, b: { at: string }) => Date.parse(a.at) - Date.parse(b.at);
  const errors: ErrorSample[] = docs.flatMap((d) => d.errors).sort(byAt);
  const events: RunEvent[] = docs.flatMap((d) => d.events).sort(byAt);
  let latest = docs[0]!;
  for (const d of docs) {
    if (Date.parse(d.status.updated_at) > Date.parse(latest.status.updated_at)) latest = d;
  }
  const running = docs.some((d) => d.status.state === "running");
  return {
    schema: SCHEMA,
    schema_version: SCHEMA_VERSION,
    runs,
    status: {
      ...latest.status,
      interval_ms: { ...latest.status.interval_ms },
      state: running ? "running" : "stopped",
      requests: docs.reduce((n, d) => n + d.status.requests, 0),
      in_flight: docs.reduce((n, d) => n + d.status.in_flight, 0),
    },
    cumulative: buildCumulative(mergeParts(docs.map((d) => d.cumulative))),
    rollups: lists.rollups.map(renumber),
    reports: lists.reports.map(renumber),
    errors,
    events,
  };
}
