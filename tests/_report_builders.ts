/**
 * Small builders of reports and metrics documents with chosen rates, for the
 * alert, health and dashboard tests.
 *
 * @module
 */
import type { RequestRecord } from "../lib/model/record.ts";
import { buildReport } from "../lib/metrics/report_window.ts";
import { type StatsData } from "../lib/model/stats_data.ts";
import { Stats } from "../lib/metrics/stats.ts";
import { mergeStatsData } from "../lib/metrics/merge_reports.ts";
import { Histogram } from "../lib/metrics/histogram.ts";
import type { Category } from "../lib/model/category.ts";
import {
  type MetricsDocument,
  type Report,
  SCHEMA,
  SCHEMA_VERSION,
  type Status,
} from "../lib/model/metrics_document.ts";
import { CATEGORIES } from "../lib/model/category.ts";
import { DEFAULT_MIX } from "../lib/traffic/categories.ts";
import { answeredRecord, failedRecord } from "./_builders.ts";

/** What a built report contains. */
export interface ReportSpec {
  /** Report id. @default {1} */
  id?: number;
  /** Requests in the window. @default {100} */
  requests?: number;
  /** Failed requests among them (the last ones). @default {0} */
  failed?: number;
  /** Failed requests that were unhandled exceptions. @default {0} */
  unhandled?: number;
  /** Service time of every request, ms. @default {0.5} */
  execMs?: number;
  /** Service time of the first request, if different, ms. */
  firstExecMs?: number;
  /** Latency of every request, ms (default: execMs). */
  latencyMs?: number;
  /** Adversarial requests (the first ones). @default {10} */
  adversarial?: number;
  /** Adversarial requests answered with approval. @default {0} */
  adversarialApproved?: number;
  /** Share of answered requests passing pre-validation. @default {0.35} */
  passRate?: number;
  /** Share of answered benign requests routed to clarification. @default {0.4} */
  clarifyRate?: number;
  /** ISO end of the window. @default {"2026-01-01T00:00:10Z" + 10 s per id} */
  endedAt?: string;
  /** Window length, s. @default {10} */
  durationS?: number;
  /** Load level. @default {1} */
  loadLevel?: number;
  /** Spread benign requests over the seven benign categories (else all `simple`). */
  spreadCategories?: boolean;
}

function spread(k: number, rate: number): boolean {
  return Math.floor((k + 1) * rate) > Math.floor(k * rate);
}

/** Builds the records of a report spec. */
export function recordsOf(spec: ReportSpec = {}): RequestRecord[] {
  const n = spec.requests ?? 100;
  const failed = spec.failed ?? 0;
  const adversarial = spec.adversarial ?? Math.min(10, n);
  const approvedAdv = spec.adversarialApproved ?? 0;
  const exec = spec.execMs ?? 0.5;
  const out: RequestRecord[] = [];
  let answered = 0;
  let benign = 0;
  for (let i = 0; i < n; i++) {
    const isAdv = i < adversarial;
    const category: Category = isAdv
      ? "adversarial"
      : spec.spreadCategories
      ? CATEGORIES[i % 7] ?? "simple"
      : "simple";
    const fails = i >= n - failed;
    const execution_time = i === 0 && spec.firstExecMs !== undefined ? spec.firstExecMs : exec;
    const base = {
      id: `r${i}`,
      seq: i + 1,
      category,
      family: isAdv ? "instruction_override" : "greeting",
      expected: isAdv ? "block" as const : "approve" as const,
      execution_time,
      latency: spec.latencyMs ?? execution_time,
      schedule_lag: 0,
      at: 0,
    };
    if (fails) {
      const unhandled = i - (n - failed) < (spec.unhandled ?? 0);
      out.push(
        failedRecord(
          base,
          { type: unhandled ? "unhandled" : "timeout", message: "failed" },
          unhandled,
        ),
      );
      continue;
    }
    const passed = spread(answered++, spec.passRate ?? 0.35);
    let outcome: "approved" | "clarification" | "blocked";
    if (isAdv) outcome = i < approvedAdv ? "approved" : "blocked";
    else outcome = spread(benign++, spec.clarifyRate ?? 0.4) ? "clarification" : "approved";
    out.push(answeredRecord(base, {
      confidence: outcome === "approved" ? 0.9 : 0.4,
      pre_validation: passed ? "passed" : "failed",
      outcome,
    }));
  }
  return out;
}

/** Builds one report from a spec. */
export function reportOf(spec: ReportSpec = {}): Report {
  const id = spec.id ?? 1;
  const duration = spec.durationS ?? 10;
  const end = spec.endedAt !== undefined
    ? Date.parse(spec.endedAt)
    : Date.parse("2026-01-01T00:00:00Z") + id * duration * 1000;
  const stats = new Stats();
  const categories = new Map<Category, Stats>();
  const families = new Map<string, Stats>();
  const records = recordsOf(spec);
  for (const r of records) {
    stats.add(r);
    let c = categories.get(r.category);
    if (c === undefined) categories.set(r.category, c = new Stats());
    c.add(r);
    const key = `${r.category}/${r.family}`;
    let f = families.get(key);
    if (f === undefined) families.set(key, f = new Stats());
    f.add(r);
  }
  return buildReport({
    id,
    run_id: "run-1",
    kind: "report",
    merged_reports: 1,
    started_at: new Date(end - duration * 1000).toISOString(),
    ended_at: new Date(end).toISOString(),
    duration_s: duration,
    seq_first: records.length > 0 ? 1 : 0,
    seq_last: records.length,
    target: "reference",
    load_level: spec.loadLevel ?? 1,
    interval_ms: { min: 50, max: 200 },
    late_requests: 0,
  }, { stats, categories, families, scheduleLag: new Histogram() });
}

/** Builds a sequence of reports with ids 1.. from specs. */
export function reportsOf(specs: readonly ReportSpec[]): Report[] {
  return specs.map((s, i) => reportOf({ id: i + 1, ...s }));
}

/** Builds a whole metrics document around reports. */
export function documentOf(
  reports: readonly Report[],
  status: Partial<Status> = {},
): MetricsDocument {
  const last = reports.at(-1);
  const first = reports[0];
  const merged = mergeStatsData(reports.map((r) => r.stats));
  const requests = merged.total;
  const started = first?.started_at ?? "2026-01-01T00:00:00.000Z";
  return {
    schema: SCHEMA,
    schema_version: SCHEMA_VERSION,
    runs: [{
      run_id: "run-1",
      seed: 42,
      started_at: started,
      ended_at: null,
      config: {
        target: "reference",
        interval_min: 50,
        interval_max: 200,
        arrival: "uniform",
        adaptive: true,
        concurrency: 16,
        timeout_ms: 5000,
        report_interval: 500,
        report_seconds: 30,
        max_requests: null,
        duration_s: null,
        log_size: 10000,
        mix: { ...DEFAULT_MIX },
        corpus: null,
        faults: { fault_rate: 0, slow_rate: 0, slow_ms: 0, throw_rate: 0, malformed_rate: 0 },
      },
    }],
    status: {
      state: "running",
      updated_at: last?.ended_at ?? started,
      started_at: started,
      pid: 4242,
      target: "reference",
      load_level: last?.load_level ?? 1,
      interval_ms: { min: 50, max: 200 },
      requests,
      in_flight: 0,
      report_interval: 500,
      report_seconds: 30,
      ...status,
    },
    cumulative: {
      ...merged.summary(),
      stats: merged.toData(),
      categories: mergeCategories(reports),
      families: {},
    },
    reports: [...reports],
    rollups: [],
    errors: [],
    events: [],
  };
}

function mergeCategories(reports: readonly Report[]): Partial<Record<Category, StatsData>> {
  const out: Partial<Record<Category, StatsData>> = {};
  const names = new Set(reports.flatMap((r) => Object.keys(r.categories) as Category[]));
  for (const name of names) {
    out[name] = mergeStatsData(reports.flatMap((r) => r.categories[name] ?? [])).toData();
  }
  return out;
}
