/**
 * Accumulates request records between two reports and turns them into a
 * {@linkcode Report}. The simulator keeps one window for the current report;
 * the cumulative totals are the merge of all reports.
 *
 * @module
 */
import type { Category } from "../model/category.ts";
import { type HistogramData } from "../model/histogram_data.ts";
import { Histogram } from "./histogram.ts";
import type { RequestRecord } from "../model/record.ts";
import { type StatsData } from "../model/stats_data.ts";
import { Stats, summarizeHistogram } from "./stats.ts";
import type { IntervalRange, Report } from "../model/metrics_document.ts";

/** Facts about a report that do not come from the records. */
export interface ReportMeta {
  /** Report id (1-based, contiguous across the file). */
  id: number;
  /** Run id. */
  run_id: string;
  /** `report` or `final`. */
  kind: "report" | "final";
  /** Window start, epoch ms. */
  started_at: number;
  /** Window end, epoch ms. */
  ended_at: number;
  /** Target that served the window. */
  target: string;
  /** Load level at the end of the window. */
  load_level: number;
  /** Interval range at the end of the window. */
  interval_ms: IntervalRange;
}

/** Key of a family aggregate: `category/family`. */
export function familyKey(category: string, family: string): string {
  return `${category}/${family}`;
}

/** The aggregate of the requests completed since the last report. */
export class ReportWindow {
  readonly stats: Stats = new Stats();
  readonly categories: Map<Category, Stats> = new Map();
  readonly families: Map<string, Stats> = new Map();
  readonly scheduleLag: Histogram = new Histogram();
  /** The same family aggregates by category, then family: no key string built per request. */
  readonly #byFamily = new Map<Category, Map<string, Stats>>();
  /** Requests that could not start at their intended send time. */
  late = 0;
  /** Smallest sequence number seen (Infinity when empty). */
  seqFirst = Infinity;
  /** Largest sequence number seen (0 when empty). */
  seqLast = 0;

  /** Number of requests in the window. */
  get size(): number {
    return this.stats.total;
  }

  /** Adds one completed request; `late` marks a start held back by the in-flight cap. */
  add(record: RequestRecord, late = false): void {
    this.stats.add(record);
    let c = this.categories.get(record.category);
    if (c === undefined) this.categories.set(record.category, c = new Stats());
    c.add(record);
    let inCategory = this.#byFamily.get(record.category);
    if (inCategory === undefined) this.#byFamily.set(record.category, inCategory = new Map());
    let f = inCategory.get(record.family);
    if (f === undefined) {
      inCategory.set(record.family, f = new Stats());
      this.families.set(familyKey(record.category, record.family), f);
    }
    f.add(record);
    this.scheduleLag.add(record.schedule_lag);
    if (late) this.late++;
    if (record.seq < this.seqFirst) this.seqFirst = record.seq;
    if (record.seq > this.seqLast) this.seqLast = record.seq;
  }

  /** Builds the report for this window. */
  toReport(meta: ReportMeta): Report {
    return buildReport({
      id: meta.id,
      run_id: meta.run_id,
      kind: meta.kind,
      merged_reports: 1,
      started_at: new Date(meta.started_at).toISOString(),
      ended_at: new Date(meta.ended_at).toISOString(),
      duration_s: Math.max(0, (meta.ended_at - meta.started_at) / 1000),
      seq_first: Number.isFinite(this.seqFirst) ? this.seqFirst : 0,
      seq_last: this.seqLast,
      target: meta.target,
      load_level: meta.load_level,
      interval_ms: { ...meta.interval_ms },
      late_requests: this.late,
    }, {
      stats: this.stats,
      categories: this.categories,
      families: this.families,
      scheduleLag: this.scheduleLag,
    });
  }
}

/** The descriptive fields of a report (everything not derived from stats). */
export type ReportHeader = Pick<
  Report,
  | "id"
  | "run_id"
  | "kind"
  | "merged_reports"
  | "started_at"
  | "ended_at"
  | "duration_s"
  | "seq_first"
  | "seq_last"
  | "target"
  | "load_level"
  | "interval_ms"
  | "late_requests"
>;

/** The aggregates a report is built from. */
export interface ReportParts {
  /** Whole window. */
  stats: Stats;
  /** Per category. */
  categories: ReadonlyMap<Category, Stats>;
  /** Per family, keyed `category/family`. */
  families: ReadonlyMap<string, Stats>;
  /** Schedule lag. */
  scheduleLag: Histogram;
}

/**
 * Assembles a report from its header and aggregates: the summary fields are
 * derived here and nowhere else, so reports built by the simulator and reports
 * merged later read the same.
 */
export function buildReport(header: ReportHeader, parts: ReportParts): Report {
  const categories: Partial<Record<Category, StatsData>> = {};
  for (const [name, s] of parts.categories) categories[name] = s.toData();
  const families: Record<string, StatsData> = {};
  for (const [name, s] of parts.families) families[name] = s.toData();
  const lag: HistogramData = parts.scheduleLag.toData();
  const throughput = header.duration_s > 0 ? parts.stats.total / header.duration_s : 0;
  return {
    ...header,
    ...parts.stats.summary(),
    throughput_rps: Math.round(throughput * 100) / 100,
    schedule_lag: summarizeHistogram(parts.scheduleLag),
    schedule_lag_histogram: lag,
    stats: parts.stats.toData(),
    categories,
    families,
  };
}
