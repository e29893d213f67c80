/**
 * The metrics file: one JSON document, rewritten atomically at each report.
 * This module owns its shape; `validate_document.ts` checks untrusted input
 * against it.
 *
 * @module
 */
import type { Category, Mix } from "./category.ts";
import type { HistogramData } from "./histogram_data.ts";
import type { DistributionSummary, StatsData, Summary } from "./stats_data.ts";

/** Identifies a buddy-traffic metrics document. */
export const SCHEMA = "buddy-traffic/metrics";

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = 1;

/** Default metrics file path, as in the product description. */
export const DEFAULT_FILE = "buddy_traffic_metrics.json";

/**
 * The data directory beside a metrics file: kept-aside histories (`--fresh`)
 * go there, and it is the place for KV stores the tasks' grants cover.
 */
export const DATA_DIR = "buddy_traffic_data";

/** Every kind of report: periodic, the last of a run, and a merged rollup of old reports. */
export const REPORT_KINDS = ["report", "final", "rollup"] as const;

/** The kind of a {@linkcode Report}. */
export type ReportKind = typeof REPORT_KINDS[number];

/** Every type of run event. */
export const RUN_EVENT_TYPES = [
  "run_started",
  "run_stopped",
  "load_level",
  "target_switch",
  "warning",
] as const;

/** The type of a {@linkcode RunEvent}. */
export type RunEventType = typeof RUN_EVENT_TYPES[number];

/** Every state of a simulator run. */
export const RUN_STATES = ["running", "stopped"] as const;

/** Whether a simulator is running. */
export type RunState = typeof RUN_STATES[number];

/** Every arrival process: uniform or Poisson-distributed send intervals. */
export const ARRIVALS = ["uniform", "poisson"] as const;

/** How requests arrive. */
export type Arrival = typeof ARRIVALS[number];

/** Fault injection settings of the embedded engine. */
export interface FaultConfig {
  /** Share of requests (0..1) that fail with an injected error. */
  fault_rate: number;
  /** Share of requests (0..1) that are slowed down. */
  slow_rate: number;
  /** Added service time of a slowed request, in ms. */
  slow_ms: number;
  /** Share of requests (0..1) that throw an unexpected exception. */
  throw_rate: number;
  /** Share of requests (0..1) answered with a malformed decision. */
  malformed_rate: number;
  /**
   * Share (0..1) of the decisions the embedded engine blocks that are approved
   * instead (a guard regression). Absent in files written before it existed: 0.
   */
  leak_rate?: number;
  /**
   * Share (0..1) of the decisions the embedded engine approves or sends to
   * clarification that are blocked instead. Absent in older files: 0.
   */
  overblock_rate?: number;
}

/** The validated configuration a run was started with. */
export interface RunConfig {
  /** Target name: `reference` or `http`. */
  target: string;
  /** Base minimum interval between requests, ms (Level 1). */
  interval_min: number;
  /** Base maximum interval between requests, ms (Level 1). */
  interval_max: number;
  /** Arrival process. */
  arrival: Arrival;
  /** Whether load levels adapt. */
  adaptive: boolean;
  /** Maximum requests in flight. */
  concurrency: number;
  /** Per-request timeout, ms. */
  timeout_ms: number;
  /** Report every this many requests. */
  report_interval: number;
  /** Report at least every this many seconds. */
  report_seconds: number;
  /** Stop after this many requests (null: unlimited). */
  max_requests: number | null;
  /** Stop after this many seconds (null: unlimited). */
  duration_s: number | null;
  /** Rolling request log size. */
  log_size: number;
  /** Category weights in force. */
  mix: Mix;
  /** Corpus file replayed instead of generated traffic, if any. */
  corpus: string | null;
  /** Fault injection of the embedded engine. */
  faults: FaultConfig;
}

/** One simulator run that contributed to the file. */
export interface RunInfo {
  /** Unique run id. */
  run_id: string;
  /** Seed: the same seed and config reproduce the same traffic. */
  seed: number;
  /** ISO start time. */
  started_at: string;
  /** ISO stop time, null while running. */
  ended_at: string | null;
  /** The configuration. */
  config: RunConfig;
}

/** Request interval range in force, ms. */
export interface IntervalRange {
  /** Minimum gap. */
  min: number;
  /** Maximum gap. */
  max: number;
}

/** One report: the aggregate of a window of requests. */
export interface Report extends Summary {
  /** 1-based, contiguous across the file. */
  id: number;
  /** Run that produced it. */
  run_id: string;
  /** `report` (periodic), `final` (at stop) or `rollup` (merged older reports). */
  kind: ReportKind;
  /** Number of reports merged into this one (1 unless a rollup). */
  merged_reports: number;
  /** ISO start of the window. */
  started_at: string;
  /** ISO end of the window. */
  ended_at: string;
  /** Window length in seconds. */
  duration_s: number;
  /** First request sequence number in the window. */
  seq_first: number;
  /** Last request sequence number in the window. */
  seq_last: number;
  /** Target that served the window (`mixed` when it changed inside it). */
  target: string;
  /** Load level at the end of the window. */
  load_level: number;
  /** Interval range at the end of the window. */
  interval_ms: IntervalRange;
  /** Completed requests per second over the window. */
  throughput_rps: number;
  /** Requests that could not start at their intended time (in-flight cap). */
  late_requests: number;
  /** How late requests started against the schedule, ms. */
  schedule_lag: DistributionSummary;
  /** Mergeable raw schedule lag. */
  schedule_lag_histogram: HistogramData;
  /** Mergeable raw aggregate of the whole window. */
  stats: StatsData;
  /** Raw aggregate per category present in the window. */
  categories: Partial<Record<Category, StatsData>>;
  /** Raw aggregate per family, keyed `category/family`. */
  families: Record<string, StatsData>;
}

/** Live state of the simulator. */
export interface Status {
  /** `running` while the simulator writes, `stopped` after its final report. */
  state: RunState;
  /** ISO time of the last write. */
  updated_at: string;
  /** ISO start of the current run. */
  started_at: string;
  /** Process id of the writer. */
  pid: number;
  /** Target in use. */
  target: string;
  /** Current load level (1..3). */
  load_level: number;
  /** Current interval range. */
  interval_ms: IntervalRange;
  /** Requests completed in the current run. */
  requests: number;
  /** Requests in flight at the last write. */
  in_flight: number;
  /** Report every this many requests. */
  report_interval: number;
  /** Report at least every this many seconds. */
  report_seconds: number;
}

/** A recent failed request, kept so it can be reproduced. */
export interface ErrorSample {
  /** ISO time. */
  at: string;
  /** Run id. */
  run_id: string;
  /** The run's seed. */
  seed: number;
  /** Request id. */
  request_id: string;
  /** Sequence number. */
  seq: number;
  /** Category. */
  category: Category;
  /** Family. */
  family: string;
  /** Error type. */
  type: string;
  /** Error message (untrusted). */
  message: string;
  /** First characters of the input (untrusted). */
  input_preview: string;
}

/** Something that happened to the run as a whole. */
export interface RunEvent {
  /** ISO time. */
  at: string;
  /** Run id. */
  run_id: string;
  /** Event kind. */
  type: RunEventType;
  /** One-line description. */
  message: string;
  /** Optional details, e.g. `{from: 1, to: 2}`. */
  data?: Record<string, unknown>;
}

/** Aggregate since the file was created. */
export interface Cumulative extends Summary {
  /** Mergeable raw aggregate. */
  stats: StatsData;
  /** Per category. */
  categories: Partial<Record<Category, StatsData>>;
  /** Per family, keyed `category/family`. */
  families: Record<string, StatsData>;
}

/** The whole metrics file. */
export interface MetricsDocument {
  /** Always {@linkcode SCHEMA}. */
  schema: typeof SCHEMA;
  /** Always {@linkcode SCHEMA_VERSION}. */
  schema_version: number;
  /** Runs that wrote into this file, oldest first. */
  runs: RunInfo[];
  /** Live state. */
  status: Status;
  /** Totals since the file was created. */
  cumulative: Cumulative;
  /** Recent reports at full detail, oldest first. */
  reports: Report[];
  /** Older reports merged per hour, oldest first. */
  rollups: Report[];
  /** Recent error samples, oldest first. */
  errors: ErrorSample[];
  /** Run events, oldest first. */
  events: RunEvent[];
}
