/**
 * Live aggregates of a running simulator, independent of reports: counters
 * and fixed-bucket histograms since the start of the process (what
 * `/metrics` exposes, monotonic across reports and target switches), and
 * sliding windows of whole seconds (by default the last 10 s and 60 s) kept
 * as one {@linkcode Stats} per second in a ring, so the same rules and
 * summaries that read reports read the live window.
 *
 * Adding a record is a few counter increments, a linear scan of a dozen
 * bucket bounds and one `Stats.add`; merging a window happens once a second
 * at most (a tick), never per request.
 *
 * @module
 */
import { CATEGORIES, type Category, type Expected } from "../model/category.ts";
import type { Outcome } from "../model/decision.ts";
import type { RequestRecord } from "../model/record.ts";
import { Stats } from "./stats.ts";

/**
 * Upper bounds of the live histograms' buckets, ms: log-spaced (1, 2.5, 5
 * per decade) from 0.05 ms to 100 ms, then 1 s and 10 s for timeouts.
 */
export const LIVE_BUCKETS_MS: readonly number[] = Object.freeze([
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  25,
  50,
  100,
  1000,
  10000,
]);

/** Outcome label of a counter: a decision's outcome, or `error` when the target failed. */
export type CountedOutcome = Outcome | "error";

/** A fixed-bucket histogram: per-bucket (not cumulative) counts, then the overflow. */
export interface BucketCounts {
  /** Counts per bound of {@linkcode LIVE_BUCKETS_MS}, plus one last slot above the largest. */
  counts: number[];
  /** Sum of the values, ms. */
  sum: number;
  /** Number of values. */
  count: number;
}

/** Options for {@linkcode LiveAggregates}. */
export interface LiveAggregatesOptions {
  /**
   * Longest sliding window kept, seconds.
   * @default {60}
   */
  maxWindowS?: number;
}

/** One second of records. */
interface Slot {
  second: number;
  stats: Stats;
}

/** Counters and histograms since the start, and per-second slots for sliding windows. */
export class LiveAggregates {
  readonly #maxWindow: number;
  readonly #slots: (Slot | null)[];
  readonly #total = new Stats();
  readonly #counters = new Map<string, number>();
  readonly #execution = new Map<Category, BucketCounts>();
  readonly #latency = new Map<Category, BucketCounts>();

  /** Creates empty aggregates. */
  constructor(options: LiveAggregatesOptions = {}) {
    const max = options.maxWindowS ?? 60;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(
        `Cannot create live aggregates as 'maxWindowS' must be a positive integer: current value is ${max}`,
      );
    }
    this.#maxWindow = max;
    this.#slots = new Array<Slot | null>(max).fill(null);
  }

  /** Longest sliding window kept, seconds. */
  get maxWindowS(): number {
    return this.#maxWindow;
  }

  /** Everything since the start. */
  get total(): Stats {
    return this.#total;
  }

  /** Adds one completed request, counted in the second of `nowMs` (Unix ms). */
  add(record: RequestRecord, nowMs: number): void {
    this.#total.add(record);
    const outcome: CountedOutcome = record.outcome ?? "error";
    const key = counterKey(record.category, record.expected, outcome);
    this.#counters.set(key, (this.#counters.get(key) ?? 0) + 1);
    bump(this.#execution, record.category, record.execution_time);
    bump(this.#latency, record.category, record.latency);
    const second = Math.floor(nowMs / 1000);
    const at = mod(second, this.#maxWindow);
    let slot = this.#slots[at];
    if (slot === null || slot === undefined || slot.second !== second) {
      slot = { second, stats: new Stats() };
      this.#slots[at] = slot;
    }
    slot.stats.add(record);
  }

  /** Requests since the start with this category, expected outcome and outcome. */
  requests(category: Category, expected: Expected, outcome: CountedOutcome): number {
    return this.#counters.get(counterKey(category, expected, outcome)) ?? 0;
  }

  /** Every non-zero request counter, as label sets with their value, in a stable order. */
  requestCounters(): {
    category: Category;
    expected: Expected;
    outcome: CountedOutcome;
    value: number;
  }[] {
    const out = [];
    for (const [key, value] of this.#counters) {
      const [category, expected, outcome] = key.split("|") as [Category, Expected, CountedOutcome];
      out.push({ category, expected, outcome, value });
    }
    const order = (c: Category) => CATEGORIES.indexOf(c);
    return out.sort((a, b) =>
      order(a.category) - order(b.category) || a.expected.localeCompare(b.expected) ||
      a.outcome.localeCompare(b.outcome)
    );
  }

  /** The fixed-bucket histogram of one field for one category, or undefined before its first request. */
  buckets(field: "execution_time" | "latency", category: Category): BucketCounts | undefined {
    return (field === "latency" ? this.#latency : this.#execution).get(category);
  }

  /**
   * The records of the last `seconds` whole seconds up to and including the
   * second of `nowMs`, merged (at most {@linkcode maxWindowS}).
   */
  window(seconds: number, nowMs: number): Stats {
    const last = Math.floor(nowMs / 1000);
    const span = Math.max(1, Math.min(this.#maxWindow, Math.floor(seconds)));
    const out = new Stats();
    for (const slot of this.#slots) {
      if (slot !== null && slot.second <= last && slot.second > last - span) out.merge(slot.stats);
    }
    return out;
  }

  /** Requests completed in the whole second `second` (Unix seconds), 0 when it is out of reach. */
  countIn(second: number): number {
    const slot = this.#slots[mod(second, this.#maxWindow)];
    return slot !== null && slot !== undefined && slot.second === second ? slot.stats.total : 0;
  }
}

/** Cumulative counts at each bound of {@linkcode LIVE_BUCKETS_MS} (then `+Inf`, equal to the count). */
export function cumulativeBuckets(b: BucketCounts): number[] {
  const out: number[] = [];
  let running = 0;
  for (const n of b.counts) {
    running += n;
    out.push(running);
  }
  return out;
}

function counterKey(category: Category, expected: Expected, outcome: CountedOutcome): string {
  return `${category}|${expected}|${outcome}`;
}

function bump(map: Map<Category, BucketCounts>, category: Category, ms: number): void {
  let b = map.get(category);
  if (b === undefined) {
    b = { counts: new Array<number>(LIVE_BUCKETS_MS.length + 1).fill(0), sum: 0, count: 0 };
    map.set(category, b);
  }
  const v = ms > 0 && ms < Infinity ? ms : 0;
  let i = 0;
  while (i < LIVE_BUCKETS_MS.length && v > LIVE_BUCKETS_MS[i]!) i++;
  b.counts[i] = (b.counts[i] ?? 0) + 1;
  b.sum += v;
  b.count++;
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
