/**
 * Dynamic load levels of the product description: Level 1 runs at the base
 * interval (50-200 ms by default), Level 2 at 35-135 ms once the pipeline is
 * stable (average execution time below 2 ms), Level 3 at 20-100 ms once it is
 * very stable; any sign of degradation steps one level down. Custom base
 * intervals scale by the same factors.
 *
 * @module
 */
import type { IntervalRange } from "../model/metrics_document.ts";

/** Lowest and highest load level. */
export const MIN_LEVEL = 1;
/** Highest load level. */
export const MAX_LEVEL = 3;

// Factors that turn the Level 1 range into Levels 2 and 3 (50-200 -> 35-135 -> 20-100).
const MIN_FACTOR = [1, 35 / 50, 20 / 50] as const;
const MAX_FACTOR = [1, 135 / 200, 100 / 200] as const;

/** The interval range of `level` for a given Level 1 range. */
export function levelInterval(base: IntervalRange, level: number): IntervalRange {
  const i = Math.min(MAX_LEVEL, Math.max(MIN_LEVEL, Math.round(level))) - 1;
  const max = round3(base.max * (MAX_FACTOR[i] ?? 1));
  // The factors differ, so a narrow range (min close to max) could invert: keep min <= max.
  return { min: Math.min(max, round3(base.min * (MIN_FACTOR[i] ?? 1))), max };
}

/** The health figures of one report window that drive the controller. */
export interface LoadSignal {
  /** Requests in the window. */
  requests: number;
  /** Average execution time, ms. */
  average_ms: number;
  /** 99th percentile execution time, ms. */
  p99_ms: number;
  /** Success rate in percent (null without data). */
  success_rate: number | null;
  /** Error rate in percent (null without data). */
  error_rate: number | null;
}

/** Thresholds of the controller; the defaults are the product description's. */
export interface LoadThresholds {
  /** Step up from Level 1 when the average is below this, ms. @default {2} */
  stableAverageMs: number;
  /** Step up to Level 3 when the average is below this, ms. @default {1} */
  veryStableAverageMs: number;
  /** ...and the p99 below this, ms. @default {5} */
  veryStableP99Ms: number;
  /** Step down when the average is above this, ms. @default {5} */
  degradedAverageMs: number;
  /** Step down when the success rate is below this, percent. @default {90} */
  degradedSuccessRate: number;
  /** Step down when the error rate is above this, percent. @default {5} */
  degradedErrorRate: number;
  /** Fewest requests in a window for any decision. @default {50} */
  minRequests: number;
}

/** The product description's thresholds. */
export const DEFAULT_LOAD_THRESHOLDS: Readonly<LoadThresholds> = Object.freeze({
  stableAverageMs: 2,
  veryStableAverageMs: 1,
  veryStableP99Ms: 5,
  degradedAverageMs: 5,
  degradedSuccessRate: 90,
  degradedErrorRate: 5,
  minRequests: 50,
});

/** A decision of the controller. */
export interface LoadStep {
  /** The level to run at next. */
  level: number;
  /** Why it changed (empty when it did not). */
  reason: string;
}

/**
 * Decides the next load level from the current one and the last report
 * window: one step down on degradation, one step up when stable (Level 2) or
 * very stable (Level 3), otherwise unchanged. Windows with too few requests
 * leave the level alone.
 */
export function nextLoadLevel(
  level: number,
  signal: LoadSignal,
  thresholds: Readonly<LoadThresholds> = DEFAULT_LOAD_THRESHOLDS,
): LoadStep {
  const t = thresholds;
  if (signal.requests < t.minRequests) return { level, reason: "" };
  const success = signal.success_rate ?? 0;
  const errors = signal.error_rate ?? 0;
  const degraded: string[] = [];
  if (signal.average_ms > t.degradedAverageMs) {
    degraded.push(
      `average execution time ${fmt(signal.average_ms)} ms > ${t.degradedAverageMs} ms`,
    );
  }
  if (success < t.degradedSuccessRate) {
    degraded.push(`success rate ${fmt(success)} % < ${t.degradedSuccessRate} %`);
  }
  if (errors > t.degradedErrorRate) {
    degraded.push(`error rate ${fmt(errors)} % > ${t.degradedErrorRate} %`);
  }
  if (degraded.length > 0) {
    return level > MIN_LEVEL
      ? { level: level - 1, reason: `degraded: ${degraded.join(", ")}` }
      : { level, reason: "" };
  }
  if (level === 1 && signal.average_ms < t.stableAverageMs) {
    return {
      level: 2,
      reason: `stable: average ${fmt(signal.average_ms)} ms < ${t.stableAverageMs} ms`,
    };
  }
  if (
    level === 2 && signal.average_ms < t.veryStableAverageMs && signal.p99_ms < t.veryStableP99Ms &&
    errors === 0
  ) {
    return {
      level: 3,
      reason: `very stable: average ${
        fmt(signal.average_ms)
      } ms < ${t.veryStableAverageMs} ms, p99 ${
        fmt(signal.p99_ms)
      } ms < ${t.veryStableP99Ms} ms, no errors`,
    };
  }
  return { level, reason: "" };
}

function fmt(v: number): string {
  return v < 10 ? v.toFixed(3).replace(/\.?0+$/, "") : v.toFixed(1);
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
