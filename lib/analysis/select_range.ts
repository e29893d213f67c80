/**
 * Narrows a dataset to the reports an analysis covers: `--last N` reports
 * (of each file) and/or `--since` a duration before the newest report or an
 * absolute ISO time.
 *
 * @module
 */
import type { Dataset, TimelineEntry } from "./metrics_dataset.ts";

/** Where a range starts. */
export type Since =
  | { kind: "duration"; ms: number; text: string }
  | { kind: "time"; at: number; text: string };

/** Options for {@linkcode selectRange}. */
export interface RangeOptions {
  /** Keep only the last this many reports of each file. */
  last?: number;
  /** Keep only reports that end after this point. */
  since?: Since;
}

/** The selected range. */
export interface Range {
  /** Entries in the range, in timeline order. */
  entries: TimelineEntry[];
  /** Start of the earliest window in the range, epoch ms (null when empty). */
  from: number | null;
  /** End of the latest window in the range, epoch ms (null when empty). */
  to: number | null;
  /** Cut-off applied by `since`, epoch ms, if any. */
  cutoff: number | null;
  /** Entries in the whole dataset. */
  available: number;
  /** How the range was chosen, e.g. `all 42 reports` or `last 10 reports per file`. */
  description: string;
}

/** Selects the entries of `dataset` that `options` asks for. */
export function selectRange(dataset: Dataset, options: RangeOptions = {}): Range {
  let entries = dataset.timeline;
  const parts: string[] = [];
  let cutoff: number | null = null;
  if (options.last !== undefined) {
    const keep = new Set<TimelineEntry>();
    for (let s = 0; s < dataset.sources.length; s++) {
      const own = entries.filter((e) => e.source === s);
      for (const e of own.slice(Math.max(0, own.length - options.last))) keep.add(e);
    }
    entries = entries.filter((e) => keep.has(e));
    parts.push(
      `last ${options.last} report${options.last === 1 ? "" : "s"}${
        dataset.sources.length > 1 ? " per file" : ""
      }`,
    );
  }
  if (options.since !== undefined) {
    const newest = dataset.timeline.reduce((m, e) => Math.max(m, e.end), -Infinity);
    cutoff = options.since.kind === "time"
      ? options.since.at
      : Number.isFinite(newest)
      ? newest - options.since.ms
      : null;
    const c = cutoff;
    if (c !== null) entries = entries.filter((e) => e.end > c);
    parts.push(
      options.since.kind === "time"
        ? `since ${new Date(options.since.at).toISOString()}`
        : `last ${options.since.text} of data`,
    );
  }
  const from = entries.length > 0 ? entries.reduce((m, e) => Math.min(m, e.start), Infinity) : null;
  const to = entries.length > 0 ? entries.reduce((m, e) => Math.max(m, e.end), -Infinity) : null;
  const count = `${entries.length} report${entries.length === 1 ? "" : "s"}`;
  return {
    entries,
    from,
    to,
    cutoff,
    available: dataset.timeline.length,
    description: parts.length === 0 ? `all ${count}` : `${parts.join(", ")} (${count})`,
  };
}
