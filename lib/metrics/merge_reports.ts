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
 * Merges the JSON forms of several aggregates into one exact accumulator.
 * Empty aggregates are skipped, so an empty one of another histogram
 * accuracy never blocks a merge.
 */
export function mergeStatsData(items: Iterable<StatsData>): Stats {
  let out: Stats | null = null;
  for (const item of items) {
    if (item.total_requests === 0 && item.execution_time.count === 0) continue;
    if (out === null) out = Stats.fromData(item);
    else out.merge(Stats.fromData(item));
  }
  return out ?? new Stats();
}

/** Merges whole, per-category and per-family aggregates of several reports or totals. */
export function mergeParts(
  items: Iterable<Pick<Cumulative, "stats" | "categories" | "families">>,
): MergedParts {
  const whole: StatsData[] = [];
  const categories = new Map<Category, StatsData[]>();
  const families = new Map<string, StatsData[]>();
  for (const item of items) {
    whole.push(item.stats);
    for (const [name, data] of Object.entries(item.categories)) {
      if (data === undefined) continue;
      const key = name as Category;
      const into = categories.get(key);
      if (into === undefined) categories.set(key, [data]);
      else into.push(data);
    }
    for (const [name, data] of Object.entries(item.families)) {
      const into = families.get(name);
      if (into === undefined) families.set(name, [data]);
      else into.push(data);
    }
  }
  return {
    stats: mergeStatsData(whole),
    categories: new Map([...categories].map(([k, v]) => [k, mergeStatsData(v)])),
    families: new Map([...families].map(([k, v]) => [k, mergeStatsData(v)])),
  };
}

/** The cumulative block for merged aggregates: summary derived from the merged stats. */
export function buildCumulative(parts: MergedParts): Cumulative {
  const categories: Cumulative["categories"] = {};
  for (const [name, s] of parts.categories) categories[name] = s.toData();
  const families: Cumulative["families"] = {};
  for (const [name, s] of parts.families) families[name] = s.toData();
  return { ...parts.stats.summary(), stats: parts.stats.toData(), categories, families };
}

/**
 * Merges reports (in time order) into one exact report: stats per whole,
 * category and family, the schedule lag histogram, late requests and
 * durations are summed, and throughput is total / duration. The header
 * defaults to: id of the first report, kind `rollup`, the summed
 * `merged_reports`, the outer time and sequence range, `mixed` for a
 * run id or target that differs, and the load level and interval of the
 * last report. `header` overrides any of it.
 */
export function mergeReports(
  reports: readonly Report[],
  header: Partial<ReportHeader> = {},
): Report {
  const first = reports[0];
  const last = reports.at(-1);
  if (first === undefined || last === undefined) {
    throw new RangeError("Cannot merge reports: the list is empty");
  }
  let merged = 0;
  let duration = 0;
  let late = 0;
  let seqFirst = first.seq_first;
  let seqLast = first.seq_last;
  let start = first.started_at;
  let startMs = Date.parse(start);
  let end = first.ended_at;
  let endMs = Date.parse(end);
  let runId = first.run_id;
  let target = first.target;
  const lags: Histogram[] = [];
  for (const r of reports) {
    merged += r.merged_reports;
    duration += r.duration_s;
    late += r.late_requests;
    if (r.seq_first < seqFirst) seqFirst = r.seq_first;
    if (r.seq_last > seqLast) seqLast = r.seq_last;
    const s = Date.parse(r.started_at);
    if (s < startMs) [start, startMs] = [r.started_at, s];
    const e = Date.parse(r.ended_at);
    if (e > endMs) [end, endMs] = [r.ended_at, e];
    if (r.run_id !== runId) runId = "mixed";
    if (r.target !== target) target = "mixed";
    if (r.schedule_lag_histogram.count > 0) lags.push(Histogram.fromData(r.schedule_lag_histogram));
  }
  const scheduleLag = lags.length > 0
    ? lags.reduce(
      (into, h) => (into.merge(h), into),
      new Histogram({ accuracy: lags[0]!.accuracy }),
    )
    : Histogram.fromData(first.schedule_lag_histogram);
  const parts = mergeParts(reports);
  return buildReport({
    id: first.id,
    run_id: runId,
    kind: "rollup",
    merged_reports: merged,
    started_at: start,
    ended_at: end,
    duration_s: Math.round(duration * 1000) / 1000,
    seq_first: seqFirst,
    seq_last: seqLast,
    target,
    load_level: last.load_level,
    interval_ms: { ...last.interval_ms },
    late_requests: late,
    ...header,
  }, { ...parts, scheduleLag });
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
