/**
 * The wire forms of the request aggregates: `StatsData` (mergeable, stored
 * in the metrics file) and `Summary` (what people and threshold checks
 * read), with the product description's field names.
 *
 * @module
 */
import type { Expected } from "./category.ts";
import type { Outcome } from "./decision.ts";
import type { HistogramData } from "./histogram_data.ts";

/** Number of equal-width confidence bins over 0..1. */
export const CONFIDENCE_BINS = 10;

/** Running moments and a coarse histogram of confidence values. */
export interface ConfidenceData {
  /** Values recorded. */
  count: number;
  /** Sum of values. */
  sum: number;
  /** Sum of squared values. */
  sum_sq: number;
  /** Smallest value (0 when empty). */
  min: number;
  /** Largest value (0 when empty). */
  max: number;
  /** Counts in [0, 0.1), [0.1, 0.2), ... [0.9, 1.0]. */
  bins: number[];
}

/** Outcome counts per expected outcome, plus failures. */
export type Confusion = Record<Expected, Record<Outcome | "error", number>>;

/** The JSON form of {@linkcode Stats}. */
export interface StatsData {
  /** Requests completed (successfully or not). */
  total_requests: number;
  /** Requests answered with a valid decision. */
  successful_requests: number;
  /** Requests that failed. */
  failed_requests: number;
  /** Failures that were unexpected exceptions. */
  unhandled_exceptions: number;
  /** Target service time in ms. */
  execution_time: HistogramData;
  /** Intended send time to completion in ms. */
  latency: HistogramData;
  /** Confidence moments and bins. */
  confidence: ConfidenceData;
  /** Pre-validation counts. */
  pre_validation: { passed: number; failed: number };
  /** Route counts. */
  approval_path: { approved: number; clarification: number };
  /** Outcome counts. */
  outcomes: Record<Outcome, number>;
  /** Adversarial-category requests: total, answered, and answered-but-not-approved. */
  adversarial: { total: number; answered: number; not_approved: number };
  /** Requests whose expected outcome is not `block`: total, answered, and blocked. */
  benign: { total: number; answered: number; blocked: number };
  /** Expected outcome against actual outcome. */
  confusion: Confusion;
  /** Failure counts by error type. */
  errors: Record<string, number>;
}

/** Distribution summary of a histogram, in ms. */
export interface DistributionSummary {
  /** Mean. */
  average: number;
  /** Minimum. */
  min: number;
  /** Maximum. */
  max: number;
  /** Median. */
  p50: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
}

/** What readers and threshold checks use; rates are percent, null without data. */
export interface Summary {
  /** Requests completed. */
  total_requests: number;
  /** Requests answered with a valid decision. */
  successful_requests: number;
  /** Requests that failed. */
  failed_requests: number;
  /** Successful share in percent. */
  success_rate: number | null;
  /** Failed share in percent. */
  error_rate: number | null;
  /** Unexpected exceptions. */
  unhandled_exceptions: number;
  /** Target service time. */
  execution_time: DistributionSummary;
  /** Latency from the intended send time. */
  latency: DistributionSummary;
  /** Confidence distribution. */
  confidence: {
    mean: number | null;
    std_dev: number | null;
    min: number | null;
    max: number | null;
  };
  /** Pre-validation counts and pass rate (percent of answered requests). */
  pre_validation: { passed: number; failed: number; pass_rate: number | null };
  /**
   * Route counts as the Soul answered them (a blocked request counts on its
   * route), and the approved and clarification outcome shares (percent of
   * answered requests; blocked is the third outcome, counted in neither).
   */
  approval_path: {
    approved: number;
    clarification: number;
    approved_rate: number | null;
    clarification_rate: number | null;
  };
  /** Outcome clarification (routed to clarification and not blocked), percent of answered requests. */
  clarification_rate: number | null;
  /** Outcome counts. */
  outcomes: Record<Outcome, number>;
  /** Adversarial requests not approved, percent of answered adversarial requests. */
  adversarial_block_rate: number | null;
  /** Benign requests blocked, percent of answered benign requests. */
  benign_over_block_rate: number | null;
  /** Outcomes equal to the expected outcome, percent of all requests. */
  agreement_rate: number | null;
}
