/**
 * Runs the analyses the visualizer was asked for over one merged dataset
 * and returns them as one plain object: the text renderers, `--json` and the
 * HTML report all read this.
 *
 * @module
 */
import type { AlertRule } from "../alerts/rules.ts";
import { reportGaps } from "../model/validate_document.ts";
import { mergeParts } from "../metrics/merge_reports.ts";
import { analyzeCategories, type CategoryAnalysis } from "./category_analysis.ts";
import { analyzeCheck, type CheckAnalysis } from "./check_analysis.ts";
import { analyzeErrors, type ErrorAnalysis } from "./error_analysis.ts";
import type { Dataset } from "./metrics_dataset.ts";
import { mergeRangeStats } from "./range_stats.ts";
import { type RangeOptions, selectRange } from "./select_range.ts";
import { analyzeSummary, type SummaryAnalysis } from "./summary_analysis.ts";
import { analyzeTrends, type TrendAnalysis } from "./trend_analysis.ts";

/** An analysis section. */
export type Section = "summary" | "trends" | "categories" | "errors";

/** Every section, in the order printed by `--all`. */
export const SECTIONS: readonly Section[] = ["summary", "trends", "categories", "errors"];

/** Options for {@linkcode runAnalyses}. */
export interface AnalysesOptions {
  /** Sections to build. */
  sections: readonly Section[];
  /** Add the per-family table to the categories section. */
  families?: boolean;
  /** Range selection. */
  range?: RangeOptions;
  /** Evaluate the alert gate. */
  check?: boolean;
  /** Fail the gate on MEDIUM alerts too. */
  strict?: boolean;
  /** Alert rules (default: the product's). */
  rules?: readonly AlertRule[];
  /** Current time (staleness). */
  now: Date;
}

/** What was read and merged. */
export interface InputInfo {
  /** Files, in the order given. */
  files: { path: string; reports: number; rollups: number; requests: number; runs: string[] }[];
  /** Reports dropped because another file held the same window. */
  duplicates: number;
  /** Data problems found (report gaps, ...); the analysis still ran. */
  warnings: string[];
}

/** The range analysed. */
export interface RangeInfo {
  /** How it was chosen. */
  description: string;
  /** ISO start, null when empty. */
  from: string | null;
  /** ISO end, null when empty. */
  to: string | null;
  /** Reports in the range. */
  reports: number;
  /** Reports available. */
  available: number;
}

/** Every analysis asked for. */
export interface Analyses {
  /** Document kind for scripts. */
  kind: "buddy-traffic/analysis";
  /** ISO time of the analysis. */
  generated_at: string;
  /** Inputs. */
  input: InputInfo;
  /** Range. */
  range: RangeInfo;
  /** Summary section. */
  summary?: SummaryAnalysis;
  /** Trends section. */
  trends?: TrendAnalysis;
  /** Categories section. */
  categories?: CategoryAnalysis;
  /** Errors section. */
  errors?: ErrorAnalysis;
  /** Alert gate. */
  check?: CheckAnalysis;
}

/** Runs the requested analyses over `dataset`. */
export function runAnalyses(dataset: Dataset, options: AnalysesOptions): Analyses {
  const range = selectRange(dataset, options.range ?? {});
  const sections = new Set(options.sections);
  const merged = mergeRangeStats(range.entries.map((e) => e.report));
  const warnings: string[] = [];
  for (const { path, doc } of dataset.sources) {
    for (const w of reportGaps(doc)) warnings.push(`${path}: ${w}`);
  }
  if (dataset.duplicates > 0) {
    warnings.push(
      `${dataset.duplicates} report${
        dataset.duplicates === 1 ? "" : "s"
      } found in more than one file counted once`,
    );
  }
  if (range.entries.length === 0) {
    warnings.push(
      range.available === 0
        ? "no reports yet (the first report is written after --report-interval requests)"
        : `no report in the range (${range.available} available)`,
    );
  }
  // The whole history of every file: per-family figures come exactly from the
  // files' totals (reports keep per-family aggregates for the newest ones only).
  const wholeFiles = options.range?.last === undefined && options.range?.since === undefined &&
    dataset.duplicates === 0;
  if (options.families && wholeFiles) {
    merged.families = mergeParts(dataset.sources.map((s) => s.doc.cumulative)).families;
  }
  const familyReports = range.entries.filter((e) => Object.keys(e.report.families).length > 0)
    .length;
  if (options.families && !wholeFiles && familyReports < range.entries.length) {
    warnings.push(
      `per-family figures cover ${familyReports} of ${range.entries.length} reports in the range (older reports keep categories only)`,
    );
  }
  const out: Analyses = {
    kind: "buddy-traffic/analysis",
    generated_at: options.now.toISOString(),
    input: {
      files: dataset.sources.map(({ path, doc }) => ({
        path,
        reports: doc.reports.length,
        rollups: doc.rollups.length,
        requests: doc.cumulative.total_requests,
        runs: doc.runs.map((r) => r.run_id),
      })),
      duplicates: dataset.duplicates,
      warnings,
    },
    range: {
      description: range.description,
      from: range.from === null ? null : new Date(range.from).toISOString(),
      to: range.to === null ? null : new Date(range.to).toISOString(),
      reports: range.entries.length,
      available: range.available,
    },
  };
  const needTrends = sections.has("trends") || sections.has("summary") || options.check;
  const trends = needTrends ? analyzeTrends(dataset, range) : undefined;
  const summaryOptions = { now: options.now, ...(options.rules ? { rules: options.rules } : {}) };
  const summary = trends
    ? analyzeSummary(dataset, range, merged, trends, summaryOptions)
    : undefined;
  if (sections.has("summary") && summary) out.summary = summary;
  if (sections.has("trends") && trends) out.trends = trends;
  if (sections.has("categories")) {
    out.categories = analyzeCategories(merged, { families: options.families ?? false });
  }
  if (sections.has("errors")) out.errors = analyzeErrors(dataset, range, merged);
  if (options.check && summary) {
    out.check = analyzeCheck(summary.summary, summary.sources, {
      strict: options.strict ?? false,
      ...(options.rules ? { rules: options.rules } : {}),
      ...(summary.per_source ? { perSource: summary.per_source } : {}),
    });
  }
  return out;
}

/**
 * The analyses as written by `--json`: trend points carry each point's
 * summary (rates, distributions, load level, window) without the raw
 * mergeable aggregates, which only the analyses themselves need.
 */
export function analysesToJson(a: Analyses): unknown {
  if (a.trends === undefined) return a;
  const points = a.trends.points.map((p) => {
    const { stats: _s, categories: _c, families: _f, schedule_lag_histogram: _h, ...report } =
      p.report;
    return { ...p, report };
  });
  return { ...a, trends: { ...a.trends, points } };
}
