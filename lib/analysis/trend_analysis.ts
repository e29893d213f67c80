/**
 * Trends across a range: one point per report (or per time bucket on long
 * runs and merged files), each metric's least-squares slope per hour,
 * first-vs-last change, and a verdict that flags a metric as degrading only
 * when the change is beyond noise. Load-level changes and target switches
 * are marked on the points.
 *
 * @module
 */
import type { Report } from "../model/metrics_document.ts";
import { leastSquares } from "./least_squares.ts";
import type { FoldedDataset } from "./dataset_fold.ts";
import type { TrendPoint, TrendPoints } from "./trend_buckets.ts";

/** Which direction of a metric is good. */
export type Better = "higher" | "lower" | "neither";

/** Verdict on one metric. */
export type TrendVerdict = "degrading" | "improving" | "stable" | "shifting" | "too few points";

/** One metric's trend. */
export interface MetricTrend {
  /** Stable id, e.g. `latency_p95`. */
  id: string;
  /** Label for people. */
  label: string;
  /** Unit: `%`, `ms`, `req/s` or empty. */
  unit: string;
  /** Which direction is good. */
  better: Better;
  /** Value per point (null without data). */
  values: (number | null)[];
  /** First value with data. */
  first: number | null;
  /** Last value with data. */
  last: number | null;
  /** last - first. */
  change: number | null;
  /** Least-squares slope per hour. */
  slope_per_hour: number | null;
  /** Slope divided by its standard error (|t| >= 2 is beyond noise). */
  t: number | null;
  /** Fitted change over the whole range (slope x span). */
  fitted_change: number | null;
  /** Smallest change that matters for this metric. */
  min_effect: number;
  /** The verdict. */
  verdict: TrendVerdict;
}

/** A load-level change or target switch placed on a point. */
export interface TrendMark {
  /** Index of the point it falls in. */
  point: number;
  /** What happened. */
  kind: "load_level" | "target_switch";
  /** ISO time. */
  at: string;
  /** One-line description (untrusted: sanitise before printing). */
  message: string;
}

/** The trends analysis. */
export interface TrendAnalysis extends TrendPoints {
  /** Range span in hours. */
  span_h: number;
  /** One entry per metric. */
  metrics: MetricTrend[];
  /** Marks, in time order. */
  marks: TrendMark[];
  /** Ids of the degrading metrics. */
  degrading: string[];
}

interface MetricSpec {
  id: string;
  label: string;
  unit: string;
  better: Better;
  read: (r: Report) => number | null;
  /** Absolute smallest effect, and relative share of the level (max of both applies). */
  abs: number;
  rel: number;
}

const METRICS: readonly MetricSpec[] = [
  {
    id: "success_rate",
    label: "Success rate",
    unit: "%",
    better: "higher",
    read: (r) => r.success_rate,
    abs: 1,
    rel: 0,
  },
  {
    id: "error_rate",
    label: "Error rate",
    unit: "%",
    better: "lower",
    read: (r) => r.error_rate,
    abs: 1,
    rel: 0,
  },
  {
    id: "latency_p50",
    label: "Latency p50",
    unit: "ms",
    better: "lower",
    read: (r) => ms(r, (s) => s.latency.p50),
    abs: 0.05,
    rel: 0.1,
  },
  {
    id: "latency_p95",
    label: "Latency p95",
    unit: "ms",
    better: "lower",
    read: (r) => ms(r, (s) => s.latency.p95),
    abs: 0.05,
    rel: 0.1,
  },
  {
    id: "execution_avg",
    label: "Exec time avg",
    unit: "ms",
    better: "lower",
    read: (r) => ms(r, (s) => s.execution_time.average),
    abs: 0.05,
    rel: 0.1,
  },
  {
    id: "throughput_rps",
    label: "Throughput",
    unit: "req/s",
    better: "higher",
    read: (r) => (r.total_requests > 0 ? r.throughput_rps : null),
    abs: 0.5,
    rel: 0.1,
  },
  {
    id: "confidence_mean",
    label: "Confidence mean",
    unit: "",
    better: "neither",
    read: (r) => r.confidence.mean,
    abs: 0.02,
    rel: 0,
  },
];

function ms(r: Report, pick: (s: Report) => number): number | null {
  return r.total_requests > 0 ? pick(r) : null;
}

/** Analyses the trends of a range. */
export function analyzeTrends(dataset: FoldedDataset): TrendAnalysis {
  const { range, points: tp } = dataset;
  const ends = tp.points.map((p) => Date.parse(p.end));
  const t0 = ends[0] ?? 0;
  const hours = ends.map((t) => (t - t0) / 3_600_000);
  const span_h = range.from !== null && range.to !== null ? (range.to - range.from) / 3_600_000 : 0;
  const fitSpan = hours.at(-1) ?? 0;
  const metrics = METRICS.map((spec) => metricTrend(spec, tp.points, hours, fitSpan));
  const marks = trendMarks(dataset, tp.points);
  return {
    ...tp,
    span_h: round(span_h, 4) ?? 0,
    metrics,
    marks,
    degrading: metrics.filter((m) => m.verdict === "degrading").map((m) => m.id),
  };
}

function metricTrend(
  spec: MetricSpec,
  points: readonly TrendPoint[],
  hours: readonly number[],
  fitSpan: number,
): MetricTrend {
  const values = points.map((p) => spec.read(p.report));
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const first = present[0] ?? null;
  const last = present.at(-1) ?? null;
  const fit = leastSquares(hours, values);
  const level = present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : 0;
  const minEffect = Math.max(spec.abs, spec.rel * Math.abs(level));
  let t: number | null = null;
  let fitted: number | null = null;
  let verdict: TrendVerdict = "too few points";
  if (fit !== null && present.length >= 4) {
    t = fit.slope === 0 ? 0 : fit.slope_std_err === 0 ? Infinity : fit.slope / fit.slope_std_err;
    fitted = fit.slope * fitSpan;
    const beyondNoise = Math.abs(t) >= 2 && Math.abs(fitted) >= minEffect;
    if (!beyondNoise) verdict = "stable";
    else if (spec.better === "neither") verdict = "shifting";
    else {
      const worse = spec.better === "higher" ? fit.slope < 0 : fit.slope > 0;
      verdict = worse ? "degrading" : "improving";
    }
  }
  return {
    id: spec.id,
    label: spec.label,
    unit: spec.unit,
    better: spec.better,
    values,
    first,
    last,
    change: first !== null && last !== null ? round(last - first, 4) : null,
    slope_per_hour: fit === null ? null : round(fit.slope, 4),
    t: t === null || !Number.isFinite(t) ? (t === null ? null : Math.sign(t) * 999) : round(t, 2),
    fitted_change: round(fitted, 4),
    min_effect: round(minEffect, 4) ?? 0,
    verdict,
  };
}

function trendMarks(dataset: FoldedDataset, points: readonly TrendPoint[]): TrendMark[] {
  const range = dataset.range;
  const marks: TrendMark[] = [];
  if (points.length === 0 || range.from === null || range.to === null) return marks;
  const ends = points.map((p) => Date.parse(p.end));
  const sources = new Set(range.sources);
  const pointOf = (t: number) => {
    const i = ends.findIndex((end) => end >= t);
    return i < 0 ? points.length - 1 : i;
  };
  const eventTimes: Record<TrendMark["kind"], number[]> = { load_level: [], target_switch: [] };
  for (const e of dataset.events) {
    if (!sources.has(e.source)) continue;
    if (e.type !== "load_level" && e.type !== "target_switch") continue;
    const at = Date.parse(e.at);
    if (!(at >= range.from && at <= range.to)) continue;
    eventTimes[e.type].push(at);
    marks.push({ point: pointOf(at), kind: e.type, at: e.at, message: e.message });
  }
  // A change between two points with no event in that span (the file keeps its newest events) is
  // derived from the reports. The span includes its start: a level changes as a report is
  // written, so its event carries that report's end time.
  const seen = (kind: TrendMark["kind"], i: number) =>
    eventTimes[kind].some((t) => t >= ends[i - 1]! && t <= ends[i]!);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!.report;
    const b = points[i]!.report;
    if (a.load_level !== b.load_level && !seen("load_level", i) && sources.size === 1) {
      marks.push({
        point: i,
        kind: "load_level",
        at: b.ended_at,
        message: `Load level ${a.load_level} -> ${b.load_level}`,
      });
    }
    if (a.target !== b.target && !seen("target_switch", i) && sources.size === 1) {
      marks.push({
        point: i,
        kind: "target_switch",
        at: b.ended_at,
        message: `Target ${a.target} -> ${b.target}`,
      });
    }
  }
  return marks.sort((x, y) => x.point - y.point || Date.parse(x.at) - Date.parse(y.at));
}

function round(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
