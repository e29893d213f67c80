/**
 * The reports an analysis covers: `--last N` reports (of each file) and/or
 * `--since` a duration before the newest report or an absolute ISO time.
 * The selection is made for each source as it is read; {@linkcode Range}
 * describes what was selected over all of them.
 *
 * @module
 */
import type { TimelineEntry } from "./metrics_dataset.ts";

/** Where a range starts. */
export type Since =
  | { kind: "duration"; ms: number; text: string }
  | { kind: "time"; at: number; text: string };

/** Options for the range selection. */
export interface RangeOptions {
  /** Keep only the last this many reports of each file. */
  last?: number;
  /** Keep only reports that end after this point. */
  since?: Since;
}

/** Requests and reports of one load level in the range. */
export interface LevelCount {
  /** Requests. */
  requests: number;
  /** Reports. */
  reports: number;
}

/** The selected range. */
export interface Range {
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
  /** Reports in the range (rollups included). */
  reports: number;
  /** Hourly rollups among them. */
  rollups: number;
  /** Reports in the range that keep per-family aggregates. */
  family_reports: number;
  /** Summed window lengths of the reports in the range, seconds. */
  seconds: number;
  /** Indices of the sources with reports in the range, ascending. */
  sources: number[];
  /** Requests and reports per load level. */
  levels: Map<number, LevelCount>;
}

/**
 * The cut-off of `since`: its time, or its duration before `newest` (the
 * newest report end of every source, epoch ms); null without reports.
 */
export function sinceCutoff(since: Since | undefined, newest: number): number | null {
  if (since === undefined) return null;
  if (since.kind === "time") return since.at;
  return Number.isFinite(newest) ? newest - since.ms : null;
}

/**
 * One source's entries in the range: of its entries (in timeline order), the
 * last `options.last`, then those that end after `cutoff`.
 */
export function selectOwn(
  own: readonly TimelineEntry[],
  options: RangeOptions,
  cutoff: number | null,
): TimelineEntry[] {
  let entries = options.last === undefined
    ? own.slice()
    : own.slice(Math.max(0, own.length - options.last));
  if (cutoff !== null) entries = entries.filter((e) => e.end > cutoff);
  return entries;
}

/** How a range was chosen, e.g. `last 10 reports per file, last 2h of data (40 reports)`. */
export function describeRange(options: RangeOptions, sources: number, reports: number): string {
  const parts: string[] = [];
  if (options.last !== undefined) {
    parts.push(
      `last ${options.last} report${options.last === 1 ? "" : "s"}${
        sources > 1 ? " per file" : ""
      }`,
    );
  }
  if (options.since !== undefined) {
    parts.push(
      options.since.kind === "time"
        ? `since ${new Date(options.since.at).toISOString()}`
        : `last ${options.since.text} of data`,
    );
  }
  const count = `${reports} report${reports === 1 ? "" : "s"}`;
  return parts.length === 0 ? `all ${count}` : `${parts.join(", ")} (${count})`;
}
