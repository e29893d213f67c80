/**
 * Folds metrics files (simulator instances, runs, store shards) into what
 * the analyses read, one source at a time: each source's reports are
 * selected (`--last`, `--since`) as it is read and merged into the range's
 * aggregates, trend cells and its own figures, and only bounded summaries
 * of it are kept (its state, its error samples and events, which files keep
 * bounded). Memory stays bounded as sources are added; a source can be
 * dropped as soon as it is folded in.
 *
 * `--since DURATION` counts back from the newest report of every source:
 * {@linkcode foldSources} reads the sources twice for it, first for the
 * newest report only.
 *
 * @module
 */
import { type AlertState, evaluateAlerts, staleAlert, staleness } from "../alerts/evaluate.ts";
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";
import { PartsFold, StatsFold } from "../metrics/merge_reports.ts";
import type { Stats } from "../metrics/stats.ts";
import type { IntervalRange } from "../model/metrics_document.ts";
import { reportGaps } from "../model/validate_document.ts";
import {
  type Dataset,
  type MetricsSource,
  newestEnd,
  type SourcedError,
  type SourcedEvent,
  sourceEntries,
} from "./metrics_dataset.ts";
import type { RangeStats } from "./range_stats.ts";
import {
  describeRange,
  type LevelCount,
  type Range,
  type RangeOptions,
  selectOwn,
  sinceCutoff,
} from "./select_range.ts";
import { TrendBuckets, type TrendPoints } from "./trend_buckets.ts";

/** Run state of one file. */
export interface SourceState {
  /** Path as given. */
  path: string;
  /** `running`, `stopped`, or `stale` (running but no update for two report periods). */
  state: "running" | "stopped" | "stale";
  /** ISO time of the last write. */
  updated_at: string;
  /** Seconds since the last write. */
  age_s: number;
  /** Load level in the status block. */
  load_level: number;
  /** Interval range in force. */
  interval_ms: IntervalRange;
  /** Target in use. */
  target: string;
  /** Runs in the file with their seeds. */
  runs: { run_id: string; seed: number; started_at: string; ended_at: string | null }[];
  /** Reports at full detail in the file. */
  reports: number;
  /** Hourly rollups in the file. */
  rollups: number;
  /** Requests counted in the file's totals. */
  total_requests: number;
}

/** What is kept of one source once it is folded in. */
export interface FoldedSource {
  /** Its state, as the summary lists it. */
  state: SourceState;
  /** Data problems found in it (report gaps), each prefixed with its path. */
  warnings: string[];
  /** Its stale-file alert, when it is stale. */
  stale: AlertState | null;
  /** Reports of this source in the range. */
  reports: number;
  /** Its figures over its own reports in the range, merged exactly. */
  stats: Stats;
  /** Every rule walked over its own reports in the range, in order. */
  alerts: AlertState[];
}

/** Everything the analyses read, folded from every source. */
export interface FoldedDataset {
  /** The sources, in the order given. */
  sources: FoldedSource[];
  /** Reports dropped because another file already held the same window. */
  duplicates: number;
  /** The range selected. */
  range: Range;
  /** The range's reports merged exactly: whole, per category and per family. */
  merged: RangeStats;
  /** The files' totals merged exactly (their whole history, whatever the range). */
  cumulative: RangeStats;
  /** The range's trend points (empty when folded without trends). */
  points: TrendPoints;
  /** Error samples of every file, oldest first (the same sample in two files once). */
  errors: SourcedError[];
  /** Run events of every file, oldest first. */
  events: SourcedEvent[];
}

/** Options for {@linkcode DatasetFold}. */
export interface FoldOptions {
  /** Range selection. @default {{}} (every report) */
  range?: RangeOptions;
  /**
   * The newest report end of every source, epoch ms: needed with
   * `range.since` as a duration ({@linkcode newestOf} finds it).
   */
  newest?: number;
  /** Current time (staleness). */
  now: Date;
  /** Alert rules walked over each source's reports. @default {DEFAULT_RULES} */
  rules?: readonly AlertRule[];
  /** Build trend points. @default {true} */
  trends?: boolean;
}

/** Folds sources one at a time; read the result with {@linkcode DatasetFold.finish}. */
export class DatasetFold {
  #options: FoldOptions;
  #range: RangeOptions;
  #cutoff: number | null;
  #rules: readonly AlertRule[];
  #sources: FoldedSource[] = [];
  #seen = new Set<string>();
  #duplicates = 0;
  #available = 0;
  #reports = 0;
  #rollups = 0;
  #familyReports = 0;
  #seconds = 0;
  #from = Infinity;
  #to = -Infinity;
  #inRange: number[] = [];
  #levels = new Map<number, LevelCount>();
  #merged = new PartsFold();
  #cumulative = new PartsFold();
  #buckets = new TrendBuckets();
  #errorKeys = new Set<string>();
  #errors: SourcedError[] = [];
  #events: SourcedEvent[] = [];

  /** Starts an empty fold. */
  constructor(options: FoldOptions) {
    this.#options = options;
    this.#range = options.range ?? {};
    if (needsNewest(options)) {
      throw new RangeError("Cannot select a duration of data without the newest report");
    }
    this.#cutoff = sinceCutoff(this.#range.since, options.newest ?? -Infinity);
    this.#rules = options.rules ?? DEFAULT_RULES;
  }

  /** Folds in the next source (the source is not kept). */
  add({ path, doc }: MetricsSource): void {
    const index = this.#sources.length;
    const { entries, duplicates } = sourceEntries(doc, index, this.#seen);
    this.#duplicates += duplicates;
    this.#available += entries.length;
    const own = selectOwn(entries, this.#range, this.#cutoff);
    for (const e of own) {
      this.#from = Math.min(this.#from, e.start);
      this.#to = Math.max(this.#to, e.end);
    }
    const trends = this.#options.trends ?? true;
    if (own.length > 0) {
      this.#inRange.push(index);
      if (trends) this.#buckets.widen((this.#to - this.#from) / 1000);
    }
    const stats = new StatsFold();
    for (const e of own) {
      const r = e.report;
      this.#merged.add(r);
      stats.add(r.stats);
      if (trends) this.#buckets.add(e);
      this.#reports++;
      if (r.kind === "rollup") this.#rollups++;
      if (Object.keys(r.families).length > 0) this.#familyReports++;
      this.#seconds += Math.max(0, r.duration_s);
      const l = this.#levels.get(r.load_level) ?? { requests: 0, reports: 0 };
      l.requests += r.total_requests;
      l.reports++;
      this.#levels.set(r.load_level, l);
    }
    this.#cumulative.add(doc.cumulative);
    for (const e of doc.errors) {
      const key = `${e.run_id}\u0000${e.request_id}\u0000${e.seq}`;
      if (this.#errorKeys.has(key)) continue;
      this.#errorKeys.add(key);
      this.#errors.push({ ...e, source: index });
    }
    for (const e of doc.events) this.#events.push({ ...e, source: index });
    const now = this.#options.now;
    const s = staleness(doc, now);
    this.#sources.push({
      state: {
        path,
        state: s.stale ? "stale" : doc.status.state,
        updated_at: doc.status.updated_at,
        age_s: Math.round(s.age_s),
        load_level: doc.status.load_level,
        interval_ms: { ...doc.status.interval_ms },
        target: doc.status.target,
        runs: doc.runs.map((r) => ({
          run_id: r.run_id,
          seed: r.seed,
          started_at: r.started_at,
          ended_at: r.ended_at,
        })),
        reports: doc.reports.length,
        rollups: doc.rollups.length,
        total_requests: doc.cumulative.total_requests,
      },
      warnings: reportGaps(doc).map((w) => `${path}: ${w}`),
      stale: s.stale ? staleAlert(doc, now) : null,
      reports: own.length,
      stats: stats.result(),
      alerts: evaluateAlerts(own.map((e) => e.report), this.#rules),
    });
  }

  /** What was folded. */
  finish(): FoldedDataset {
    const any = this.#reports > 0;
    const from = any ? this.#from : null;
    const to = any ? this.#to : null;
    const byTime = (a: { at: string }, b: { at: string }) => timeOf(a.at) - timeOf(b.at);
    return {
      sources: this.#sources,
      duplicates: this.#duplicates,
      range: {
        from,
        to,
        cutoff: this.#cutoff,
        available: this.#available,
        description: describeRange(this.#range, this.#sources.length, this.#reports),
        reports: this.#reports,
        rollups: this.#rollups,
        family_reports: this.#familyReports,
        seconds: this.#seconds,
        sources: this.#inRange,
        levels: this.#levels,
      },
      merged: this.#merged.result(),
      cumulative: this.#cumulative.result(),
      points: this.#buckets.points(from, to),
      errors: this.#errors.sort(byTime),
      events: this.#events.sort(byTime),
    };
  }
}

function timeOf(at: string): number {
  const t = Date.parse(at);
  return Number.isFinite(t) ? t : 0;
}

/** The newest report end of every source, epoch ms (-Infinity without reports). */
export function newestOf(sources: Iterable<MetricsSource>): number {
  let newest = -Infinity;
  for (const { doc } of sources) newest = Math.max(newest, newestEnd(doc));
  return newest;
}

/** Folds a dataset held in memory. */
export function foldDataset(dataset: Dataset, options: FoldOptions): FoldedDataset {
  const fold = new DatasetFold(withNewest(options, () => newestOf(dataset.sources)));
  for (const source of dataset.sources) fold.add(source);
  return fold.finish();
}

/**
 * Folds the sources `read` yields, one at a time; `read` is called twice
 * when the range counts a duration back from the newest report.
 */
export async function foldSources(
  read: () => AsyncIterable<MetricsSource>,
  options: FoldOptions,
): Promise<FoldedDataset> {
  let newest = -Infinity;
  if (needsNewest(options)) {
    for await (const { doc } of read()) newest = Math.max(newest, newestEnd(doc));
  }
  const fold = new DatasetFold(withNewest(options, () => newest));
  for await (const source of read()) fold.add(source);
  return fold.finish();
}

function withNewest(options: FoldOptions, newest: () => number): FoldOptions {
  return needsNewest(options) ? { ...options, newest: newest() } : options;
}

/** Whether `options` count a duration back from a newest report they do not give. */
function needsNewest(options: FoldOptions): boolean {
  return options.range?.since?.kind === "duration" && options.newest === undefined;
}
