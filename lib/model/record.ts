/**
 * What happened to one request: the per-request record of the product
 * description (success, confidence, pre-validation, approval path,
 * clarification, execution time, category) plus latency and ground truth.
 *
 * @module
 */
import type { Category, Expected } from "./category.ts";
import type { ApprovalPath, Outcome, PreValidation } from "./decision.ts";

/** Why a request failed. */
export interface RecordError {
  /** Kind of failure, e.g. `timeout`, `invalid_decision`, `unhandled`. */
  type: string;
  /** One-line message (untrusted: render through a sanitiser). */
  message: string;
}

/** The record of one request. */
export interface RequestRecord {
  /** Request id. */
  id: string;
  /** Position in the run's sequence. */
  seq: number;
  /** Traffic category. */
  category: Category;
  /** Family within the category. */
  family: string;
  /** Ground-truth outcome. */
  expected: Expected;
  /** True when the target answered with a valid decision. */
  success: boolean;
  /** Confidence 0..1, or null on failure. */
  confidence: number | null;
  /** Pre-validation result, or null on failure. */
  pre_validation: PreValidation | null;
  /** Route taken, or null on failure. */
  approval_path: ApprovalPath | null;
  /** True when the route was clarification. */
  clarification: boolean;
  /** Outcome, or null on failure. */
  outcome: Outcome | null;
  /** Service time of the target in milliseconds. */
  execution_time: number;
  /** Milliseconds from the intended send time to completion (includes queueing). */
  latency: number;
  /** Milliseconds the actual start trailed the intended send time. */
  schedule_lag: number;
  /** Completion time, epoch milliseconds. */
  at: number;
  /** The failure, or null. */
  error: RecordError | null;
  /** True when the failure was an unexpected exception rather than a typed target error. */
  unhandled: boolean;
}
