/**
 * Gaps between intended send times: uniform between the interval bounds (the
 * product description's model) or exponential at the same mean rate (a
 * Poisson arrival process).
 *
 * @module
 */
import type { Random } from "../traffic/random.ts";
import type { Arrival, IntervalRange } from "../model/metrics_document.ts";

/** Every arrival process. */
export const ARRIVALS: readonly Arrival[] = ["uniform", "poisson"];

/** The next gap in ms for the interval range in force. */
export function nextGap(random: Random, interval: IntervalRange, arrival: Arrival): number {
  if (arrival === "poisson") {
    const mean = (interval.min + interval.max) / 2;
    return mean === 0 ? 0 : -Math.log(1 - random.next()) * mean;
  }
  return interval.min + random.next() * (interval.max - interval.min);
}

/** Mean request rate per second of an interval range (Infinity for 0/0). */
export function meanRate(interval: IntervalRange): number {
  const mean = (interval.min + interval.max) / 2;
  return mean === 0 ? Infinity : 1000 / mean;
}
