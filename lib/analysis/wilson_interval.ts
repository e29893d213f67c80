/**
 * The Wilson score interval of a proportion: a 95 % interval that stays
 * inside 0..100 % and behaves on small samples, where the plain
 * `p ± 1.96·sqrt(p(1-p)/n)` interval does not.
 *
 * @module
 */

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/** Fewer trials than this: a rate is shown as "n too small". */
export const MIN_RATE_SAMPLES = 10;

/** Up to this many trials a rate is shown with its interval. */
export const SMALL_SAMPLE = 200;

/** A proportion with its 95 % Wilson interval, all in percent. */
export interface RateInterval {
  /** Successes. */
  k: number;
  /** Trials. */
  n: number;
  /** k / n in percent, rounded to 0.01. */
  rate: number;
  /** Lower bound in percent, rounded to 0.01. */
  low: number;
  /** Upper bound in percent, rounded to 0.01. */
  high: number;
}

/** Wilson 95 % interval of `k` successes in `n` trials, or null when `n` is 0. */
export function wilsonInterval(k: number, n: number, z = Z_95): RateInterval | null {
  if (!(n > 0)) return null;
  const p = Math.min(1, Math.max(0, k / n));
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return {
    k,
    n,
    rate: round2(100 * p),
    low: round2(100 * Math.max(0, centre - half)),
    high: round2(100 * Math.min(1, centre + half)),
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
