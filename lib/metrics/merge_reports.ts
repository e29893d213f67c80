/**
 * Exact merging of reports and of whole metrics documents. Every aggregate
 * in a report is mergeable (counts, moments, log histograms), so a merged
 * report is the report of the union of the requests, with its summary
 * derived by {@linkcode buildReport} like any other report.
 *
 * @module
 */
import type { Category } from "../traffic/categories.ts";
import { Histogram } from "./histogram.ts";
import { Stats, type StatsData } from "./stats.ts";
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
} from "../store/schema.ts";

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
 * in-flight counts summed.
 */
export function mergeDocuments(docs: readonly MetricsDocument[]): MetricsDocument {
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
  const byEnd = (a: Report, b: Report) => Date.parse(a.ended_at) - Date.parse(b.ended_at);
  const rollups = docs.flatMap((d) => d.rollups).sort(byEnd);
  const reports = docs.flatMap((d) => d.reports).sort(byEnd);
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
    rollups: rollups.map(renumber),
    reports: reports.map(renumber),
    errors,
    events,
  };
}
