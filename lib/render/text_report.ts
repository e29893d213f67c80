/**
 * The visualizer's whole text output: what was read and merged, the range,
 * then each section asked for. Pure: returns a string; colours come from
 * the caller (off unless stdout is a terminal).
 *
 * @module
 */
import type { Analyses } from "../analysis/visualize_analysis.ts";
import {
  OFF_P95_FACTOR,
  OFF_POINTS,
  type OffField,
  type SourceBreakdown,
  type SummaryAnalysis,
} from "../analysis/summary_analysis.ts";
import type { Colors } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";
import { formatDuration } from "../fmt/duration.ts";
import { heading, int, LOW_RATE, ms, pct, sourceNoun, table, time } from "./_text_format.ts";
import { renderSummaryText } from "./summary_text.ts";
import { renderTrendsText } from "./trends_text.ts";
import { renderCategoriesText } from "./categories_text.ts";
import { renderErrorsText } from "./errors_text.ts";
import { renderCheckText } from "./check_text.ts";
import { renderBaselineText } from "./baseline_text.ts";
import { categoryRows } from "../view/category_rows.ts";

/** Renders every analysis in `a` as text. */
export function renderTextReport(a: Analyses, c: Colors): string {
  const parts: string[] = [renderHeader(a, c)];
  if (a.summary) {
    parts.push(renderSummaryText(a.summary, c));
    const perSource = renderPerSourceText(a.summary, c);
    if (perSource !== null) parts.push(perSource);
  }
  if (a.trends) parts.push(renderTrendsText(a.trends, c));
  if (a.categories) parts.push(renderCategoriesText(categoryRows(a.categories), c));
  if (a.errors) {
    parts.push(renderErrorsText(a.errors, c, a.errors.total));
  }
  if (a.baseline) {
    parts.push(renderBaselineText(a.baseline, c, (a.categories?.families ?? null) !== null));
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
      `Merged ${files.length} ${
        sourceNoun(files.map((f) => f.path))
      } exactly (counts added, histograms merged, percentiles recomputed):`,
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

/**
 * The per-source table: one row per file or store shard with its own
 * figures over the range, health and alerts; a row with a firing alert starts
 * with `!`, a figure far off the merged view ends with `*`. Null with one source (the summary already says it all).
 */
export function renderPerSourceText(a: SummaryAnalysis, c: Colors): string | null {
  const rows = a.per_source;
  if (rows === undefined || rows.length < 2) return null;
  const head = [
    "",
    "Source",
    "State",
    "Reports",
    "Requests",
    "Success",
    "Approved",
    "Pre-val pass",
    "Adv blocked",
    "Benign blocked",
    "p95 lat ms",
    "Health",
    "Alerts",
  ];
  const marked = new Set(rows.flatMap((r) => r.off));
  const cell = (r: SourceBreakdown, field: OffField, text: string, red = false) => {
    const off = r.off.includes(field);
    const painted = red ? c.red(text) : off ? c.yellow(text) : text;
    return marked.has(field) ? painted + (off ? "*" : " ") : painted;
  };
  const below = (v: number | null) => v !== null && v < LOW_RATE;
  const body = rows.map((r) => [
    r.firing > 0 ? c.red("!") : "",
    safeText(r.label),
    stateCell(r, c),
    int(r.reports),
    int(r.requests),
    cell(r, "success_rate", pct(r.success_rate), below(r.success_rate)),
    cell(r, "approval_rate", pct(r.approval_rate)),
    cell(r, "pre_validation_pass_rate", pct(r.pre_validation_pass_rate)),
    cell(
      r,
      "adversarial_block_rate",
      pct(r.adversarial_block_rate),
      below(r.adversarial_block_rate),
    ),
    cell(r, "benign_over_block_rate", pct(r.benign_over_block_rate)),
    cell(r, "latency_p95_ms", r.latency_p95_ms === null ? "-" : ms(r.latency_p95_ms)),
    healthCell(r, c),
    alertsCell(r, c),
  ]);
  const right = [false, false, false, true, true, true, true, true, true, true, true, false, false];
  const lines = [heading("Per source"), ...table([head, ...body], right)];
  lines.push(
    "Each source over its own reports in the range; alerts as a view of that source alone shows them (! = firing).",
  );
  if (marked.size > 0) {
    lines.push(
      `* = far off the merged view: ${OFF_POINTS}+ points for rates, ${OFF_P95_FACTOR}x for p95 latency`,
    );
  }
  return lines.join("\n");
}

function stateCell(r: SourceBreakdown, c: Colors): string {
  if (r.state === "stale") return c.red("stale");
  return r.state === "running" ? c.green("running") : "stopped";
}

function healthCell(r: SourceBreakdown, c: Colors): string {
  const h = r.health;
  if (h === null) return "-";
  const paint = h.grade === "Excellent" || h.grade === "Good"
    ? c.green
    : h.grade === "Fair"
    ? c.yellow
    : c.red;
  return paint(`${h.score} ${h.grade}`);
}

function alertsCell(r: SourceBreakdown, c: Colors): string {
  if (r.alerts.length === 0) return "none";
  return r.alerts.map((al) =>
    `${al.severity === "HIGH" ? c.red("HIGH") : c.yellow("MEDIUM")} ${al.status} ${
      safeText(al.rule_id, { maxLength: 40 })
    }`
  ).join(", ");
}
