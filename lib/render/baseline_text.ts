/**
 * The baseline comparison as terminal text: what was compared, the rate
 * table, the latency table and the guard verdict.
 *
 * @module
 */
import type { BaselineComparison } from "../analysis/visualize_analysis.ts";
import type { BaselineVerdict } from "../analysis/baseline_analysis.ts";
import { type BaselineRow, baselineTables } from "../view/baseline_rows.ts";
import type { Colors } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";
import { heading, int, table } from "./_text_format.ts";

const RIGHT = [false, false, true, true, true, true, true, false];

/** Renders the comparison; `allFamilies` shows every family row. */
export function renderBaselineText(
  b: BaselineComparison,
  c: Colors,
  allFamilies = false,
): string {
  const t = baselineTables(b, { allFamilies });
  const files = b.files.map((f) => `${safeText(f.path)} (${int(f.requests)} requests)`).join(
    ", ",
  );
  const paint = (row: BaselineRow): string[] =>
    row.cells.map((cell, i) => (i === row.cells.length - 1 ? colour(row.verdict, cell, c) : cell));
  const lines = [
    heading("Compared with the baseline"),
    `Baseline: ${files}; range: ${int(b.requests.current)} requests`,
    t.method,
    "",
    ...table([t.rateHead, ...t.rates.map(paint)], RIGHT),
  ];
  if (t.hiddenFamilyRows > 0) {
    lines.push(
      `${
        int(t.hiddenFamilyRows)
      } family rows with no significant change or too few requests not shown (--families shows them)`,
    );
  }
  lines.push("", ...table([t.latencyHead, ...t.latency.map(paint)], RIGHT));
  lines.push(t.regressed ? c.red(t.verdict) : c.green(t.verdict));
  return lines.join("\n");
}

function colour(verdict: BaselineVerdict, text: string, c: Colors): string {
  if (verdict === "regressed") return c.red(text);
  if (verdict === "improved") return c.green(text);
  return verdict === "insufficient data" ? c.dim(text) : text;
}
