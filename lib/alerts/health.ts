/**
 * The health score (0..100 from success, errors and security, graded as the
 * product description says) and Apdex for latency.
 *
 * @module
 */
import { type HistogramData } from "../model/histogram_data.ts";
import { Histogram } from "../metrics/histogram.ts";
import type { Summary } from "../model/stats_data.ts";

/** Health grade: Excellent 95+, Good 85+, Fair 70+, Poor below 70. */
export type Grade = "Excellent" | "Good" | "Fair" | "Poor";

/** Health score with its parts (each 0..100; security null without adversarial answers). */
export interface Health {
  /** Weighted score, integer 0..100. */
  score: number;
  /** Grade of `score`. */
  grade: Grade;
  /** Component scores before weighting. */
  components: { success: number; errors: number; security: number | null };
}

/** Weights of the health components; they sum to 1. */
export const HEALTH_WEIGHTS = Object.freeze({ success: 0.4, errors: 0.3, security: 0.3 });

/** Error-rate percentage points that take the error component from 100 to 0. */
export const ERROR_RATE_ZERO = 10;

/**
 * Health score of a summary, or null without requests.
 *
 * - success = success rate (percent)
 * - errors = 100 - 10 x error rate, floored at 0 (5 % errors: 50, 10 % or more: 0)
 * - security = adversarial blocking rate (percent)
 *
 * score = round(0.4 x success + 0.3 x errors + 0.3 x security); without
 * answered adversarial requests, security is left out and the other weights
 * are scaled to sum to 1. Every component only falls when its input gets
 * worse, so a worse input never raises the score.
 */
export function healthScore(summary: Summary): Health | null {
  if (summary.total_requests <= 0 || summary.success_rate === null) return null;
  const success = clamp(summary.success_rate);
  const errors = clamp(100 - ERROR_RATE_ZERO * (summary.error_rate ?? 100 - success));
  const security = summary.adversarial_block_rate === null
    ? null
    : clamp(summary.adversarial_block_rate);
  const w = HEALTH_WEIGHTS;
  const weighted = success * w.success + errors * w.errors +
    (security === null ? 0 : security * w.security);
  const total = w.success + w.errors + (security === null ? 0 : w.security);
  const score = Math.round(weighted / total);
  return { score, grade: grade(score), components: { success, errors, security } };
}

/** The grade of a 0..100 score. */
export function grade(score: number): Grade {
  if (score >= 95) return "Excellent";
  if (score >= 85) return "Good";
  if (score >= 70) return "Fair";
  return "Poor";
}

/** Apdex rating band. */
export type ApdexRating = "Excellent" | "Good" | "Fair" | "Poor" | "Unacceptable";

/** Apdex of a latency distribution. */
export interface Apdex {
  /** (satisfied + tolerating / 2) / total, 0..1 rounded to 0.01; null without requests. */
  score: number | null;
  /** Band of `score`; null without requests. */
  rating: ApdexRating | null;
  /** Requests within T. */
  satisfied: number;
  /** Requests within 4T. */
  tolerating: number;
  /** Slower requests and failures. */
  frustrated: number;
  /** The threshold T in ms. */
  t_ms: number;
}

/** Default Apdex threshold T in ms: the product's 5 ms execution-time target. */
export const DEFAULT_APDEX_T_MS = 5;

/**
 * Apdex of a latency histogram: satisfied within `tMs`, tolerating within
 * 4 x `tMs`, the rest frustrated. `failed` requests (already counted in the
 * histogram) are frustrated whatever their latency; the histogram does not
 * say which latencies they had, so they are taken from the satisfied count
 * first, then the tolerating one (the score is then a lower bound).
 */
export function apdex(latency: HistogramData, tMs = DEFAULT_APDEX_T_MS, failed = 0): Apdex {
  const h = Histogram.fromData(latency);
  const total = h.count;
  let satisfied = h.countAtOrBelow(tMs);
  let tolerating = h.countAtOrBelow(4 * tMs) - satisfied;
  let fail = Math.min(Math.max(0, failed), total);
  const fromSatisfied = Math.min(fail, satisfied);
  satisfied -= fromSatisfied;
  fail -= fromSatisfied;
  tolerating -= Math.min(fail, tolerating);
  const frustrated = total - satisfied - tolerating;
  if (total === 0) {
    return { score: null, rating: null, satisfied, tolerating, frustrated, t_ms: tMs };
  }
  const score = Math.round(((satisfied + tolerating / 2) / total) * 100) / 100;
  return { score, rating: apdexRating(score), satisfied, tolerating, frustrated, t_ms: tMs };
}

/** The band of an Apdex score: Excellent >= 0.94, Good >= 0.85, Fair >= 0.70, Poor >= 0.50. */
export function apdexRating(score: number): ApdexRating {
  if (score >= 0.94) return "Excellent";
  if (score >= 0.85) return "Good";
  if (score >= 0.7) return "Fair";
  if (score >= 0.5) return "Poor";
  return "Unacceptable";
}

function clamp(v: number): number {
  return Math.min(100, Math.max(0, v));
}
