/**
 * Live cumulative totals for a writer that appends many reports: the
 * aggregates stay as mergeable accumulators in memory, each report window is
 * merged in directly (no JSON round trip), and the cumulative block of the
 * file is built only when the file is written.
 *
 * @module
 */
import type { Category } from "../model/category.ts";
import { Stats } from "./stats.ts";
import { buildCumulative, type MergedParts, mergeParts } from "./merge_reports.ts";
import type { Cumulative } from "../model/metrics_document.ts";

/** The aggregates of one report window. */
export interface WindowParts {
  /** Whole window. */
  stats: Stats;
  /** Per category. */
  categories: ReadonlyMap<Category, Stats>;
  /** Per family, keyed `category/family`. */
  families: ReadonlyMap<string, Stats>;
}

/** Running totals: the exact merge of a starting cumulative block and every window added. */
export class CumulativeTotals {
  readonly #parts: MergedParts;

  /** Starts from an existing cumulative block (a continued file) or from nothing. */
  constructor(start?: Cumulative) {
    this.#parts = start === undefined
      ? { stats: new Stats(), categories: new Map(), families: new Map() }
      : mergeParts([start]);
  }

  /** Merges one window's aggregates into the totals (the window is not changed). */
  add(window: WindowParts): void {
    this.#parts.stats.merge(window.stats);
    for (const [name, s] of window.categories) into(this.#parts.categories, name).merge(s);
    for (const [name, s] of window.families) into(this.#parts.families, name).merge(s);
  }

  /** The cumulative block as stored in the metrics file. */
  toCumulative(): Cumulative {
    return buildCumulative(this.#parts);
  }
}

function into<K>(map: Map<K, Stats>, key: K): Stats {
  let s = map.get(key);
  if (s === undefined) map.set(key, s = new Stats());
  return s;
}
