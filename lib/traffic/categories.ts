/**
 * The eight traffic categories of the product description, their default
 * weights, and the `--mix` override syntax.
 *
 * @module
 */
import {
  CATEGORIES,
  type Category,
  type Expected,
  isCategory,
  type Mix,
} from "../model/category.ts";

/** Default weights (percent of traffic) from the product description. */
export const DEFAULT_MIX: Readonly<Mix> = Object.freeze({
  simple: 25,
  multi_step: 15,
  low_confidence: 10,
  high_confidence: 15,
  conflicting_gates: 8,
  clarification: 10,
  edge_case: 12,
  adversarial: 5,
});

/**
 * Parses a `--mix` value such as `simple=40,adversarial=20` into a full mix:
 * named categories take the given weight, the others keep their default.
 * Throws a `RangeError` naming the bad part.
 */
export function parseMix(text: string, base: Readonly<Mix> = DEFAULT_MIX): Mix {
  const mix: Mix = { ...base };
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq < 0) {
      throw new RangeError(`Cannot parse mix entry '${item}': expected NAME=WEIGHT`);
    }
    const name = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    if (!isCategory(name)) {
      throw new RangeError(
        `Cannot parse mix entry '${item}': unknown category '${name}' (known: ${
          CATEGORIES.join(", ")
        })`,
      );
    }
    if (seen.has(name)) {
      throw new RangeError(`Cannot parse mix entry '${item}': category '${name}' given twice`);
    }
    seen.add(name);
    const weight = Number(raw);
    if (raw === "" || !Number.isFinite(weight) || weight < 0) {
      throw new RangeError(
        `Cannot parse mix entry '${item}': weight must be a non-negative number: current value is '${raw}'`,
      );
    }
    mix[name] = weight;
  }
  if (seen.size === 0) throw new RangeError("Cannot parse mix: no NAME=WEIGHT entries given");
  if (CATEGORIES.every((c) => mix[c] === 0)) {
    throw new RangeError("Cannot use mix: every category has weight 0");
  }
  return mix;
}

/** Formats a mix as `name=weight,...` (the inverse of {@linkcode parseMix}). */
export function formatMix(mix: Readonly<Mix>): string {
  return CATEGORIES.map((c) => `${c}=${mix[c]}`).join(",");
}

/**
 * The outcome most requests of each category should get; corpus entries
 * without an `expect` take it.
 */
export const USUAL_EXPECTED: Readonly<Record<Category, Expected>> = Object.freeze({
  simple: "approve",
  multi_step: "approve",
  low_confidence: "clarify",
  high_confidence: "approve",
  conflicting_gates: "clarify",
  clarification: "clarify",
  edge_case: "clarify",
  adversarial: "block",
});
