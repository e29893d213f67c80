/**
 * Builders of realistic request records, reports and whole metrics
 * documents (up to a 24-hour file) for the store, visualizer and dashboard
 * tests and benchmarks. Everything is seeded: the same options give the
 * same document.
 *
 * @module
 */
import type { RecordError, RequestRecord } from "../lib/model/record.ts";
import { ReportWindow } from "../lib/metrics/report_window.ts";
import type { Category, Expected } from "../lib/model/category.ts";
import { DEFAULT_MIX } from "../lib/traffic/categories.ts";
import { createRandom, type Random } from "../lib/traffic/random.ts";
import type { Outcome, PreValidation } from "../lib/model/decision.ts";
import type { MetricsDocument, Report, RunInfo, Status } from "../lib/model/metrics_document.ts";
import { appendReport, createDocument } from "../lib/metrics/document.ts";
import { applyRetention, type RetentionOptions } from "../lib/metrics/retention.ts";

/** A traffic family with its ground truth and typical service time. */
export interface FamilySpec {
  /** Category. */
  category: Category;
  /** Family name. */
  family: string;
  /** Expected outcome. */
  expected: Expected;
  /** Median service time, ms. */
  medianMs: number;
}

function fam(category: Category, expected: Expected, medianMs: number, names: string[]) {
  return names.map((family) => ({ category, family, expected, medianMs }));
}

/** 45 families across the eight categories, service medians 0.01-0.6 ms. */
export const FAMILIES: readonly FamilySpec[] = [
  ...fam("simple", "approve", 0.04, ["greeting", "fact", "time", "weather", "unit", "define"]),
  ...fam("multi_step", "approve", 0.2, ["plan", "itinerary", "recipe", "compare", "refactor"]),
  ...fam("low_confidence", "clarify", 0.08, ["vague", "partial", "typo", "fragment", "mumble"]),
  ...fam("high_confidence", "approve", 0.05, ["precise", "command", "lookup", "convert", "math"]),
  ...fam("conflicting_gates", "clarify", 0.15, [
    "contradiction",
    "double_bind",
    "priority",
    "undo",
  ]),
  ...fam("clarification", "clarify", 0.06, [
    "ambiguous_ref",
    "missing_param",
    "which_one",
    "scope",
  ]),
  ...fam("edge_case", "approve", 0.3, ["long_input", "emoji", "rtl", "deep_nesting", "whitespace"]),
  ...fam("edge_case", "block", 0.12, ["sql_injection", "control_chars", "unicode_confusable"]),
  ...fam("adversarial", "block", 0.1, [
    "instruction_override",
    "role_play",
    "prompt_leak",
    "obfuscation_base64",
    "harmful_request",
    "payload_split",
    "authority_claim",
    "token_smuggling",
  ]),
];

/** What every record carries, whether or not the target answered. */
export type RecordBase = Pick<
  RequestRecord,
  | "id"
  | "seq"
  | "category"
  | "family"
  | "expected"
  | "execution_time"
  | "latency"
  | "schedule_lag"
  | "at"
>;

/** A record's base fields: request `seq` of `simple/greeting`, 0.1 ms, unless overridden. */
export function recordBase(seq: number, overrides: Partial<RecordBase> = {}): RecordBase {
  return {
    id: `r${seq}`,
    seq,
    category: "simple",
    family: "greeting",
    expected: "approve",
    execution_time: 0.1,
    latency: 0.2,
    schedule_lag: 0,
    at: 0,
    ...overrides,
  };
}

/** The fields of a failed request: no decision, the error, and whether it was unexpected. */
export function failedFields(
  error: RecordError,
  unhandled = false,
): Omit<RequestRecord, keyof RecordBase> {
  return {
    success: false,
    confidence: null,
    pre_validation: null,
    approval_path: null,
    clarification: false,
    outcome: null,
    error,
    unhandled,
  };
}

/** The record of a request that failed. */
export function failedRecord(
  base: RecordBase,
  error: RecordError,
  unhandled = false,
): RequestRecord {
  return { ...base, ...failedFields(error, unhandled) };
}

/** The record of an answered request; the route follows the outcome. */
export function answeredRecord(
  base: RecordBase,
  decision: { confidence: number; pre_validation: PreValidation; outcome: Outcome },
): RequestRecord {
  return {
    ...base,
    success: true,
    confidence: decision.confidence,
    pre_validation: decision.pre_validation,
    approval_path: decision.outcome === "approved" ? "approved" : "clarification",
    clarification: decision.outcome === "clarification",
    outcome: decision.outcome,
    error: null,
    unhandled: false,
  };
}

/** Options for {@linkcode createRecordStream}. */
export interface RecordStreamOptions {
  /** Seed. @default {1} */
  seed?: number;
  /** Time of the first completion, epoch ms. @default {Date.UTC(2026, 10, 25)} */
  startMs?: number;
  /** Requests per second. @default {17} */
  ratePerSecond?: number;
  /** Share of failed requests. @default {0.005} */
  errorRate?: number;
  /** Round every value to a binary fraction so sums merge without rounding error. @default {false} */
  dyadic?: boolean;
  /** Families used. @default {FAMILIES} */
  families?: readonly FamilySpec[];
  /** Share of answered requests that get their expected outcome; the rest get one at random. @default {0.92} */
  agreement?: number;
  /** Category weights (only the categories of `families` are drawn). @default {DEFAULT_MIX} */
  mix?: Readonly<Record<Category, number>>;
  /** Changes each record after it is drawn (e.g. a guard regression). @default {none} */
  alter?: (record: RequestRecord) => RequestRecord;
}

/** An endless, seeded stream of realistic request records. */
export interface RecordStream {
  /** The next record. */
  next(): RequestRecord;
}

/** Creates a seeded stream of request records with a realistic mix and latency spread. */
export function createRecordStream(options: RecordStreamOptions = {}): RecordStream {
  const rng = createRandom(options.seed ?? 1);
  const families = options.families ?? FAMILIES;
  const byCategory = new Map<Category, FamilySpec[]>();
  for (const f of families) {
    const list = byCategory.get(f.category) ?? [];
    list.push(f);
    byCategory.set(f.category, list);
  }
  const mix = options.mix ?? DEFAULT_MIX;
  const weights = [...byCategory.keys()].map((c) => [c, mix[c]] as const);
  const alter = options.alter ?? ((r: RequestRecord) => r);
  const totalWeight = weights.reduce((n, [, w]) => n + w, 0);
  const gapMs = 1000 / (options.ratePerSecond ?? 17);
  const errorRate = options.errorRate ?? 0.005;
  const dyadic = options.dyadic ?? false;
  const agreement = options.agreement ?? 0.92;
  const ms = (v: number) => dyadic ? Math.round(v * 1024) / 1024 : v;
  let at = options.startMs ?? Date.UTC(2026, 10, 25);
  let seq = 0;
  return {
    next(): RequestRecord {
      seq++;
      at += dyadic ? Math.round(gapMs) : gapMs;
      let pick = rng.next() * totalWeight;
      let category = weights[0]![0];
      for (const [c, w] of weights) {
        category = c;
        if ((pick -= w) < 0) break;
      }
      const spec = rng.pick(byCategory.get(category)!);
      const execution = ms(clamp(spec.medianMs * Math.exp(0.6 * normal(rng)), 0.001, 2));
      const lag = ms(rng.chance(0.9) ? 0.05 + 0.25 * rng.next() : 5 * rng.next());
      const base = {
        id: `r-${String(seq).padStart(6, "0")}`,
        seq,
        category,
        family: spec.family,
        expected: spec.expected,
        execution_time: execution,
        latency: ms(execution + lag),
        schedule_lag: lag,
        at: Math.round(at),
      };
      if (rng.chance(errorRate)) {
        const unhandled = rng.chance(0.1);
        const error = unhandled
          ? { type: "unhandled", message: "TypeError: x is undefined" }
          : { type: rng.chance(0.5) ? "timeout" : "fault_injected", message: "injected" };
        return failedRecord(base, error, unhandled);
      }
      const outcome: Outcome = rng.chance(agreement) ? outcomeFor(spec.expected) : rng.pick(
        ["approved", "clarification", "blocked"] as const,
      );
      const low = outcome === "approved" ? 0.6 : outcome === "clarification" ? 0.25 : 0;
      const raw = clamp(low + 0.4 * rng.next(), 0, 1);
      const confidence = dyadic ? Math.round(raw * 64) / 64 : raw;
      return alter(answeredRecord(base, {
        confidence,
        pre_validation: rng.chance(0.35) ? "passed" : "failed",
        outcome,
      }));
    },
  };
}

function outcomeFor(expected: Expected): Outcome {
  return expected === "approve" ? "approved" : expected === "clarify" ? "clarification" : "blocked";
}

function normal(rng: Random): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Options for {@linkcode buildReports}. */
export interface ReportsOptions extends RecordStreamOptions {
  /** Number of reports. @default {10} */
  reports?: number;
  /** Requests per report. @default {500} */
  requestsPerReport?: number;
  /** Run id. @default {"run-1"} */
  runId?: string;
  /** Id of the first report. @default {1} */
  firstId?: number;
  /** Target name. @default {"reference"} */
  target?: string;
}

/** Builds consecutive reports through {@linkcode ReportWindow}, as the simulator does. */
export function buildReports(options: ReportsOptions = {}): Report[] {
  return [...generateReports(options)];
}

/** Yields consecutive reports one at a time (for long documents). */
export function* generateReports(options: ReportsOptions = {}): Generator<Report> {
  const stream = createRecordStream(options);
  const n = options.reports ?? 10;
  const per = options.requestsPerReport ?? 500;
  let windowStart = options.startMs ?? Date.UTC(2026, 10, 25);
  for (let i = 0; i < n; i++) {
    const window = new ReportWindow();
    let last = windowStart;
    for (let k = 0; k < per; k++) {
      const record = stream.next();
      window.add(record, record.schedule_lag > 4);
      last = record.at;
    }
    yield window.toReport({
      id: (options.firstId ?? 1) + i,
      run_id: options.runId ?? "run-1",
      kind: i === n - 1 ? "final" : "report",
      started_at: windowStart,
      ended_at: last,
      target: options.target ?? "reference",
      load_level: 1 + (i % 3),
      interval_ms: { min: 50, max: 200 },
    });
    windowStart = last;
  }
}

/** A run description with defaults that pass validation. */
export function buildRunInfo(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    run_id: "run-1",
    seed: 42,
    started_at: new Date(Date.UTC(2026, 10, 25)).toISOString(),
    ended_at: null,
    config: {
      target: "reference",
      interval_min: 50,
      interval_max: 200,
      arrival: "uniform",
      adaptive: true,
      concurrency: 8,
      timeout_ms: 5000,
      report_interval: 500,
      report_seconds: 300,
      max_requests: null,
      duration_s: null,
      log_size: 10000,
      mix: { ...DEFAULT_MIX },
      corpus: null,
      faults: { fault_rate: 0, slow_rate: 0, slow_ms: 0, throw_rate: 0, malformed_rate: 0 },
    },
    ...overrides,
  };
}

/** A status block with defaults that pass validation. */
export function buildStatus(overrides: Partial<Status> = {}): Status {
  return {
    state: "running",
    updated_at: new Date(Date.UTC(2026, 10, 25, 1)).toISOString(),
    started_at: new Date(Date.UTC(2026, 10, 25)).toISOString(),
    pid: 4242,
    target: "reference",
    load_level: 1,
    interval_ms: { min: 50, max: 200 },
    requests: 0,
    in_flight: 0,
    report_interval: 500,
    report_seconds: 300,
    ...overrides,
  };
}

/** Options for {@linkcode buildDocument}. */
export interface DocumentOptions extends ReportsOptions {
  /** Retention applied after each report, or false for none. @default {{}} (defaults) */
  retention?: RetentionOptions | false;
}

/**
 * Builds a metrics document the way the simulator does: reports appended one
 * by one, retention applied after each. `{reports: 3000}` at the default 500
 * requests and 17 requests/s is a realistic 24-hour file.
 */
export function buildDocument(options: DocumentOptions = {}): MetricsDocument {
  const runId = options.runId ?? "run-1";
  const start = options.startMs ?? Date.UTC(2026, 10, 25);
  const doc = createDocument(
    buildRunInfo({ run_id: runId, started_at: new Date(start).toISOString() }),
    buildStatus({ started_at: new Date(start).toISOString() }),
  );
  let last: Report | undefined;
  for (const r of generateReports(options)) {
    appendReport(doc, r);
    if (options.retention !== false) applyRetention(doc, options.retention ?? {});
    last = r;
  }
  doc.status.requests = doc.cumulative.total_requests;
  if (last !== undefined) doc.status.updated_at = last.ended_at;
  doc.events.push({
    at: new Date(start).toISOString(),
    run_id: runId,
    type: "run_started",
    message: "Run started",
  });
  return doc;
}
