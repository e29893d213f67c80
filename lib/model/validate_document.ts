/**
 * Validation of untrusted metrics documents: every field a reader uses is
 * checked for type and range, deeply enough that merging, summarising and
 * rendering never crash on a hand-edited or damaged file. The first problem
 * is reported with its JSON path and the value found.
 *
 * Written for speed (a 10 MB file validates in a few tens of milliseconds):
 * plain loops, no schema library, paths built only per object.
 *
 * @module
 */
import { describeValue, escapeControls } from "../fmt/quote.ts";
import { CATEGORIES } from "./category.ts";
import { MIN_INDEXABLE } from "./histogram_data.ts";
import { CONFIDENCE_BINS } from "./stats_data.ts";
import { type MetricsDocument, type Report, SCHEMA } from "./metrics_document.ts";
import { MetricsFileError } from "./metrics_file_error.ts";

/** Smallest histogram accuracy accepted (keeps merged bucket arrays bounded). */
export const MIN_ACCURACY = 1e-5;

/** Largest value (ms) a histogram bucket may stand for: about 31 years. */
const MAX_VALUE_MS = 1e12;

type Obj = Record<string, unknown>;

/** Validation state: the file, and the one histogram accuracy the file uses. */
interface Ctx {
  file: string;
  accuracy: number | null;
}

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  const runs = list(ctx, doc.runs, "runs");
  for (let i = 0; i < runs.length; i++) runInfo(ctx, runs[i], `runs[${i}]`);
  status(ctx, doc.status, "status");
  const cumulative = object(ctx, doc.cumulative, "cumulative");
  summary(ctx, cumulative, "cumulative");
  aggregates(ctx, cumulative, "cumulative");
  const reports = list(ctx, doc.reports, "reports");
  for (let i = 0; i < reports.length; i++) report(ctx, reports[i], `reports[${i}]`);
  const rollups = list(ctx, doc.rollups, "rollups");
  for (let i = 0; i < rollups.length; i++) report(ctx, rollups[i], `rollups[${i}]`);
  const errors = list(ctx, doc.errors, "errors");
  for (let i = 0; i < errors.length; i++) errorSample(ctx, errors[i], `errors[${i}]`);
  const events = list(ctx, doc.events, "events");
  for (let i = 0; i < events.length; i++) runEvent(ctx, events[i], `events[${i}]`);
  return value as MetricsDocument;
}

/**
 * Checks one report alone as `validateDocument` checks `where` (e.g.
 * `reports[3]`) of a file, and returns the accuracy its histograms share:
 * a document is valid when its other parts are and every accuracy matches.
 */
export function validateReport(value: unknown, path: string, where: string): number {
  const ctx: Ctx = { file: path, accuracy: null };
  report(ctx, value, where);
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

function join(path: string, key: string): string {
  if (IDENT.test(key)) return path === "" ? key : `${path}.${key}`;
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return `${path}[${JSON.stringify(shown)}]`;
}

function fail(ctx: Ctx, where: string, expectation: string, found: unknown): never {
  const detail = found === undefined
    ? `${escapeControls(where)} is missing (expected ${expectation})`
    : `${escapeControls(where)} must be ${expectation}: got ${describeValue(found)}`;
  throw new MetricsFileError("invalid", ctx.file, detail);
}

function failWith(ctx: Ctx, detail: string): never {
  throw new MetricsFileError("invalid", ctx.file, escapeControls(detail));
}

function object(ctx: Ctx, v: unknown, where: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(ctx, where, "an object", v);
  return v as Obj;
}

function list(ctx: Ctx, v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(ctx, where, "a list", v);
  return v;
}

function child(ctx: Ctx, o: Obj, key: string, path: string): Obj {
  const v = o[key];
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    fail(ctx, join(path, key), "an object", v);
  }
  return v as Obj;
}

function nonNegative(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !(v >= 0 && v < Infinity)) {
    fail(ctx, join(path, key), "a number >= 0", v);
  }
  return v;
}

function integer(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    fail(ctx, join(path, key), "an integer", v);
  }
  return v;
}

function count(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    fail(ctx, join(path, key), "an integer >= 0", v);
  }
  return v;
}

function positiveInteger(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    fail(ctx, join(path, key), "an integer >= 1", v);
  }
  return v;
}

/** `{total, answered, <part>}` counts with part <= answered <= total. */
function nestedCounts(ctx: Ctx, o: Obj, key: string, path: string, part: string): void {
  const p = join(path, key);
  const c = child(ctx, o, key, path);
  counts(ctx, c, p, ["total", "answered", part]);
  if ((c.answered as number) > (c.total as number)) {
    fail(ctx, join(p, "answered"), `<= total (${c.total})`, c.answered);
  }
  if ((c[part] as number) > (c.answered as number)) {
    fail(ctx, join(p, part), `<= answered (${c.answered})`, c[part]);
  }
}

function percentOrNull(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && (typeof v !== "number" || !(v >= 0 && v <= 100))) {
    fail(ctx, join(path, key), "a percentage (0..100) or null", v);
  }
}

function unitOrNull(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && (typeof v !== "number" || !(v >= 0 && v <= 1))) {
    fail(ctx, join(path, key), "a number in 0..1 or null", v);
  }
}

function unit(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
    fail(ctx, join(path, key), "a number in 0..1", v);
  }
}

function string(ctx: Ctx, o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string") fail(ctx, join(path, key), "a string", v);
  return v;
}

function stringOrNull(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && typeof v !== "string") fail(ctx, join(path, key), "a string or null", v);
}

function time(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  const t = typeof v === "string" ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) fail(ctx, join(path, key), "an ISO date-time string", v);
  return t;
}

function timeOrNull(ctx: Ctx, o: Obj, key: string, path: string): void {
  if (o[key] !== null) time(ctx, o, key, path);
}

function boolean(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== "boolean") fail(ctx, join(path, key), "true or false", v);
}

function oneOf(ctx: Ctx, o: Obj, key: string, path: string, allowed: readonly string[]): void {
  const v = o[key];
  if (typeof v !== "string" || !allowed.includes(v)) {
    fail(ctx, join(path, key), `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, v);
  }
}

function safeKey(ctx: Ctx, key: string, path: string): void {
  if (key === "__proto__" || key === "") failWith(ctx, `${path} has a forbidden key "${key}"`);
}

function counts(ctx: Ctx, o: Obj, path: string, keys: readonly string[]): void {
  for (const key of keys) count(ctx, o, key, path);
}

function intervalRange(ctx: Ctx, v: unknown, path: string): void {
  const o = object(ctx, v, path);
  const min = nonNegative(ctx, o, "min", path);
  const max = nonNegative(ctx, o, "max", path);
  if (min > max) fail(ctx, join(path, "max"), `>= min (${min})`, max);
}

function runInfo(ctx: Ctx, v: unknown, path: string): void {
  const o = object(ctx, v, path);
  string(ctx, o, "run_id", path);
  count(ctx, o, "seed", path);
  time(ctx, o, "started_at", path);
  timeOrNull(ctx, o, "ended_at", path);
  const cpath = join(path, "config");
  const c = child(ctx, o, "config", path);
  string(ctx, c, "target", cpath);
  nonNegative(ctx, c, "interval_min", cpath);
  nonNegative(ctx, c, "interval_max", cpath);
  oneOf(ctx, c, "arrival", cpath, ["uniform", "poisson"]);
  boolean(ctx, c, "adaptive", cpath);
  positiveInteger(ctx, c, "concurrency", cpath);
  nonNegative(ctx, c, "timeout_ms", cpath);
  count(ctx, c, "report_interval", cpath);
  nonNegative(ctx, c, "report_seconds", cpath);
  if (c.max_requests !== null) count(ctx, c, "max_requests", cpath);
  if (c.duration_s !== null) nonNegative(ctx, c, "duration_s", cpath);
  count(ctx, c, "log_size", cpath);
  const mpath = join(cpath, "mix");
  const mix = child(ctx, c, "mix", cpath);
  for (const name of CATEGORIES) nonNegative(ctx, mix, name, mpath);
  stringOrNull(ctx, c, "corpus", cpath);
  const fpath = join(cpath, "faults");
  const f = child(ctx, c, "faults", cpath);
  unit(ctx, f, "fault_rate", fpath);
  unit(ctx, f, "slow_rate", fpath);
  nonNegative(ctx, f, "slow_ms", fpath);
  unit(ctx, f, "throw_rate", fpath);
  unit(ctx, f, "malformed_rate", fpath);
}

function status(ctx: Ctx, v: unknown, path: string): void {
  const o = object(ctx, v, path);
  oneOf(ctx, o, "state", path, ["running", "stopped"]);
  time(ctx, o, "updated_at", path);
  time(ctx, o, "started_at", path);
  integer(ctx, o, "pid", path);
  string(ctx, o, "target", path);
  count(ctx, o, "load_level", path);
  intervalRange(ctx, o.interval_ms, join(path, "interval_ms"));
  count(ctx, o, "requests", path);
  count(ctx, o, "in_flight", path);
  count(ctx, o, "report_interval", path);
  nonNegative(ctx, o, "report_seconds", path);
}

function errorSample(ctx: Ctx, v: unknown, path: string): void {
  const o = object(ctx, v, path);
  time(ctx, o, "at", path);
  string(ctx, o, "run_id", path);
  count(ctx, o, "seed", path);
  string(ctx, o, "request_id", path);
  count(ctx, o, "seq", path);
  oneOf(ctx, o, "category", path, CATEGORIES);
  string(ctx, o, "family", path);
  string(ctx, o, "type", path);
  string(ctx, o, "message", path);
  string(ctx, o, "input_preview", path);
}

function runEvent(ctx: Ctx, v: unknown, path: string): void {
  const o = object(ctx, v, path);
  time(ctx, o, "at", path);
  string(ctx, o, "run_id", path);
  oneOf(ctx, o, "type", path, [
    "run_started",
    "run_stopped",
    "load_level",
    "target_switch",
    "warning",
  ]);
  string(ctx, o, "message", path);
  if (o.data !== undefined) child(ctx, o, "data", path);
}

function distribution(ctx: Ctx, o: Obj, key: string, path: string): void {
  const p = join(path, key);
  const d = child(ctx, o, key, path);
  nonNegative(ctx, d, "average", p);
  nonNegative(ctx, d, "min", p);
  nonNegative(ctx, d, "max", p);
  nonNegative(ctx, d, "p50", p);
  nonNegative(ctx, d, "p95", p);
  nonNegative(ctx, d, "p99", p);
}

/** The derived fields shared by reports and the cumulative block. */
function summary(ctx: Ctx, o: Obj, path: string): void {
  count(ctx, o, "total_requests", path);
  count(ctx, o, "successful_requests", path);
  count(ctx, o, "failed_requests", path);
  percentOrNull(ctx, o, "success_rate", path);
  percentOrNull(ctx, o, "error_rate", path);
  count(ctx, o, "unhandled_exceptions", path);
  distribution(ctx, o, "execution_time", path);
  distribution(ctx, o, "latency", path);
  const cp = join(path, "confidence");
  const c = child(ctx, o, "confidence", path);
  unitOrNull(ctx, c, "mean", cp);
  unitOrNull(ctx, c, "std_dev", cp);
  unitOrNull(ctx, c, "min", cp);
  unitOrNull(ctx, c, "max", cp);
  const pp = join(path, "pre_validation");
  const pv = child(ctx, o, "pre_validation", path);
  counts(ctx, pv, pp, ["passed", "failed"]);
  percentOrNull(ctx, pv, "pass_rate", pp);
  const ap = join(path, "approval_path");
  const a = child(ctx, o, "approval_path", path);
  counts(ctx, a, ap, ["approved", "clarification"]);
  percentOrNull(ctx, a, "approved_rate", ap);
  percentOrNull(ctx, a, "clarification_rate", ap);
  percentOrNull(ctx, o, "clarification_rate", path);
  counts(ctx, child(ctx, o, "outcomes", path), join(path, "outcomes"), [
    "approved",
    "clarification",
    "blocked",
  ]);
  percentOrNull(ctx, o, "adversarial_block_rate", path);
  percentOrNull(ctx, o, "benign_over_block_rate", path);
  percentOrNull(ctx, o, "agreement_rate", path);
}

/** `stats`, `categories` and `families`, and their agreement with the summary. */
function aggregates(ctx: Ctx, o: Obj, path: string): void {
  const sp = join(path, "stats");
  const s = stats(ctx, o.stats, sp);
  const total = s.total_requests as number;
  if (o.total_requests !== total) {
    fail(
      ctx,
      join(path, "total_requests"),
      `equal to ${sp}.total_requests (${total})`,
      o.total_requests,
    );
  }
  const cp = join(path, "categories");
  const categories = child(ctx, o, "categories", path);
  for (const key in categories) {
    if (!CATEGORY_SET.has(key)) {
      failWith(ctx, `${cp} has an unknown category ${describeValue(key)}`);
    }
    stats(ctx, categories[key], join(cp, key));
  }
  const fp = join(path, "families");
  const families = child(ctx, o, "families", path);
  for (const key in families) {
    safeKey(ctx, key, fp);
    stats(ctx, families[key], join(fp, key));
  }
}

function report(ctx: Ctx, v: unknown, path: string): void {
  const o = object(ctx, v, path);
  positiveInteger(ctx, o, "id", path);
  string(ctx, o, "run_id", path);
  oneOf(ctx, o, "kind", path, ["report", "final", "rollup"]);
  positiveInteger(ctx, o, "merged_reports", path);
  const start = time(ctx, o, "started_at", path);
  const end = time(ctx, o, "ended_at", path);
  if (end < start) fail(ctx, join(path, "ended_at"), "at or after started_at", o.ended_at);
  nonNegative(ctx, o, "duration_s", path);
  const first = count(ctx, o, "seq_first", path);
  const last = count(ctx, o, "seq_last", path);
  if (last < first) fail(ctx, join(path, "seq_last"), `>= seq_first (${first})`, last);
  string(ctx, o, "target", path);
  count(ctx, o, "load_level", path);
  intervalRange(ctx, o.interval_ms, join(path, "interval_ms"));
  nonNegative(ctx, o, "throughput_rps", path);
  count(ctx, o, "late_requests", path);
  distribution(ctx, o, "schedule_lag", path);
  histogram(ctx, o.schedule_lag_histogram, join(path, "schedule_lag_histogram"));
  summary(ctx, o, path);
  aggregates(ctx, o, path);
}

/** Validates a StatsData and returns it as an object. */
function stats(ctx: Ctx, v: unknown, path: string): Obj {
  const o = object(ctx, v, path);
  const total = count(ctx, o, "total_requests", path);
  const ok = count(ctx, o, "successful_requests", path);
  const failed = count(ctx, o, "failed_requests", path);
  if (ok + failed !== total) {
    fail(
      ctx,
      join(path, "total_requests"),
      `successful_requests + failed_requests (${ok + failed})`,
      total,
    );
  }
  const unhandled = count(ctx, o, "unhandled_exceptions", path);
  if (unhandled > failed) {
    fail(ctx, join(path, "unhandled_exceptions"), `<= failed_requests (${failed})`, unhandled);
  }
  for (const key of ["execution_time", "latency"]) {
    const n = histogram(ctx, o[key], join(path, key));
    if (n !== total) fail(ctx, join(join(path, key), "count"), `total_requests (${total})`, n);
  }
  confidence(ctx, o.confidence, join(path, "confidence"), ok);
  counts(ctx, child(ctx, o, "pre_validation", path), join(path, "pre_validation"), [
    "passed",
    "failed",
  ]);
  counts(ctx, child(ctx, o, "approval_path", path), join(path, "approval_path"), [
    "approved",
    "clarification",
  ]);
  counts(ctx, child(ctx, o, "outcomes", path), join(path, "outcomes"), [
    "approved",
    "clarification",
    "blocked",
  ]);
  nestedCounts(ctx, o, "adversarial", path, "not_approved");
  nestedCounts(ctx, o, "benign", path, "blocked");
  const cfp = join(path, "confusion");
  const cf = child(ctx, o, "confusion", path);
  for (const row of ["approve", "clarify", "block"]) {
    counts(ctx, child(ctx, cf, row, cfp), join(cfp, row), [
      "approved",
      "clarification",
      "blocked",
      "error",
    ]);
  }
  const ep = join(path, "errors");
  const errors = child(ctx, o, "errors", path);
  for (const key in errors) {
    safeKey(ctx, key, ep);
    count(ctx, errors, key, ep);
  }
  return o;
}

function confidence(ctx: Ctx, v: unknown, path: string, answered: number): void {
  const o = object(ctx, v, path);
  const n = count(ctx, o, "count", path);
  if (n !== answered) fail(ctx, join(path, "count"), `successful_requests (${answered})`, n);
  nonNegative(ctx, o, "sum", path);
  nonNegative(ctx, o, "sum_sq", path);
  unit(ctx, o, "min", path);
  unit(ctx, o, "max", path);
  const bins = o.bins;
  if (!Array.isArray(bins) || bins.length !== CONFIDENCE_BINS) {
    fail(ctx, join(path, "bins"), `a list of ${CONFIDENCE_BINS} counts`, bins);
  }
  let sum = 0;
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i];
    if (typeof b !== "number" || !Number.isSafeInteger(b) || b < 0) {
      fail(ctx, `${path}.bins[${i}]`, "an integer >= 0", b);
    }
    sum += b;
  }
  if (sum !== n) fail(ctx, join(path, "bins"), `counts adding up to count (${n})`, bins);
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
  let sum = zero;
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i];
    if (typeof b !== "number" || !Number.isSafeInteger(b) || b < 0) {
      fail(ctx, `${path}.bins[${i}]`, "an integer >= 0", b);
    }
    sum += b;
  }
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
