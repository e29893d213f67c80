/**
 * Errors grouped by type and normalised message (numbers, ids, quoted
 * values and addresses replaced by placeholders), with counts, first and
 * last seen, categories affected and example request ids with the run's
 * seed, so a failing request can be reproduced.
 *
 * @module
 */
import type { FoldedDataset } from "./dataset_fold.ts";

/** Example request ids kept per group. */
export const EXAMPLES_PER_GROUP = 3;

/** A request that failed, enough to reproduce it. */
export interface ErrorExample {
  /** Request id. */
  request_id: string;
  /** Sequence number in its run. */
  seq: number;
  /** Run id. */
  run_id: string;
  /** The run's seed. */
  seed: number;
  /** Category. */
  category: string;
  /** Family. */
  family: string;
  /** The raw message (untrusted). */
  message: string;
  /** First characters of the input (untrusted). */
  input_preview: string;
}

/** One group of errors. */
export interface ErrorGroup {
  /** Error type, e.g. `timeout`. */
  type: string;
  /** Normalised message (untrusted). */
  message: string;
  /** Samples in the group. */
  count: number;
  /** ISO time of the first sample. */
  first_seen: string;
  /** ISO time of the last sample. */
  last_seen: string;
  /** Categories affected, with counts. */
  categories: Record<string, number>;
  /** Up to {@linkcode EXAMPLES_PER_GROUP} examples, newest first. */
  examples: ErrorExample[];
}

/** The error analysis. */
export interface ErrorAnalysis {
  /** Requests in the range (from the merged counts): what the failed share is of. */
  total: number;
  /** Failed requests in the range (from the merged counts). */
  failed: number;
  /** Unexpected exceptions among them. */
  unhandled: number;
  /** Failures by type in the range (from the merged counts). */
  by_type: Record<string, number>;
  /** Error samples in the range (files keep only recent samples). */
  samples: number;
  /** Groups, largest first. */
  groups: ErrorGroup[];
}

const NORMALISERS: readonly [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [/\bhttps?:\/\/[^\s'"]+/gi, "<url>"],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, "<addr>"],
  [/"[^"]*"/g, '"<str>"'],
  [/'[^']*'/g, "'<str>'"],
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  [/\b[0-9a-f]*\d[0-9a-f]*\b/gi, "<n>"],
  [/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, "<n>"],
  [/\s+/g, " "],
];

/**
 * Normalises an error message for grouping: uuids, URLs, addresses, quoted
 * values, hex and decimal numbers become placeholders; whitespace collapses.
 */
export function normalizeMessage(message: string): string {
  let out = message;
  for (const [pattern, replacement] of NORMALISERS) out = out.replace(pattern, replacement);
  return out.trim().slice(0, 500);
}

/** Groups the error samples of a range. */
export function analyzeErrors(dataset: FoldedDataset): ErrorAnalysis {
  const { range, merged } = dataset;
  const sources = new Set(range.sources);
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const groups = new Map<string, ErrorGroup>();
  let samples = 0;
  for (const e of dataset.errors) {
    const at = Date.parse(e.at);
    if (!sources.has(e.source) || !(at >= from && at <= to)) continue;
    samples++;
    const message = normalizeMessage(e.message);
    const key = `${e.type}\u0000${message}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        type: e.type,
        message,
        count: 0,
        first_seen: e.at,
        last_seen: e.at,
        categories: {},
        examples: [],
      };
      groups.set(key, g);
    }
    g.count++;
    if (Date.parse(e.at) < Date.parse(g.first_seen)) g.first_seen = e.at;
    if (Date.parse(e.at) >= Date.parse(g.last_seen)) g.last_seen = e.at;
    g.categories[e.category] = (g.categories[e.category] ?? 0) + 1;
    g.examples.unshift({
      request_id: e.request_id,
      seq: e.seq,
      run_id: e.run_id,
      seed: e.seed,
      category: e.category,
      family: e.family,
      message: e.message,
      input_preview: e.input_preview,
    });
    if (g.examples.length > EXAMPLES_PER_GROUP) g.examples.pop();
  }
  const s = merged.stats;
  const byType = Object.fromEntries(
    Object.entries(s.errors).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
  );
  return {
    total: s.total,
    failed: s.failed,
    unhandled: s.unhandled,
    by_type: byType,
    samples,
    groups: [...groups.values()].sort((a, b) =>
      b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
    ),
  };
}
