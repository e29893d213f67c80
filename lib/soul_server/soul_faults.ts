/**
 * Fault injection for the reference Soul server: which fault (if any) a
 * request gets, and how long it waits before answering.
 *
 * @module
 */
import { UsageError } from "../cli/usage_error.ts";
import type { Random } from "../traffic/random.ts";

/** Added latency: fixed, uniform between two bounds, or exponential with a mean (all in ms). */
export type LatencyDistribution =
  | { kind: "fixed"; ms: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "exp"; mean: number };

/** Fault rates (each 0..1) and added latency of the reference Soul server. */
export interface SoulFaults {
  /** Share of requests answered with HTTP 503. */
  errorRate: number;
  /** Share answered with a malformed body: half not JSON, half breaking the contract. */
  malformedRate: number;
  /** Share whose connection is dropped in the middle of the answer. */
  dropRate: number;
  /** Share never answered (until the client gives up). */
  hangRate: number;
  /** Latency added before every answer. */
  latency: LatencyDistribution;
  /** Share of the engine's blocked decisions approved instead (reason `fault:leak`). */
  leakRate: number;
  /** Share of the engine's approvals and clarifications blocked instead (reason `fault:overblock`). */
  overblockRate: number;
}

/** What happens to one request. */
export type FaultKind = "none" | "error" | "not_json" | "invalid_decision" | "drop" | "hang";

/** No faults and no added latency. */
export const NO_FAULTS: Readonly<SoulFaults> = Object.freeze({
  errorRate: 0,
  malformedRate: 0,
  dropRate: 0,
  hangRate: 0,
  latency: Object.freeze({ kind: "fixed", ms: 0 }),
  leakRate: 0,
  overblockRate: 0,
});

/** Longest latency a distribution may produce, in ms. */
export const MAX_LATENCY_MS = 600_000;

/**
 * Parses a latency distribution: `20` or `fixed:20`, `uniform:1-5`, `exp:2`
 * (mean). Throws a one-line {@linkcode UsageError} naming `flag`.
 */
export function parseLatency(text: string, flag = "--latency"): LatencyDistribution {
  const value = text.trim();
  const fail = (why: string) =>
    new UsageError(`Cannot use ${flag} as ${why}: current value is '${text}'`);
  const [kind, spec] = value.includes(":") ? value.split(":", 2) as [string, string] : [
    "fixed",
    value,
  ];
  const number = (s: string): number => {
    if (!/^\d+(\.\d+)?$/.test(s.trim())) {
      throw fail("it must be 'N', 'fixed:N', 'uniform:A-B' or 'exp:MEAN' in ms");
    }
    const n = Number(s);
    if (n > MAX_LATENCY_MS) throw fail(`latencies must be <= ${MAX_LATENCY_MS} ms`);
    return n;
  };
  switch (kind) {
    case "fixed":
      return { kind: "fixed", ms: number(spec) };
    case "uniform": {
      const parts = spec.split("-");
      if (parts.length !== 2) throw fail("a uniform latency must be 'uniform:A-B'");
      const min = number(parts[0] as string);
      const max = number(parts[1] as string);
      if (min > max) throw fail("the lower bound must not exceed the upper bound");
      return { kind: "uniform", min, max };
    }
    case "exp":
      return { kind: "exp", mean: number(spec) };
    default:
      throw fail("it must be 'N', 'fixed:N', 'uniform:A-B' or 'exp:MEAN' in ms");
  }
}

/** Formats a distribution the way {@linkcode parseLatency} reads it. */
export function formatLatency(latency: LatencyDistribution): string {
  switch (latency.kind) {
    case "fixed":
      return `fixed:${latency.ms}`;
    case "uniform":
      return `uniform:${latency.min}-${latency.max}`;
    case "exp":
      return `exp:${latency.mean}`;
  }
}

/** Draws one latency in ms from the distribution. */
export function sampleLatency(latency: LatencyDistribution, random: Random): number {
  switch (latency.kind) {
    case "fixed":
      return latency.ms;
    case "uniform":
      return latency.min + random.next() * (latency.max - latency.min);
    case "exp":
      return Math.min(MAX_LATENCY_MS, -latency.mean * Math.log(1 - random.next()));
  }
}

/**
 * Parses a rate in 0..1 for `flag`; throws a one-line {@linkcode UsageError}.
 */
export function parseRate(text: string, flag: string): number {
  const trimmed = text.trim();
  const rate = /^\d*\.?\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!(rate >= 0 && rate <= 1)) {
    throw new UsageError(
      `Cannot use ${flag} as it must be a number in 0..1: current value is '${text}'`,
    );
  }
  return rate;
}

/**
 * Chooses the fault of one request. Rates are taken in order drop, hang,
 * error, malformed, each as a share of all requests (their sum is capped at 1).
 */
export function chooseFault(faults: Readonly<SoulFaults>, random: Random): FaultKind {
  const total = faults.dropRate + faults.hangRate + faults.errorRate + faults.malformedRate;
  if (total <= 0) return "none";
  let draw = random.next();
  if ((draw -= faults.dropRate) < 0) return "drop";
  if ((draw -= faults.hangRate) < 0) return "hang";
  if ((draw -= faults.errorRate) < 0) return "error";
  if ((draw -= faults.malformedRate) < 0) {
    return random.next() < 0.5 ? "not_json" : "invalid_decision";
  }
  return "none";
}
