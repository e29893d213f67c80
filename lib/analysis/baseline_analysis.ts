/**
 * A range compared with a baseline run, overall, category by category and
 * family by family: the approval, clarification and block rates and the two
 * guard rates (adversarial blocking, benign over-blocking) with two-sided
 * two-proportion z-tests, and the p50/p95/p99 execution times from the
 * merged histograms with a quantile test (Mood's median test generalised to
 * any quantile: the share of each run above the pooled quantile, compared
 * with the same z-test).
 *
 * Many rows are tested at once, so the p-values are adjusted with
 * Holm–Bonferroni: it bounds the chance of any false "regressed" verdict
 * (the family-wise error rate) at `alpha`, which is what a gate that fails a
 * CI job needs, holds under any dependence between the tests (the three
 * outcome rates of a group add up to 100 %), and is never less powerful
 * than plain Bonferroni. The rate rows and the latency rows are adjusted as
 * two separate families, so that latency noise on a busy machine never
 * dilutes the guard's tests.
 *
 * @module
 */
import type { Stats } from "../metrics/stats.ts";
import { mergeHistograms } from "../metrics/histogram.ts";
import { CATEGORIES, EXPECTED_OUTCOMES } from "../model/category.ts";
import type { Outcome } from "../model/decision.ts";
import type { RangeStats } from "./range_stats.ts";

/** What a row says. */
export type BaselineVerdict =
  | "regressed"
  | "improved"
  | "no significant change"
  | "insufficient data";

/** The rates compared: three outcome shares and the two guard rates. */
export type ComparedRate =
  | "approved"
  | "clarification"
  | "blocked"
  | "adversarial_blocking"
  | "benign_over_blocking";

/** Every compared rate, in table order. */
export const COMPARED_RATES: readonly ComparedRate[] = [
  "approved",
  "clarification",
  "blocked",
  "adversarial_blocking",
  "benign_over_blocking",
];

/** Latency quantiles compared. */
export type ComparedQuantile = "p50" | "p95" | "p99";

const QUANTILES: readonly [ComparedQuantile, number][] = [["p50", 0.5], ["p95", 0.95], [
  "p99",
  0.99,
]];

/** What a row is about: everything, a category, or a `category/family`. */
export type GroupLevel = "total" | "category" | "family";

/** A count out of a whole, and its share in percent (null when the whole is 0). */
export interface Proportion {
  /** Requests counted. */
  count: number;
  /** Requests in the denominator. */
  n: number;
  /** `count / n` in percent, rounded to 0.01. */
  rate: number | null;
}

/** One rate of one group, baseline against current. */
export interface RateComparison {
  /** `total`, a category, or `category/family`. */
  group: string;
  /** What the group is. */
  level: GroupLevel;
  /** The rate compared. */
  metric: ComparedRate;
  /** The baseline's proportion. */
  baseline: Proportion;
  /** The selected range's proportion. */
  current: Proportion;
  /** Current minus baseline, in percentage points (null without both rates). */
  difference_pp: number | null;
  /** The z statistic (current minus baseline over the pooled standard error), null without a test. */
  z: number | null;
  /** Two-sided p-value, null without a test. */
  p: number | null;
  /** Holm-adjusted p-value, null without a test. */
  p_adjusted: number | null;
  /** The verdict. */
  verdict: BaselineVerdict;
}

/** One latency quantile of one group, baseline against current. */
export interface LatencyComparison {
  /** `total` or a category. */
  group: string;
  /** What the group is. */
  level: GroupLevel;
  /** The quantile. */
  quantile: ComparedQuantile;
  /** Baseline execution-time quantile, ms (null without data). */
  baseline_ms: number | null;
  /** Current execution-time quantile, ms (null without data). */
  current_ms: number | null;
  /** Current minus baseline, ms. */
  shift_ms: number | null;
  /** Share of each run above the pooled quantile, in percent. */
  baseline_above: Proportion;
  /** Share of the current range above the pooled quantile, in percent. */
  current_above: Proportion;
  /** The z statistic of the shares above (positive: the current range is slower), null without a test. */
  z: number | null;
  /** Two-sided p-value, null without a test. */
  p: number | null;
  /** Holm-adjusted p-value (within the latency rows), null without a test. */
  p_adjusted: number | null;
  /** The verdict: slower is `regressed`. */
  verdict: BaselineVerdict;
}

/** Options for {@linkcode analyzeBaseline}. */
export interface BaselineOptions {
  /** Family-wise error rate of each family of tests. @default {0.05} */
  alpha?: number;
  /** Fewest requests in the denominator on each side for a rate verdict. @default {30} */
  minSamples?: number;
}

/** The comparison. */
export interface BaselineAnalysis {
  /** Family-wise error rate. */
  alpha: number;
  /** The correction applied to the p-values. */
  correction: "holm-bonferroni";
  /** Fewest requests on each side for a rate verdict. */
  min_samples: number;
  /** Requests in the baseline and in the current range. */
  requests: { baseline: number; current: number };
  /** Rate rows: total, categories, families. */
  rates: RateComparison[];
  /** Latency rows: total and categories. */
  latency: LatencyComparison[];
  /** Rows counted by verdict (rates and latency together). */
  counts: Record<BaselineVerdict, number>;
  /**
   * The gating rows: adversarial blocking that went down, or benign
   * over-blocking that went up, significantly (any group).
   */
  guard_regressions: RateComparison[];
}

/** Default family-wise error rate. */
export const DEFAULT_ALPHA = 0.05;

/** Default fewest requests on each side for a rate verdict. */
export const DEFAULT_MIN_SAMPLES = 30;

/**
 * Two-proportion z-test (pooled standard error): `z` for `x2/n2` against
 * `x1/n1` and its two-sided p-value. With equal proportions at 0 % or 100 %
 * (no variance) z is 0 and p is 1. Throws a `RangeError` on counts that are
 * not whole numbers in 0..n with n >= 1.
 */
export function twoProportionZTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): { z: number; p: number } {
  for (const [x, n] of [[x1, n1], [x2, n2]] as const) {
    if (!Number.isSafeInteger(x) || !Number.isSafeInteger(n) || n < 1 || x < 0 || x > n) {
      throw new RangeError(
        `Cannot test proportions as a count must be a whole number in 0..n with n >= 1: current value is ${x}/${n}`,
      );
    }
  }
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1 };
  const z = (p2 - p1) / se;
  return { z, p: twoSidedP(z) };
}

/** Two-sided p-value of a standard normal statistic: `P(|Z| >= |z|)`. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/**
 * Complementary error function (W. J. Cody's rational Chebyshev
 * approximation as in Numerical Recipes' `erfcc`: fractional error below
 * 1.2e-7 everywhere).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 +
      t * (1.00002368 +
          t * (0.37409196 +
              t * (0.09678418 +
                  t * (-0.18628806 +
                      t * (0.27886807 +
                          t *
                            (-1.13520398 +
                              t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? r : 2 - r;
}

/**
 * Holm–Bonferroni adjusted p-values, in the order given: the i-th smallest
 * p-value times `m - i + 1`, made monotone and capped at 1. A test is
 * significant at level alpha when its adjusted p-value is <= alpha.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, index], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[index] = running;
  });
  return out;
}

/** A group of requests on both sides. */
interface GroupPair {
  name: string;
  level: GroupLevel;
  baseline: Stats | undefined;
  current: Stats | undefined;
}

/**
 * Compares `current` (the selected range) with `baseline`: every group found
 * on either side, the total first, then categories in the product's order,
 * then families by name.
 */
export function analyzeBaseline(
  baseline: RangeStats,
  current: RangeStats,
  options: BaselineOptions = {},
): BaselineAnalysis {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const minSamples = options.minSamples ?? DEFAULT_MIN_SAMPLES;
  if (!(alpha > 0 && alpha < 1)) {
    throw new RangeError(
      `Cannot compare with a baseline as 'alpha' must be in (0, 1): current value is ${alpha}`,
    );
  }
  if (!(Number.isSafeInteger(minSamples) && minSamples >= 1)) {
    throw new RangeError(
      `Cannot compare with a baseline as 'minSamples' must be a whole number >= 1: current value is ${minSamples}`,
    );
  }
  const groups: GroupPair[] = [
    { name: "total", level: "total", baseline: baseline.stats, current: current.stats },
  ];
  for (const name of CATEGORIES) {
    const b = baseline.categories.get(name);
    const c = current.categories.get(name);
    if ((b?.total ?? 0) > 0 || (c?.total ?? 0) > 0) {
      groups.push({ name, level: "category", baseline: b, current: c });
    }
  }
  const familyNames = [...new Set([...baseline.families.keys(), ...current.families.keys()])]
    .sort();
  for (const name of familyNames) {
    const b = baseline.families.get(name);
    const c = current.families.get(name);
    if ((b?.total ?? 0) > 0 || (c?.total ?? 0) > 0) {
      groups.push({ name, level: "family", baseline: b, current: c });
    }
  }

  const rates: RateComparison[] = [];
  for (const g of groups) {
    for (const metric of COMPARED_RATES) {
      const row = rateRow(g, metric, minSamples);
      if (row !== null) rates.push(row);
    }
  }
  adjust(rates, alpha, (row) => rateDirection(row, groups));

  const latency: LatencyComparison[] = [];
  for (const g of groups) {
    if (g.level === "family") continue;
    for (const [quantile, q] of QUANTILES) latency.push(latencyRow(g, quantile, q, minSamples));
  }
  // More of the current range above the pooled quantile (z > 0) is slower: a regression.
  adjust(latency, alpha, (row) => -Math.sign(row.z ?? 0));

  const counts: Record<BaselineVerdict, number> = {
    "regressed": 0,
    "improved": 0,
    "no significant change": 0,
    "insufficient data": 0,
  };
  for (const row of [...rates, ...latency]) counts[row.verdict]++;
  return {
    alpha,
    correction: "holm-bonferroni",
    min_samples: minSamples,
    requests: { baseline: baseline.stats.total, current: current.stats.total },
    rates,
    latency,
    counts,
    guard_regressions: rates.filter((r) =>
      r.verdict === "regressed" &&
      (r.metric === "adversarial_blocking" || r.metric === "benign_over_blocking")
    ),
  };
}

/** Whether a comparison found a significant guard regression (the `--check` gate). */
export function baselineGateFails(analysis: BaselineAnalysis): boolean {
  return analysis.guard_regressions.length > 0;
}

interface Tested {
  z: number | null;
  p: number | null;
  p_adjusted: number | null;
  verdict: BaselineVerdict;
}

/**
 * Adjusts the p-values of the rows that have a test, and gives each a
 * verdict: significant and `direction(row) < 0` is regressed, `> 0` improved.
 */
function adjust<T extends Tested>(rows: T[], alpha: number, direction: (row: T) => number): void {
  const tested = rows.filter((r) => r.p !== null);
  const adjusted = holmAdjust(tested.map((r) => r.p as number));
  tested.forEach((row, i) => {
    const p = adjusted[i] as number;
    row.p_adjusted = round(p, 6);
    const d = direction(row);
    row.verdict = p <= alpha && d !== 0
      ? (d < 0 ? "regressed" : "improved")
      : "no significant change";
  });
}

function proportion(count: number, n: number): Proportion {
  return { count, n, rate: n > 0 ? round((count / n) * 100, 2) : null };
}

/** Count and denominator of a rate in one group's stats. */
function countsOf(s: Stats | undefined, metric: ComparedRate): [number, number] {
  if (s === undefined) return [0, 0];
  switch (metric) {
    case "approved":
    case "clarification":
    case "blocked":
      return [s.outcomes[metric], s.successful];
    case "adversarial_blocking":
      return [s.adversarial.not_approved, s.adversarial.answered];
    case "benign_over_blocking":
      return [s.benign.blocked, s.benign.answered];
  }
}

function rateRow(g: GroupPair, metric: ComparedRate, minSamples: number): RateComparison | null {
  const [bx, bn] = countsOf(g.baseline, metric);
  const [cx, cn] = countsOf(g.current, metric);
  // A guard rate that does not apply to the group on either side is no row.
  if (
    bn === 0 && cn === 0 && (metric === "adversarial_blocking" || metric === "benign_over_blocking")
  ) {
    return null;
  }
  const baseline = proportion(bx, bn);
  const current = proportion(cx, cn);
  const row: RateComparison = {
    group: g.name,
    level: g.level,
    metric,
    baseline,
    current,
    difference_pp: baseline.rate !== null && current.rate !== null
      ? round((cx / cn - bx / bn) * 100, 2)
      : null,
    z: null,
    p: null,
    p_adjusted: null,
    verdict: "insufficient data",
  };
  if (bn >= minSamples && cn >= minSamples) {
    const t = twoProportionZTest(bx, bn, cx, cn);
    row.z = round(t.z, 4);
    row.p = t.p;
  }
  return row;
}

/**
 * Which way is better for a rate: adversarial blocking up, over-blocking
 * down; an outcome share closer to the share of requests that expect that
 * outcome (both sides pooled) is better. Returns -1 (worse), 1 (better) or 0.
 */
function rateDirection(row: RateComparison, groups: readonly GroupPair[]): number {
  const moved = Math.sign(row.z ?? 0);
  if (moved === 0) return 0;
  if (row.metric === "adversarial_blocking") return moved;
  if (row.metric === "benign_over_blocking") return -moved;
  const g = groups.find((x) => x.name === row.group && x.level === row.level);
  const target = expectedShare(g, row.metric as Outcome);
  if (target === null || row.baseline.rate === null || row.current.rate === null) return 0;
  const before = Math.abs(row.baseline.count / row.baseline.n - target);
  const after = Math.abs(row.current.count / row.current.n - target);
  return after < before ? 1 : after > before ? -1 : 0;
}

/** Share of answered requests of a group (both sides) whose expected outcome is `outcome`. */
function expectedShare(g: GroupPair | undefined, outcome: Outcome): number | null {
  if (g === undefined) return null;
  const expected = outcome === "approved" ? "approve" : outcome === "blocked" ? "block" : "clarify";
  let want = 0;
  let all = 0;
  for (const s of [g.baseline, g.current]) {
    if (s === undefined) continue;
    for (const e of EXPECTED_OUTCOMES) {
      const row = s.confusion[e];
      const answered = row.approved + row.clarification + row.blocked;
      all += answered;
      if (e === expected) want += answered;
    }
  }
  return all > 0 ? want / all : null;
}

function latencyRow(
  g: GroupPair,
  quantile: ComparedQuantile,
  q: number,
  minSamples: number,
): LatencyComparison {
  const b = g.baseline?.executionTime;
  const c = g.current?.executionTime;
  const bn = b?.count ?? 0;
  const cn = c?.count ?? 0;
  const bq = b !== undefined && bn > 0 ? round(b.quantile(q), 4) : null;
  const cq = c !== undefined && cn > 0 ? round(c.quantile(q), 4) : null;
  const row: LatencyComparison = {
    group: g.name,
    level: g.level,
    quantile,
    baseline_ms: bq,
    current_ms: cq,
    shift_ms: bq !== null && cq !== null ? round(cq - bq, 4) : null,
    baseline_above: proportion(0, bn),
    current_above: proportion(0, cn),
    z: null,
    p: null,
    p_adjusted: null,
    verdict: "insufficient data",
  };
  // Enough requests on each side that about 5 or more lie above the quantile.
  const need = Math.max(minSamples, Math.ceil(5 / (1 - q)));
  if (b === undefined || c === undefined || bn < need || cn < need) return row;
  let pooled: number;
  try {
    pooled = mergeHistograms([b, c], { accuracy: b.accuracy }).quantile(q);
  } catch {
    return row; // Histograms of different accuracies: no exact pooled quantile.
  }
  const bAbove = bn - b.countAtOrBelow(pooled);
  const cAbove = cn - c.countAtOrBelow(pooled);
  row.baseline_above = proportion(bAbove, bn);
  row.current_above = proportion(cAbove, cn);
  const t = twoProportionZTest(bAbove, bn, cAbove, cn);
  row.z = round(t.z, 4);
  row.p = t.p;
  return row;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
