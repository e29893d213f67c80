/**
 * Runs the analyses the visualizer was asked for over one merged dataset
 * and returns them as one plain object: the text renderers, `--json` and the
 * HTML report all read this.
 *
 * @module
 */
import type { AlertRule } from "../alerts/rules.ts";
import { analyzeCategories, type CategoryAnalysis } from "./category_analysis.ts";
import { analyzeBaseline, type BaselineAnalysis } from "./baseline_analysis.ts";
import { analyzeCheck, type CheckAnalysis, type CheckFinding } from "./check_analysis.ts";
import { analyzeErrors, type ErrorAnalysis } from "./error_analysis.ts";
import type { Dataset } from "./metrics_dataset.ts";
import { foldDataset, type FoldedDataset, type FoldOptions } from "./dataset_fold.ts";
import type { RangeOptions } from "./select_range.ts";
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
  /**
   * A baseline run (whole files) the range is compared with: in memory, or
   * folded with {@linkcode baselineFoldOptions}.
   */
  baseline?: Dataset | FoldedDataset;
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
  /** Comparison with a baseline run. */
  baseline?: BaselineComparison;
}

/** The comparison with a baseline run, with the baseline's files. */
export interface BaselineComparison extends BaselineAnalysis {
  /** The baseline's files, as given. */
  files: { path: string; requests: number; runs: string[] }[];
}

/** Runs the requested analyses over sources held in memory. */
export function runAnalyses(dataset: Dataset, options: AnalysesOptions): Analyses {
  return analyzeFolded(foldDataset(dataset, foldOptions(options)), options);
}

/** How sources are folded for the analyses `options` ask for (see {@linkcode analyzeFolded}). */
export function foldOptions(options: AnalysesOptions): FoldOptions {
  return {
    now: options.now,
    trends: needsTrends(options),
    ...(options.range ? { range: options.range } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
  };
}

/** Whether the analyses asked for read trend points (the summary and the check do). */
function needsTrends(options: AnalysesOptions): boolean {
  return options.sections.includes("trends") || options.sections.includes("summary") ||
    options.check === true;
}

/** Folds a baseline: its whole history, without trends. */
export function baselineFoldOptions(now: Date): FoldOptions {
  return { now, trends: false };
}

/**
 * Runs the requested analyses over sources folded one at a time (with
 * {@linkcode foldOptions} of the same `options`).
 */
export function analyzeFolded(dataset: FoldedDataset, options: AnalysesOptions): Analyses {
  const { range, merged } = dataset;
  const sections = new Set(options.sections);
  const warnings: string[] = dataset.sources.flatMap((s) => s.warnings);
  if (dataset.duplicates > 0) {
    warnings.push(
      `${dataset.duplicates} report${
        dataset.duplicates === 1 ? "" : "s"
      } found in more than one file counted once`,
    );
  }
  if (range.reports === 0) {
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
  const wantFamilies = options.families === true || options.baseline !== undefined;
  if (wantFamilies && wholeFiles) merged.families = dataset.cumulative.families;
  if (wantFamilies && !wholeFiles && range.family_reports < range.reports) {
    warnings.push(
      `per-family figures cover ${range.family_reports} of ${range.reports} reports in the range (older reports keep categories only)`,
    );
  }
  const out: Analyses = {
    kind: "buddy-traffic/analysis",
    generated_at: options.now.toISOString(),
    input: {
      files: dataset.sources.map(({ state }) => ({
        path: state.path,
        reports: state.reports,
        rollups: state.rollups,
        requests: state.total_requests,
        runs: state.runs.map((r) => r.run_id),
      })),
      duplicates: dataset.duplicates,
      warnings,
    },
    range: {
      description: range.description,
      from: range.from === null ? null : new Date(range.from).toISOString(),
      to: range.to === null ? null : new Date(range.to).toISOString(),
      reports: range.reports,
      available: range.available,
    },
  };
  const trends = needsTrends(options) ? analyzeTrends(dataset) : undefined;
  const summaryOptions = { now: options.now, ...(options.rules ? { rules: options.rules } : {}) };
  const summary = trends ? analyzeSummary(dataset, summaryOptions) : undefined;
  if (sections.has("summary") && summary) out.summary = summary;
  if (sections.has("trends") && trends) out.trends = trends;
  if (sections.has("categories")) {
    out.categories = analyzeCategories(merged, { families: options.families ?? false });
  }
  if (sections.has("errors")) out.errors = analyzeErrors(dataset);
  if (options.baseline !== undefined) {
    const base = "merged" in options.baseline
      ? options.baseline
      : foldDataset(options.baseline, baselineFoldOptions(options.now));
    out.baseline = {
      files: base.sources.map(({ state }) => ({
        path: state.path,
        requests: state.total_requests,
        runs: state.runs.map((r) => r.run_id),
      })),
      ...analyzeBaseline(base.duplicates === 0 ? base.cumulative : base.merged, merged),
    };
  }
  if (options.check && summary) {
    out.check = analyzeCheck(summary.summary, summary.sources, {
      strict: options.strict ?? false,
      ...(options.rules ? { rules: options.rules } : {}),
      ...(summary.per_source ? { perSource: summary.per_source } : {}),
      ...(out.baseline ? { more: baselineFindings(out.baseline) } : {}),
    });
  }
  return out;
}

/** The gate's findings of a comparison: each significant guard regression, as a HIGH alert. */
export function baselineFindings(b: BaselineAnalysis): CheckFinding[] {
  return b.guard_regressions.map((r) => {
    const what = r.metric === "adversarial_blocking"
      ? "adversarial blocking"
      : "benign over-blocking";
    const pct = (v: number | null) => (v === null ? "-" : `${v.toFixed(2)}%`);
    return {
      rule_id: `baseline_${r.metric}`,
      severity: "HIGH",
      value: r.current.rate,
      message: `${r.group}: ${what} ${pct(r.baseline.rate)} in the baseline, ${
        pct(r.current.rate)
      } now (z = ${r.z}, Holm-adjusted p ${pValue(r.p_adjusted)})`,
    };
  });
}

/** `= 0.012` or `< 0.0001`. */
function pValue(p: number | null): string {
  const text = formatP(p);
  return text.startsWith("<") ? text : `= ${text}`;
}

/** A p-value for people: two significant digits, or `< 0.0001`. */
export function formatP(p: number | null): string {
  if (p === null) return "-";
  return p < 0.0001 ? "< 0.0001" : String(Number(p.toPrecision(2)));
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
