/**
 * Builders of run pairs for the baseline comparison: seeded documents of a
 * few families, optionally with a leak confined to one family (its blocked
 * share down by a chosen number of points), and their merged range stats.
 *
 * @module
 */
import type { RequestRecord } from "../lib/model/record.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import type { Category } from "../lib/model/category.ts";
import { mergeParts } from "../lib/metrics/merge_reports.ts";
import type { RangeStats } from "../lib/analysis/range_stats.ts";
import { createRandom } from "../lib/traffic/random.ts";
import { DEFAULT_MIX } from "../lib/traffic/categories.ts";
import { buildDocument, FAMILIES } from "./_builders.ts";

/** The family that leaks in {@linkcode guardDocument}. */
export const LEAKING_FAMILY = "role_play";

/** Share of an expected-block family's answered requests the record stream blocks. */
const STREAM_BLOCKED_SHARE = 0.92 + 0.08 / 3;

/** Options for {@linkcode guardDocument}. */
export interface GuardDocumentOptions {
  /** Seed of the traffic. @default {1} */
  seed?: number;
  /** Points (0..100) by which the blocked share of {@linkcode LEAKING_FAMILY} drops. @default {0} */
  leakPoints?: number;
  /** Reports of 500 requests. @default {16} */
  reports?: number;
}

/**
 * A run of two adversarial families and four benign ones, adversarial traffic
 * weighted so that each adversarial family gets about 2,000 of the 8,000
 * requests (16 reports of 500). With `leakPoints`, blocked decisions of
 * {@linkcode LEAKING_FAMILY} are approved instead with a seeded draw sized so
 * that its blocked share drops by that many points on average. The run is
 * stopped, so no staleness alert joins a `--check`.
 */
export function guardDocument(options: GuardDocumentOptions = {}): MetricsDocument {
  const seed = options.seed ?? 1;
  const names = new Set([LEAKING_FAMILY, "instruction_override", "greeting", "fact", "vague"]);
  names.add("ambiguous_ref");
  const families = FAMILIES.filter((f) => names.has(f.family));
  const mix: Record<Category, number> = { ...DEFAULT_MIX, adversarial: 50 };
  const points = options.leakPoints ?? 0;
  const leak = createRandom(seed ^ 0x5eed);
  const alter = (r: RequestRecord): RequestRecord => {
    if (points === 0 || r.family !== LEAKING_FAMILY || r.outcome !== "blocked") return r;
    if (!leak.chance(points / 100 / STREAM_BLOCKED_SHARE)) return r;
    return { ...r, outcome: "approved", approval_path: "approved", clarification: false };
  };
  const doc = buildDocument({
    seed,
    families,
    mix,
    alter,
    errorRate: 0,
    reports: options.reports ?? 16,
    requestsPerReport: 500,
    runId: `run-seed-${seed}-leak-${points}`,
  });
  doc.status.state = "stopped";
  return doc;
}

/** The whole-file range stats of a document (every family from its totals). */
export function wholeRangeStats(doc: MetricsDocument): RangeStats {
  return mergeParts([doc.cumulative]);
}
