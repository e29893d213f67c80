/**
 * The trends section as terminal text: one sparkline per metric with its
 * least-squares slope per hour, first-vs-last change and verdict, and a
 * line marking load-level changes (L) and target switches (T).
 *
 * @module
 */
import type { MetricTrend, TrendAnalysis } from "../analysis/trend_analysis.ts";
import type { Colors } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";
import { sparkline } from "./sparkline.ts";
import { formatDuration } from "../fmt/duration.ts";
import { heading, num, signed, table, time } from "./_text_format.ts";

/** Renders the trends section. */
export function renderTrendsText(a: TrendAnalysis, c: Colors): string {
  const lines = [heading("Trends")];
  const n = a.points.length;
  if (n === 0) {
    lines.push("No reports in the range.");
    return lines.join("\n");
  }
  const per = a.bucket_s === null
    ? "one point per report"
    : a.bucket_s % 3600 === 0
    ? `rolled up per ${a.bucket_s === 3600 ? "hour" : `${a.bucket_s / 3600} hours`}`
    : `merged per ${formatDuration(a.bucket_s * 1000)}`;
  lines.push(
    `${n} point${n === 1 ? "" : "s"} (${per}) over ${
      formatDuration(a.span_h * 3_600_000)
    }; slope by least squares; degrading = worse beyond noise (|t| >= 2 and above the smallest change that matters)`,
  );
  const rows: string[][] = [["Metric", "Trend", "First", "Last", "Change", "Slope/h", "Verdict"]];
  for (const m of a.metrics) {
    rows.push([
      m.label + (m.unit ? ` (${m.unit})` : ""),
      sparkline(m.values, n),
      fmt(m, m.first),
      fmt(m, m.last),
      m.change === null ? "-" : signed(m.change, digits(m)),
      m.slope_per_hour === null ? "-" : signed(m.slope_per_hour, digits(m)),
      verdict(m, c),
    ]);
  }
  const marks = a.marks;
  if (marks.length > 0) {
    const line = Array.from({ length: n }, () => " ");
    for (const mk of marks) {
      const ch = mk.kind === "load_level" ? "L" : "T";
      const was = line[mk.point];
      line[mk.point] = was === " " || was === ch ? ch : "+";
    }
    rows.push(["Marks", line.join(""), "", "", "", "", ""]);
  }
  lines.push(...table(rows, [false, false, true, true, true, true, false]));
  for (const mk of marks) {
    lines.push(
      `  ${mk.kind === "load_level" ? "L" : "T"} ${time(mk.at)} ${
        safeText(mk.message, { maxLength: 120 })
      }`,
    );
  }
  if (a.degrading.length > 0) {
    const names = a.metrics.filter((m) => m.verdict === "degrading").map((m) => m.label);
    lines.push(c.red(`Degrading: ${names.join(", ")}`));
  } else if (n >= 4) {
    lines.push("No metric degrading beyond noise.");
  }
  return lines.join("\n");
}

function digits(m: MetricTrend): number {
  return m.unit === "ms" ? 3 : m.unit === "" ? 3 : m.unit === "req/s" ? 1 : 2;
}

function fmt(m: MetricTrend, v: number | null): string {
  return num(v, digits(m));
}

function verdict(m: MetricTrend, c: Colors): string {
  switch (m.verdict) {
    case "degrading":
      return c.red("degrading");
    case "improving":
      return c.green("improving");
    case "shifting":
      return c.yellow("shifting");
    default:
      return m.verdict;
  }
}
