/**
 * The eight traffic categories of the product description and the
 * ground-truth outcomes a request can expect: names and types shared by
 * every layer.
 *
 * @module
 */

/** Every traffic category, in the order reports list them. */
export const CATEGORIES = [
  "simple",
  "multi_step",
  "low_confidence",
  "high_confidence",
  "conflicting_gates",
  "clarification",
  "edge_case",
  "adversarial",
] as const;

/** One traffic category. */
export type Category = typeof CATEGORIES[number];

/** The ground-truth outcome a request should get. */
export type Expected = "approve" | "clarify" | "block";

/** Every expected outcome. */
export const EXPECTED_OUTCOMES: readonly Expected[] = ["approve", "clarify", "block"];

/** Relative weight of each category. */
export type Mix = Record<Category, number>;

/** True when `name` is one of the eight categories. */
export function isCategory(name: string): name is Category {
  return (CATEGORIES as readonly string[]).includes(name);
}

/** True when `name` is an expected outcome. */
export function isExpected(name: string): name is Expected {
  return name === "approve" || name === "clarify" || name === "block";
}
