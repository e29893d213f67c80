/**
 * A mergeable latency histogram with logarithmic buckets (the DDSketch
 * construction): every quantile it reports is within `accuracy` relative
 * error of the true value, and two histograms with the same accuracy merge
 * exactly by adding bucket counts. The wire form is plain JSON so metrics
 * files from several runs or simulator instances can be merged later.
 *
 * A small hand-written sketch is used instead of `@datadog/sketches-js`
 * because the metrics file needs a compact, human-readable JSON form and the
 * simulator adds one value per request on its hot path.
 *
 * @module
 */
import { DEFAULT_ACCURACY, type HistogramData, MIN_INDEXABLE } from "../model/histogram_data.ts";

/** Options for {@linkcode Histogram}. */
export interface HistogramOptions {
  /**
   * Relative accuracy of quantiles, strictly between 0 and 1.
   * @default {0.01}
   */
  accuracy?: number;
}

/** A mergeable log-bucketed histogram of non-negative values. */
export class Histogram {
  /** Relative accuracy of every quantile. */
  readonly accuracy: number;
  #gamma: number;
  #invLogGamma: number;
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;
  #zero = 0;
  #offset = 0;
  #bins: number[] = [];

  /** Creates an empty histogram. */
  constructor(options: HistogramOptions = {}) {
    const accuracy = options.accuracy ?? DEFAULT_ACCURACY;
    if (!(accuracy > 0 && accuracy < 1)) {
      throw new RangeError(
        `Cannot create histogram as 'accuracy' must be between 0 and 1: current value is ${accuracy}`,
      );
    }
    this.accuracy = accuracy;
    this.#gamma = (1 + accuracy) / (1 - accuracy);
    this.#invLogGamma = 1 / Math.log(this.#gamma);
  }

  /** Rebuilds a histogram from its JSON form (already validated). */
  static fromData(data: HistogramData): Histogram {
    const h = new Histogram({ accuracy: data.accuracy });
    h.#count = data.count;
    h.#sum = data.sum;
    h.#min = data.count > 0 ? data.min : Infinity;
    h.#max = data.count > 0 ? data.max : -Infinity;
    h.#zero = data.zero;
    h.#offset = data.offset;
    h.#bins = data.bins.slice();
    return h;
  }

  /** Number of values recorded. */
  get count(): number {
    return this.#count;
  }

  /** Sum of the values recorded. */
  get sum(): number {
    return this.#sum;
  }

  /** Smallest value recorded, or 0 when empty. */
  get min(): number {
    return this.#count > 0 ? this.#min : 0;
  }

  /** Largest value recorded, or 0 when empty. */
  get max(): number {
    return this.#count > 0 ? this.#max : 0;
  }

  /** Arithmetic mean of the values recorded, or 0 when empty. */
  get mean(): number {
    return this.#count > 0 ? this.#sum / this.#count : 0;
  }

  /** Records one value; negative and non-finite values are clamped to 0. */
  add(value: number): void {
    const v = value > 0 && value < Infinity ? value : 0;
    this.#count++;
    this.#sum += v;
    if (v < this.#min) this.#min = v;
    if (v > this.#max) this.#max = v;
    if (v <= MIN_INDEXABLE) {
      this.#zero++;
      return;
    }
    this.#bump(Math.ceil(Math.log(v) * this.#invLogGamma), 1);
  }

  #bump(index: number, n: number): void {
    const bins = this.#bins;
    if (bins.length === 0) {
      this.#offset = index;
      bins.push(n);
      return;
    }
    if (index < this.#offset) {
      const grow = this.#offset - index;
      const front = new Array<number>(grow).fill(0);
      this.#bins = front.concat(bins);
      this.#offset = index;
      this.#bins[0] = n;
      return;
    }
    const at = index - this.#offset;
    while (bins.length <= at) bins.push(0);
    bins[at] = (bins[at] ?? 0) + n;
  }

  /** Adds every value of `other` into this histogram; accuracies must match. */
  merge(other: Histogram): void {
    this.#add(other.accuracy, other.#count, other.#sum, other.#min, other.#max, other.#zero, {
      offset: other.#offset,
      bins: other.#bins,
    });
  }

  /**
   * Adds every value of a histogram's JSON form (already validated), as
   * `merge(Histogram.fromData(data))` does without building it.
   */
  mergeData(data: HistogramData): void {
    this.#add(data.accuracy, data.count, data.sum, data.min, data.max, data.zero, data);
  }

  #add(
    accuracy: number,
    count: number,
    sum: number,
    min: number,
    max: number,
    zero: number,
    from: { offset: number; bins: readonly number[] },
  ): void {
    if (accuracy !== this.accuracy) {
      throw new RangeError(
        `Cannot merge histograms of different accuracy: ${this.accuracy} and ${accuracy}`,
      );
    }
    if (count === 0) return;
    this.#count += count;
    this.#sum += sum;
    if (min < this.#min) this.#min = min;
    if (max > this.#max) this.#max = max;
    this.#zero += zero;
    const bins = from.bins;
    for (let i = 0; i < bins.length; i++) {
      const n = bins[i] ?? 0;
      if (n > 0) this.#bump(from.offset + i, n);
    }
  }

  /**
   * The value at quantile `q` (0..1), within the stated relative accuracy,
   * clamped to the exact min and max. Returns 0 when empty.
   */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    if (q <= 0) return this.#min;
    if (q >= 1) return this.#max;
    const rank = q * (this.#count - 1);
    let seen = this.#zero;
    if (rank < seen) return this.#min;
    const bins = this.#bins;
    for (let i = 0; i < bins.length; i++) {
      seen += bins[i] ?? 0;
      if (rank < seen) {
        const index = this.#offset + i;
        const value = (2 * Math.pow(this.#gamma, index)) / (this.#gamma + 1);
        return Math.min(this.#max, Math.max(this.#min, value));
      }
    }
    return this.#max;
  }

  /**
   * Number of values at or below `limit` (used for Apdex and Prometheus
   * buckets); exact up to the bucket that holds `limit`.
   */
  countAtOrBelow(limit: number): number {
    if (this.#count === 0 || limit < 0) return 0;
    if (limit >= this.#max) return this.#count;
    let n = this.#zero;
    if (limit <= MIN_INDEXABLE) return n;
    const last = Math.ceil(Math.log(limit) * this.#invLogGamma);
    const bins = this.#bins;
    for (let i = 0; i < bins.length && this.#offset + i <= last; i++) n += bins[i] ?? 0;
    return n;
  }

  /** The JSON form, with empty edge buckets trimmed. */
  toData(): HistogramData {
    let start = 0;
    let end = this.#bins.length;
    while (start < end && this.#bins[start] === 0) start++;
    while (end > start && this.#bins[end - 1] === 0) end--;
    return {
      accuracy: this.accuracy,
      count: this.#count,
      sum: this.#sum,
      min: this.min,
      max: this.max,
      zero: this.#zero,
      offset: start < end ? this.#offset + start : 0,
      bins: this.#bins.slice(start, end),
    };
  }
}

/** Merges any number of histograms into a new one (empty list: empty histogram). */
export function mergeHistograms(
  histograms: Iterable<Histogram>,
  options: HistogramOptions = {},
): Histogram {
  const out = new Histogram(options);
  for (const h of histograms) out.merge(h);
  return out;
}
