/**
 * Validation of untrusted metrics documents: every field a reader uses is
 * checked for type and range, deeply enough that merging, summarising and
 * rendering never crash on a hand-edited or damaged file. The first problem
 * is reported with its JSON path and the value found.
 *
 * Each part of the document is checked against a shape: a table with one
 * check per field of its type, so the compiler refuses a type that gains a
 * field without a check. Checks that relate fields (counts that must add
 * up, times in order, one histogram accuracy per file) follow each shape.
 * Written for speed (a 10 MB file validates in a few tens of milliseconds):
 * plain loops over the tables, no schema library, paths built only per
 * object.
 *
 * @module
 */
import { describeValue } from "../fmt/quote.ts";
import { CATEGORIES, type Category, type Expected, type Mix } from "./category.ts";
import type { Outcome } from "./decision.ts";
import { MIN_INDEXABLE } from "./histogram_data.ts";
import {
  CONFIDENCE_BINS,
  type ConfidenceData,
  type Confusion,
  type DistributionSummary,
  type StatsData,
  type Summary,
} from "./stats_data.ts";
import {
  ARRIVALS,
  type Cumulative,
  type ErrorSample,
  type FaultConfig,
  type MetricsDocument,
  type Report,
  REPORT_KINDS,
  RUN_EVENT_TYPES,
  RUN_STATES,
  type RunConfig,
  type RunEvent,
  type RunInfo,
  SCHEMA,
  type Status,
} from "./metrics_document.ts";
import {
  among,
  boolean,
  type Check,
  checkedApart,
  child,
  count,
  type Ctx,
  fail,
  failWith,
  fields,
  integer,
  item,
  join,
  listOf,
  nested,
  nonNegative,
  nullable,
  type Obj,
  object,
  optional,
  percentOrNull,
  positiveInteger,
  safeKey,
  type Shape,
  string,
  stringOrNull,
  time,
  timeOrNull,
  unit,
  unitOrNull,
} from "./_field_checks.ts";

/** Smallest histogram accuracy accepted (keeps merged bucket arrays bounded). */
export const MIN_ACCURACY = 1e-5;

/** Largest value (ms) a histogram bucket may stand for: about 31 years. */
const MAX_VALUE_MS = 1e12;

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

/**
 * Checks that `value` is a well-formed metrics document and returns it typed.
 * Throws a {@linkcode MetricsFileError} of kind `invalid` naming the JSON path
 * and the value found, e.g. `reports[3].success_rate must be a number or
 * null: got "abc"`. Unknown extra fields are allowed.
 */
export function validateDocument(value: unknown, path: string): MetricsDocument {
  const ctx: Ctx = { file: path, accuracy: null };
  const doc = object(ctx, value, "document");
  if (doc.schema !== SCHEMA) fail(ctx, "schema", `"${SCHEMA}"`, doc.schema);
  integer(ctx, doc, "schema_version", "");
  listOf(ctx, doc, "runs", "", runInfo);
  status(ctx, doc, "status", "");
  cumulative(ctx, doc, "cumulative", "");
  listOf(ctx, doc, "reports", "", report);
  listOf(ctx, doc, "rollups", "", report);
  listOf(ctx, doc, "errors", "", errorSample);
  listOf(ctx, doc, "events", "", runEvent);
  return value as MetricsDocument;
}

/**
 * Checks one report alone as `validateDocument` checks `where` (e.g.
 * `reports[3]`) of a file, and returns the accuracy its histograms share:
 * a document is valid when its other parts are and every accuracy matches.
 */
export function validateReport(value: unknown, path: string, where: string): number {
  const ctx: Ctx = { file: path, accuracy: null };
  report(ctx, { [where]: value }, where, "");
  return ctx.accuracy ?? 0;
}

/**
 * Warnings about report ids: gaps (reports missing) and ids that do not
 * increase. Rollups cover `merged_reports` ids starting at their own id.
 * Readers print these but still analyse the file.
 */
export function reportGaps(doc: MetricsDocument): string[] {
  const warnings: string[] = [];
  let more = 0;
  const warn = (text: string) => {
    if (warnings.length < 10) warnings.push(text);
    else more++;
  };
  const check = (items: readonly Report[], list: string) => {
    for (let i = 0; i < items.length; i++) {
      const r = items[i] as Report;
      const prev = items[i - 1];
      if (prev === undefined) continue;
      const expected = prev.id + Math.max(1, prev.merged_reports);
      if (r.id > expected) {
        const missing = r.id - expected;
        warn(
          `${list}[${i}]: report ids jump from ${prev.id} to ${r.id} (${missing} report${
            missing === 1 ? "" : "s"
          } missing)`,
        );
      } else if (r.id < expected) {
        warn(`${list}[${i}]: report id ${r.id} does not follow ${prev.id} (ids out of order)`);
      }
    }
  };
  check(doc.rollups, "rollups");
  const lastRollup = doc.rollups.at(-1);
  const firstReport = doc.reports[0];
  if (lastRollup !== undefined && firstReport !== undefined) {
    const expected = lastRollup.id + Math.max(1, lastRollup.merged_reports);
    if (firstReport.id > expected) {
      warn(
        `reports[0]: report ids jump from rollups up to ${expected - 1} to ${firstReport.id} (${
          firstReport.id - expected
        } missing)`,
      );
    } else if (firstReport.id < expected) {
      warn(`reports[0]: report id ${firstReport.id} overlaps the rollups (up to ${expected - 1})`);
    }
  }
  check(doc.reports, "reports");
  if (more > 0) warnings.push(`${more} more report id warning${more === 1 ? "" : "s"}`);
  return warnings;
}

const intervalRange: Check = nested<{ min: number; max: number }>(
  { min: nonNegative, max: nonNegative },
  (ctx, o, path) => {
    if ((o.min as number) > (o.max as number)) {
      fail(ctx, join(path, "max"), `>= min (${o.min})`, o.max);
    }
  },
);

const FAULTS: Shape<FaultConfig> = {
  fault_rate: unit,
  slow_rate: unit,
  slow_ms: nonNegative,
  throw_rate: unit,
  malformed_rate: unit,
  leak_rate: optional(unit),
  overblock_rate: optional(unit),
};

const MIX: Shape<Mix> = Object.fromEntries(
  CATEGORIES.map((name): [string, Check] => [name, nonNegative]),
) as Record<Category, Check>;

const RUN_CONFIG: Shape<RunConfig> = {
  target: string,
  interval_min: nonNegative,
  interval_max: nonNegative,
  arrival: among(ARRIVALS),
  adaptive: boolean,
  concurrency: positiveInteger,
  timeout_ms: nonNegative,
  report_interval: count,
  report_seconds: nonNegative,
  max_requests: nullable(count),
  duration_s: nullable(nonNegative),
  log_size: count,
  mix: nested(MIX),
  corpus: stringOrNull,
  faults: nested(FAULTS),
};

const runInfo: Check = item<RunInfo>({
  run_id: string,
  seed: count,
  started_at: time,
  ended_at: timeOrNull,
  config: nested(RUN_CONFIG),
});

const status: Check = item<Status>({
  state: among(RUN_STATES),
  updated_at: time,
  started_at: time,
  pid: integer,
  target: string,
  load_level: count,
  interval_ms: intervalRange,
  requests: count,
  in_flight: count,
  report_interval: count,
  report_seconds: nonNegative,
});

const errorSample: Check = item<ErrorSample>({
  at: time,
  run_id: string,
  seed: count,
  request_id: string,
  seq: count,
  category: among(CATEGORIES),
  family: string,
  type: string,
  message: string,
  input_preview: string,
});

const runEvent: Check = item<RunEvent>({
  at: time,
  run_id: string,
  type: among(RUN_EVENT_TYPES),
  message: string,
  data: (ctx, o, key, path) => {
    if (o[key] !== undefined) child(ctx, o, key, path);
  },
});

const DISTRIBUTION: Shape<DistributionSummary> = {
  average: nonNegative,
  min: nonNegative,
  max: nonNegative,
  p50: nonNegative,
  p95: nonNegative,
  p99: nonNegative,
};

const OUTCOME_COUNTS: Shape<Record<Outcome, number>> = {
  approved: count,
  clarification: count,
  blocked: count,
};

/** The derived fields shared by reports and the cumulative block. */
const SUMMARY: Shape<Summary> = {
  total_requests: count,
  successful_requests: count,
  failed_requests: count,
  success_rate: percentOrNull,
  error_rate: percentOrNull,
  unhandled_exceptions: count,
  execution_time: nested(DISTRIBUTION),
  latency: nested(DISTRIBUTION),
  confidence: nested<Summary["confidence"]>({
    mean: unitOrNull,
    std_dev: unitOrNull,
    min: unitOrNull,
    max: unitOrNull,
  }),
  pre_validation: nested<Summary["pre_validation"]>({
    passed: count,
    failed: count,
    pass_rate: percentOrNull,
  }),
  approval_path: nested<Summary["approval_path"]>({
    approved: count,
    clarification: count,
    approved_rate: percentOrNull,
    clarification_rate: percentOrNull,
  }),
  clarification_rate: percentOrNull,
  outcomes: nested(OUTCOME_COUNTS),
  adversarial_block_rate: percentOrNull,
  benign_over_block_rate: percentOrNull,
  agreement_rate: percentOrNull,
};

/** `{total, answered, <part>}` counts with part <= answered <= total. */
function nestedCounts(part: string): Check {
  return nested<Record<string, number>>(
    { total: count, answered: count, [part]: count },
    (ctx, c, p) => {
      if ((c.answered as number) > (c.total as number)) {
        fail(ctx, join(p, "answered"), `<= total (${c.total})`, c.answered);
      }
      if ((c[part] as number) > (c.answered as number)) {
        fail(ctx, join(p, part), `<= answered (${c.answered})`, c[part]);
      }
    },
  );
}

const CONFUSION_ROW: Shape<Confusion[Expected]> = { ...OUTCOME_COUNTS, error: count };

const CONFUSION: Shape<Confusion> = {
  approve: nested(CONFUSION_ROW),
  clarify: nested(CONFUSION_ROW),
  block: nested(CONFUSION_ROW),
};

/** A histogram field whose count must equal the record's `total_requests`. */
const requestHistogram: Check = (ctx, o, key, path) => {
  const p = join(path, key);
  const n = histogram(ctx, o[key], p);
  if (n !== o.total_requests) {
    fail(ctx, join(p, "count"), `total_requests (${o.total_requests})`, n);
  }
};

/** A map of names to values that `check` checks, with no forbidden names. */
function namedMap(check: Check, allowed?: ReadonlySet<string>, what = "key"): Check {
  return (ctx, o, key, path) => {
    const p = join(path, key);
    const map = child(ctx, o, key, path);
    for (const name in map) {
      if (allowed && !allowed.has(name)) {
        failWith(ctx, `${p} has an unknown ${what} ${describeValue(name)}`);
      }
      safeKey(ctx, name, p);
      check(ctx, map, name, p);
    }
  };
}

const STATS: Shape<StatsData> = {
  total_requests: count,
  successful_requests: count,
  failed_requests: count,
  unhandled_exceptions: count,
  execution_time: requestHistogram,
  latency: requestHistogram,
  confidence: (ctx, o, key, path) => confidence(ctx, o[key], join(path, key), o),
  pre_validation: nested<StatsData["pre_validation"]>({ passed: count, failed: count }),
  approval_path: nested<StatsData["approval_path"]>({ approved: count, clarification: count }),
  outcomes: nested(OUTCOME_COUNTS),
  adversarial: nestedCounts("not_approved"),
  benign: nestedCounts("blocked"),
  confusion: nested(CONFUSION),
  errors: namedMap(count),
};

/** A StatsData field, with the counts that must add up. */
const stats: Check = item<StatsData>(STATS, (ctx, o, path) => {
  const total = o.total_requests as number;
  const ok = o.successful_requests as number;
  const failed = o.failed_requests as number;
  if (ok + failed !== total) {
    fail(
      ctx,
      join(path, "total_requests"),
      `successful_requests + failed_requests (${ok + failed})`,
      total,
    );
  }
  if ((o.unhandled_exceptions as number) > failed) {
    fail(
      ctx,
      join(path, "unhandled_exceptions"),
      `<= failed_requests (${failed})`,
      o.unhandled_exceptions,
    );
  }
});

/** `stats`, `categories` and `families`, checked after the summary fields. */
const AGGREGATES: Shape<Pick<Cumulative, "stats" | "categories" | "families">> = {
  stats: (ctx, o, key, path) => {
    stats(ctx, o, key, path);
    const total = (o[key] as Obj).total_requests;
    if (o.total_requests !== total) {
      fail(
        ctx,
        join(path, "total_requests"),
        `equal to ${join(path, key)}.total_requests (${total})`,
        o.total_requests,
      );
    }
  },
  categories: namedMap(stats, CATEGORY_SET, "category"),
  families: namedMap(stats),
};

const CUMULATIVE: Shape<Cumulative> = { ...SUMMARY, ...AGGREGATES };

const cumulative: Check = item<Cumulative>(CUMULATIVE);

const REPORT: Shape<Report> = {
  id: positiveInteger,
  run_id: string,
  kind: among(REPORT_KINDS),
  merged_reports: positiveInteger,
  started_at: time,
  ended_at: time,
  duration_s: nonNegative,
  seq_first: count,
  seq_last: count,
  target: string,
  load_level: count,
  interval_ms: intervalRange,
  throughput_rps: nonNegative,
  late_requests: count,
  schedule_lag: nested(DISTRIBUTION),
  schedule_lag_histogram: (ctx, o, key, path) => void histogram(ctx, o[key], join(path, key)),
  ...CUMULATIVE,
};

const report: Check = item<Report>(REPORT, (ctx, o, path) => {
  if (Date.parse(o.ended_at as string) < Date.parse(o.started_at as string)) {
    fail(ctx, join(path, "ended_at"), "at or after started_at", o.ended_at);
  }
  if ((o.seq_last as number) < (o.seq_first as number)) {
    fail(ctx, join(path, "seq_last"), `>= seq_first (${o.seq_first})`, o.seq_last);
  }
});

function confidence(ctx: Ctx, v: unknown, path: string, stats: Obj): void {
  const o = object(ctx, v, path);
  const answered = stats.successful_requests as number;
  const n = count(ctx, o, "count", path);
  if (n !== answered) fail(ctx, join(path, "count"), `successful_requests (${answered})`, n);
  fields<Omit<ConfidenceData, "count">>(ctx, o, CONFIDENCE_MOMENTS, path);
  const bins = o.bins as unknown[];
  if (!Array.isArray(bins) || bins.length !== CONFIDENCE_BINS) {
    fail(ctx, join(path, "bins"), `a list of ${CONFIDENCE_BINS} counts`, bins);
  }
  const sum = binCounts(ctx, bins, path, 0);
  if (sum !== n) fail(ctx, join(path, "bins"), `counts adding up to count (${n})`, bins);
}

const CONFIDENCE_MOMENTS: Shape<Omit<ConfidenceData, "count">> = {
  sum: nonNegative,
  sum_sq: nonNegative,
  min: unit,
  max: unit,
  bins: checkedApart,
};

/** Adds up a list of bucket counts after `start`, failing on any that is not a count. */
function binCounts(ctx: Ctx, bins: unknown[], path: string, start: number): number {
  let sum = start;
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i];
    if (typeof b !== "number" || !Number.isSafeInteger(b) || b < 0) {
      fail(ctx, `${path}.bins[${i}]`, "an integer >= 0", b);
    }
    sum += b;
  }
  return sum;
}

/** Validates a HistogramData and returns its count. */
function histogram(ctx: Ctx, v: unknown, path: string): number {
  const o = object(ctx, v, path);
  const accuracy = o.accuracy;
  if (typeof accuracy !== "number" || !(accuracy >= MIN_ACCURACY && accuracy < 1)) {
    fail(ctx, join(path, "accuracy"), `a number in [${MIN_ACCURACY}, 1)`, accuracy);
  }
  if (ctx.accuracy === null) ctx.accuracy = accuracy;
  else if (accuracy !== ctx.accuracy) {
    fail(
      ctx,
      join(path, "accuracy"),
      `the accuracy of the file's other histograms (${ctx.accuracy})`,
      accuracy,
    );
  }
  const n = count(ctx, o, "count", path);
  nonNegative(ctx, o, "sum", path);
  const min = nonNegative(ctx, o, "min", path);
  const max = nonNegative(ctx, o, "max", path);
  if (n > 0 && min > max) fail(ctx, join(path, "max"), `>= min (${min})`, max);
  const zero = count(ctx, o, "zero", path);
  const offset = integer(ctx, o, "offset", path);
  const bins = o.bins;
  if (!Array.isArray(bins)) fail(ctx, join(path, "bins"), "a list of counts", bins);
  const sum = binCounts(ctx, bins, path, zero);
  if (sum !== n) {
    fail(ctx, join(path, "count"), `zero + the sum of bins (${sum})`, n);
  }
  if (bins.length > 0) {
    const logGamma = Math.log((1 + accuracy) / (1 - accuracy));
    const lowest = Math.floor(Math.log(MIN_INDEXABLE) / logGamma) - 1;
    const highest = Math.ceil(Math.log(MAX_VALUE_MS) / logGamma) + 1;
    if (offset < lowest || offset + bins.length - 1 > highest) {
      fail(
        ctx,
        join(path, "offset"),
        `a bucket index in ${lowest}..${highest - bins.length + 1} for ${bins.length} bins`,
        offset,
      );
    }
  }
  return n;
}
