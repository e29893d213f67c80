/**
 * The wire form of a mergeable latency histogram, as stored in the metrics
 * file, and the constants that define its buckets.
 *
 * @module
 */

/** Default relative accuracy: quantiles are within 1 % of the true value. */
export const DEFAULT_ACCURACY = 0.01;

/** Values at or below this many milliseconds are counted in the zero bucket. */
export const MIN_INDEXABLE = 1e-6;

/** The JSON form of a {@linkcode Histogram}, as stored in the metrics file. */
export interface HistogramData {
  /** Relative accuracy of every quantile, e.g. 0.01 for 1 %. */
  accuracy: number;
  /** Number of values recorded. */
  count: number;
  /** Sum of all values recorded. */
  sum: number;
  /** Smallest value recorded (0 when empty). */
  min: number;
  /** Largest value recorded (0 when empty). */
  max: number;
  /** Values at or below {@linkcode MIN_INDEXABLE}. */
  zero: number;
  /** Bucket index of `bins[0]`. */
  offset: number;
  /** Dense bucket counts starting at bucket `offset`. */
  bins: number[];
}
