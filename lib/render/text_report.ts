/**
 * The visualizer's whole text output: what was read and merged, the range,
 * then each section asked for. Pure: returns a string; colours come from
 * the caller (off unless stdout is a terminal).
 *
 * @module
 */
import type { Analyses } from "../analysis/visualize_analysis.ts";
import type { Colors } from "./ansi.ts";
import { safeText } from "./sanitize.ts";
import { formatDuration } from "../cli/duration.ts";
import { int, time } from "./_text_format.ts";
import { renderSummaryText } from "./summary_text.ts";
import { renderTrendsText } from "./trends_text.ts";
import { renderCategoriesText } from "./categories_text.ts";
import { renderErrorsText } from "./errors_text.ts";
import { renderCheckText } from "./check_text.ts";

/** Renders every analysis in `a` as text. */
export function renderTextReport(a: Analyses, c: Colors): string {
  const parts: string[] = [renderHeader(a, c)];
  if (a.summary) parts.push(renderSummaryText(a.summary, c));
  if (a.trends) parts.push(renderTrendsText(a.trends, c));
  if (a.categories) parts.push(renderCategoriesText(a.categories, c));
  if (a.errors) {
    const total = a.summary?.summary.total_requests ?? a.categories?.total.count ??
      a.errors.failed;
    parts.push(renderErrorsText(a.errors, c, total));
  }
  if (a.check) parts.push(renderCheckText(a.check, c));
  return parts.join("\n\n") + "\n";
}

/** What was read and the range analysed. */
export function renderHeader(a: Analyses, c: Colors): string {
  const files = a.input.files;
  const lines = [c.bold("buddy-traffic analysis")];
  const describe = (f: Analyses["input"]["files"][number]) =>
    `${safeText(f.path)} (${int(f.reports)} reports${
      f.rollups > 0 ? ` + ${int(f.rollups)} hourly rollups` : ""
    }, ${int(f.requests)} requests, run${f.runs.length === 1 ? "" : "s"} ${
      f.runs.map((r) => safeText(r, { maxLength: 40 })).join(", ")
    })`;
  if (files.length === 1) lines.push(`File: ${describe(files[0]!)}`);
  else {
    lines.push(
      `Merged ${files.length} files exactly (counts added, histograms merged, percentiles recomputed):`,
    );
    for (const f of files) lines.push(`  ${describe(f)}`);
    if (a.input.duplicates > 0) {
      lines.push(`  ${int(a.input.duplicates)} reports found in more than one file counted once`);
    }
  }
  const r = a.range;
  const span = r.from !== null && r.to !== null
    ? `, ${time(r.from)} .. ${time(r.to)} (${
      formatDuration(Date.parse(r.to) - Date.parse(r.from))
    })`
    : "";
  lines.push(`Range: ${r.description}${span}`);
  return lines.join("\n");
}
