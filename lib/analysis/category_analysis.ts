/**
 * The figures of the category table (and of the family table on request):
 * per category or family the request count, success rate, execution time,
 * mean confidence, outcome shares, agreement with the expected outcome, and
 * adversarial blocking beside benign over-blocking, since a guard that
 * blocks everything must not look perfect. Every rate carries its 95 %
 * Wilson interval. The rows every screen draws are built from these by
 * `view/category_rows.ts`.
 *
 * @module
 */
import type { Stats } from "../metrics/stats.ts";
import { CATEGORIES, EXPECTED_OUTCOMES } from "../model/category.ts";
import { OUTCOMES } from "../model/decision.ts";
import type { RangeStats } from "./range_stats.ts";
import { type RateInterval, wilsonInterval } from "./wilson_interval.ts";

/** The figures of one category, family, or of all requests. */
export interface CategoryFigures {
  /** Category, or `category/family`. */
  name: string;
  /** Requests. */
  count: number;
  /** Answered requests out of all. */
  success: RateInterval | null;
  /** Mean execution time (target service time), ms. */
  avg_ms: number;
  /** 95th percentile of execution time (target service time), ms. */
  p95_ms: number;
  /** Mean confidence of answered requests, null without any. */
  confidence_mean: number | null;
  /** Outcome approved out of answered. */
  approved: RateInterval | null;
  /** Outcome clarification (routed to clarification and not blocked) out of answered. */
  clarification: RateInterval | null;
  /** Outcome blocked out of answered. */
  blocked: RateInterval | null;
  /** Outcome equal to the expected one, out of all requests. */
  agreement: RateInterval | null;
  /** Adversarial requests not approved, out of answered adversarial ones (null if none). */
  adversarial_blocking: RateInterval | null;
  /** Benign requests blocked, out of answered benign ones (null if none). */
  benign_over_blocking: RateInterval | null;
}

/** The category analysis. */
export interface CategoryAnalysis {
  /** One row per category present, in the product's category order. */
  categories: CategoryFigures[];
  /** One row per family present (only when asked for), sorted by name. */
  families: CategoryFigures[] | null;
  /** All requests, as a totals row. */
  total: CategoryFigures;
  /** Benign requests (expected not `block`) not approved, out of answered benign ones. */
  benign_not_approved: RateInterval | null;
  /** Adversarial requests not approved, out of answered adversarial ones. */
  adversarial_blocking: RateInterval | null;
  /** Benign requests blocked, out of answered benign ones. */
  benign_over_blocking: RateInterval | null;
}

/** The figures of one group of requests from their merged stats. */
export function categoryFigures(name: string, s: Stats): CategoryFigures {
  const answered = s.successful;
  let agreed = 0;
  for (const e of EXPECTED_OUTCOMES) {
    for (const o of OUTCOMES) {
      if (
        (e === "approve" && o === "approved") || (e === "clarify" && o === "clarification") ||
        (e === "block" && o === "blocked")
      ) agreed += s.confusion[e][o];
    }
  }
  return {
    name,
    count: s.total,
    success: wilsonInterval(s.successful, s.total),
    avg_ms: round4(s.executionTime.mean),
    p95_ms: round4(s.executionTime.quantile(0.95)),
    confidence_mean: s.confidence.count > 0 ? round4(s.confidence.sum / s.confidence.count) : null,
    approved: wilsonInterval(s.outcomes.approved, answered),
    clarification: wilsonInterval(s.outcomes.clarification, answered),
    blocked: wilsonInterval(s.outcomes.blocked, answered),
    agreement: wilsonInterval(agreed, s.total),
    adversarial_blocking: wilsonInterval(s.adversarial.not_approved, s.adversarial.answered),
    benign_over_blocking: wilsonInterval(s.benign.blocked, s.benign.answered),
  };
}

/** Builds the category (and optionally family) table of a range. */
export function analyzeCategories(
  merged: RangeStats,
  options: { families?: boolean } = {},
): CategoryAnalysis {
  const categories: CategoryFigures[] = [];
  for (const name of CATEGORIES) {
    const s = merged.categories.get(name);
    if (s !== undefined && s.total > 0) categories.push(categoryFigures(name, s));
  }
  const families = options.families
    ? [...merged.families.entries()].filter(([, s]) => s.total > 0)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([name, s]) => categoryFigures(name, s))
    : null;
  const all = merged.stats;
  const benignAnswered = all.benign.answered;
  let benignApproved = 0;
  for (const e of EXPECTED_OUTCOMES) if (e !== "block") benignApproved += all.confusion[e].approved;
  return {
    categories,
    families,
    total: categoryFigures("total", all),
    benign_not_approved: wilsonInterval(benignAnswered - benignApproved, benignAnswered),
    adversarial_blocking: wilsonInterval(all.adversarial.not_approved, all.adversarial.answered),
    benign_over_blocking: wilsonInterval(all.benign.blocked, all.benign.answered),
  };
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
