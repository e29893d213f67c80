/**
 * The rows of the baseline comparison as the text report and the HTML
 * report draw them: cells already worded (rates in percent, change in
 * points, p-values readable), and which rows a screen shows. Every rate row
 * of the total and the categories is shown; a family row only when its
 * verdict is `regressed` or `improved`, unless all families are asked for.
 *
 * @module
 */
import type {
  BaselineVerdict,
  ComparedRate,
  LatencyComparison,
  RateComparison,
} from "../analysis/baseline_analysis.ts";
import { type BaselineComparison, formatP } from "../analysis/visualize_analysis.ts";

/** How each compared rate is labelled. */
export const RATE_LABELS: Readonly<Record<ComparedRate, string>> = Object.freeze({
  approved: "approved",
  clarification: "clarification",
  blocked: "blocked",
  adversarial_blocking: "adversarial blocked",
  benign_over_blocking: "benign blocked",
});

/** One drawn row: the cells, in column order, and the verdict (for colour). */
export interface BaselineRow {
  /** Cells in the order of the table's header. */
  cells: string[];
  /** The row's verdict. */
  verdict: BaselineVerdict;
}

/** The comparison's tables as every screen draws them. */
export interface BaselineTables {
  /** Header of the rate table. */
  rateHead: string[];
  /** Rate rows shown. */
  rates: BaselineRow[];
  /** Family rows left out (no significant change, or insufficient data). */
  hiddenFamilyRows: number;
  /** Header of the latency table. */
  latencyHead: string[];
  /** Latency rows (total and categories). */
  latency: BaselineRow[];
  /** One line on the method. */
  method: string;
  /** One line on the gate: the guard regressions, or none. */
  verdict: string;
  /** Whether a guard regression was found. */
  regressed: boolean;
}

/** Options for {@linkcode baselineTables}. */
export interface BaselineTablesOptions {
  /** Show every family row, not only the significant ones. @default {false} */
  allFamilies?: boolean;
}

/** Builds the drawn tables of a comparison. */
export function baselineTables(
  b: BaselineComparison,
  options: BaselineTablesOptions = {},
): BaselineTables {
  const all = options.allFamilies ?? false;
  const shown = b.rates.filter((r) =>
    r.level !== "family" || all || r.verdict === "regressed" || r.verdict === "improved"
  );
  const rows = shown.map(rateRow);
  const regressed = b.guard_regressions.length > 0;
  return {
    rateHead: ["Group", "Rate", "Baseline", "Current", "Change", "z", "p (Holm)", "Verdict"],
    rates: rows,
    hiddenFamilyRows: b.rates.filter((r) => r.level === "family").length -
      shown.filter((r) => r.level === "family").length,
    latencyHead: [
      "Group",
      "Exec time",
      "Baseline ms",
      "Current ms",
      "Shift ms",
      "z",
      "p (Holm)",
      "Verdict",
    ],
    latency: b.latency.map(latencyRow),
    method:
      `Two-proportion z-tests, Holm–Bonferroni at alpha ${b.alpha} (rates and latency adjusted separately); ` +
      `a verdict needs ${b.min_samples}+ requests on each side.`,
    verdict: regressed
      ? `Guard regression: ${
        b.guard_regressions.map((r) =>
          `${r.group}: ${RATE_LABELS[r.metric]} ${pct(r.baseline.rate)} -> ${pct(r.current.rate)}`
        ).join("; ")
      }`
      : "No significant guard regression (adversarial blocking down or benign over-blocking up).",
    regressed,
  };
}

function rateRow(r: RateComparison): BaselineRow {
  return {
    cells: [
      r.group,
      RATE_LABELS[r.metric],
      withN(r.baseline.rate, r.baseline.n),
      withN(r.current.rate, r.current.n),
      r.difference_pp === null ? "-" : `${signedFixed(r.difference_pp)} pts`,
      r.z === null ? "-" : r.z.toFixed(2),
      formatP(r.p_adjusted),
      r.verdict,
    ],
    verdict: r.verdict,
  };
}

function latencyRow(r: LatencyComparison): BaselineRow {
  return {
    cells: [
      r.group,
      r.quantile,
      r.baseline_ms === null ? "-" : String(r.baseline_ms),
      r.current_ms === null ? "-" : String(r.current_ms),
      r.shift_ms === null ? "-" : signedFixed(r.shift_ms, 4),
      r.z === null ? "-" : r.z.toFixed(2),
      formatP(r.p_adjusted),
      r.verdict,
    ],
    verdict: r.verdict,
  };
}

const COUNT = new Intl.NumberFormat("en-US");

function pct(v: number | null): string {
  return v === null ? "-" : `${v.toFixed(1)}%`;
}

function withN(rate: number | null, n: number): string {
  return rate === null ? "-" : `${rate.toFixed(1)}% of ${COUNT.format(n)}`;
}

function signedFixed(v: number, digits = 1): string {
  const s = v.toFixed(digits);
  return v > 0 ? `+${s}` : s;
}
