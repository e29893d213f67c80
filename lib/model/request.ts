/**
 * The unit of traffic: one synthetic request with its ground truth.
 *
 * @module
 */
import type { Category, Expected } from "./category.ts";

/** One generated (or replayed) request. Only `id` and `input` reach the target. */
export interface TrafficRequest {
  /** Unique within a run: `r-` followed by `seq`, e.g. `r-42`. */
  id: string;
  /** 1-based position in the run's sequence. */
  seq: number;
  /** The traffic category. */
  category: Category;
  /** Sub-type within the category, e.g. `sql_injection` or `role_play`. */
  family: string;
  /** The text sent to the decision pipeline. */
  input: string;
  /** The outcome a well-behaved pipeline should reach. */
  expected: Expected;
}

/** The id of the request with sequence number `seq`: `r-<seq>`. */
export function requestId(seq: number): string {
  return "r-" + seq;
}
