/**
 * The self-contained HTML report: summary cards, charts of latency
 * percentiles and rates over time, the confidence histogram and routing
 * mix (uPlot, inlined), the category table, errors and the alert gate.
 * Pure: returns the page as a string.
 *
 * Safety: every string from the metrics file is sanitised and HTML-escaped
 * in the markup; chart data travels as JSON in a
 * `<script type="application/json">` block with `<`, `>`, `&`, U+2028 and
 * U+2029 escaped, and is only ever read back as data; a Content Security
 * Policy allows only the page's own inline scripts (by hash) and forbids
 * every network fetch.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { Analyses, BaselineComparison } from "../analysis/visualize_analysis.ts";
import type { BaselineVerdict } from "../analysis/baseline_analysis.ts";
import { type BaselineRow, baselineTables } from "../view/baseline_rows.ts";
import {
  OFF_P95_FACTOR,
  OFF_POINTS,
  type OffField,
  type SourceBreakdown,
} from "../analysis/summary_analysis.ts";
import type { RateInterval } from "../analysis/wilson_interval.ts";
import { MIN_RATE_SAMPLES, SMALL_SAMPLE } from "../analysis/wilson_interval.ts";
import { escapeHtml, safeText } from "../fmt/sanitize.ts";
import type { ChartAssets } from "./uplot_assets.ts";
import { type CategoryRow, categoryRows } from "../view/category_rows.ts";
import { int, LOW_RATE, ms, pct, sourceNoun, time } from "./_text_format.ts";

/** Escapes JSON so it can sit inside a `<script>` element and never end it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Chart data embedded in the page. */
export interface HtmlChartData {
  /** Point end times, epoch seconds. */
  t: number[];
  /** Series by id, one value per point (null without data). */
  series: Record<string, (number | null)[]>;
  /** Confidence counts per 0.1 bin. */
  confidence_bins: number[];
  /** Outcome counts. */
  routing: { approved: number; clarification: number; blocked: number };
  /** Marks (load level changes, target switches) as [epoch seconds, label]. */
  marks: [number, string][];
}

/** Extracts the chart data from the analyses. */
export function chartData(a: Analyses): HtmlChartData {
  const points = a.trends?.points ?? [];
  const t = points.map((p) => Math.round(Date.parse(p.end) / 1000));
  const pick = (f: (r: (typeof points)[number]["report"]) => number | null) =>
    points.map((p) => (p.report.total_requests > 0 ? f(p.report) : null));
  const s = a.summary?.summary;
  return {
    t,
    series: {
      latency_p50: pick((r) => r.latency.p50),
      latency_p95: pick((r) => r.latency.p95),
      latency_p99: pick((r) => r.latency.p99),
      execution_avg: pick((r) => r.execution_time.average),
      execution_p95: pick((r) => r.execution_time.p95),
      success_rate: pick((r) => r.success_rate),
      error_rate: pick((r) => r.error_rate),
      pre_validation_pass_rate: pick((r) => r.pre_validation.pass_rate),
      clarification_rate: pick((r) => r.clarification_rate),
      adversarial_block_rate: pick((r) => r.adversarial_block_rate),
      throughput_rps: pick((r) => r.throughput_rps),
    },
    confidence_bins: a.summary?.confidence_bins ?? [],
    routing: s ? { ...s.outcomes } : { approved: 0, clarification: 0, blocked: 0 },
    marks: (a.trends?.marks ?? []).map((m) => [
      Math.round(Date.parse(m.at) / 1000),
      safeText(m.message, { maxLength: 80 }),
    ]),
  };
}

const CLIENT_JS = `(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var charts = [];
  window.__reportCharts = charts;
  if (typeof uPlot !== "function") return;
  var box = document.querySelector(".charts");
  function width() {
    var w = box ? box.clientWidth : 960;
    return Math.max(360, Math.min(640, Math.floor((w - 48) / 2)));
  }
  function utcLabels(u, ticks) {
    var step = ticks.length > 1 ? ticks[1] - ticks[0] : 60;
    return ticks.map(function (t) {
      var text = new Date(t * 1000).toISOString();
      return step >= 86400 ? text.slice(5, 10) : text.slice(11, step >= 60 ? 16 : 19);
    });
  }
  function line(id, title, unit, keys, colors) {
    var el = document.getElementById(id);
    if (!el || data.t.length === 0) return;
    var series = [{}];
    var cols = [data.t];
    keys.forEach(function (k, i) {
      series.push({ label: k[1], stroke: colors[i], width: 2, spanGaps: true,
        value: function (u, v) { return v == null ? "-" : v.toFixed(3) + unit; } });
      cols.push(data.series[k[0]]);
    });
    charts.push(new uPlot({ title: title, width: width(), height: 260, series: series,
      legend: { live: false },
      axes: [{ values: utcLabels }, { label: unit.trim() }], scales: { x: { time: true } } }, cols, el));
  }
  function bars(id, title, labels, values, color) {
    var el = document.getElementById(id);
    if (!el) return;
    var xs = labels.map(function (_, i) { return i; });
    charts.push(new uPlot({ title: title, width: Math.min(width(), 480), height: 240,
      legend: { show: false },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } },
      axes: [{ values: function (u, ticks) { return ticks.map(function (t) { return labels[t] || ""; }); } }, {}],
      series: [{}, { label: "count", fill: color, stroke: color, paths: uPlot.paths.bars({ size: [0.8, 60] }) }]
    }, [xs, values], el));
  }
  line("chart-latency", "Latency and execution time over time", " ms",
    [["latency_p50", "latency p50"], ["latency_p95", "latency p95"], ["latency_p99", "latency p99"],
     ["execution_avg", "exec avg"], ["execution_p95", "exec p95"]],
    ["#2b7bb9", "#e08a00", "#c0392b", "#27ae60", "#8e44ad"]);
  line("chart-rates", "Rates over time", " %",
    [["success_rate", "success"], ["error_rate", "errors"], ["pre_validation_pass_rate", "pre-validation pass"],
     ["clarification_rate", "clarification"], ["adversarial_block_rate", "adversarial blocking"]],
    ["#27ae60", "#c0392b", "#2b7bb9", "#e08a00", "#8e44ad"]);
  line("chart-throughput", "Throughput", " req/s", [["throughput_rps", "throughput"]], ["#2b7bb9"]);
  var binLabels = data.confidence_bins.map(function (_, i) { return (i / 10).toFixed(1); });
  bars("chart-confidence", "Confidence distribution", binLabels, data.confidence_bins, "#2b7bb9");
  bars("chart-routing", "Routing mix", ["approved", "clarification", "blocked"],
    [data.routing.approved, data.routing.clarification, data.routing.blocked], "#e08a00");
})();`;

const PAGE_CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#555}.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:130px}
.card b{display:block;font-size:18px}.bad{color:#b3261e}.warn{color:#9a6700}.good{color:#1a7f37}
table{border-collapse:collapse;background:#fff;font-variant-numeric:tabular-nums}
table{display:block;max-width:100%;overflow-x:auto}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left}
td.text{text-align:left;max-width:520px;overflow-wrap:anywhere;white-space:normal}
td.name{text-align:left;white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #ddd;padding:6px}
.small{color:#666;font-size:12px}ul.warnings{color:#9a6700}
`;

function e(text: string, max = 200): string {
  return escapeHtml(safeText(text, { maxLength: max }));
}

function rate(r: RateInterval | null): string {
  if (r === null) return "-";
  if (r.n < MIN_RATE_SAMPLES) return `<span class="small">n too small</span>`;
  const iv = r.n <= SMALL_SAMPLE
    ? ` <span class="small">[${r.low.toFixed(0)}-${r.high.toFixed(0)}]</span>`
    : "";
  return `${r.rate.toFixed(1)}%${iv}`;
}

function categoryTable(rows: readonly CategoryRow[], id: string, first: string): string {
  const head = [
    first,
    "n",
    "success",
    "exec avg ms",
    "p95 exec ms",
    "approved",
    "clarification",
    "blocked",
    "agreement",
    "adv. blocked",
    "benign blocked",
  ].map((h) => `<th>${h}</th>`).join("");
  const body = rows.map((r) =>
    `<tr><td class="name">${e(r.name, 80)}</td><td>${int(r.requests)}</td><td>${
      rate(r.success)
    }</td><td>${ms(r.exec_avg_ms)}</td><td>${ms(r.exec_p95_ms)}</td><td>${
      rate(r.approved)
    }</td><td>${rate(r.clarification)}</td><td>${rate(r.blocked)}</td><td>${
      rate(r.agreement)
    }</td><td>${rate(r.adversarial_blocking)}</td><td>${rate(r.benign_over_blocking)}</td></tr>`
  ).join("\n");
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * One row per source with its own figures; a row with a firing alert takes
 * the class of the summary's alert list (`bad` for HIGH, `warn` for MEDIUM),
 * a figure far off the merged view is marked `*`.
 */
function perSourceTable(rows: readonly SourceBreakdown[]): string {
  const head = [
    "source",
    "state",
    "reports",
    "requests",
    "success",
    "approved",
    "pre-validation pass",
    "adv. blocked",
    "benign blocked",
    "p95 latency ms",
    "health",
    "alerts",
  ].map((h) => `<th>${h}</th>`).join("");
  const body = rows.map((r) => {
    const firing = r.alerts.filter((al) => al.status === "firing");
    const cls = firing.some((al) => al.severity === "HIGH")
      ? "bad"
      : firing.length > 0
      ? "warn"
      : "";
    const cell = (field: OffField, text: string, low = false) => {
      const off = r.off.includes(field);
      const cls = low ? "bad" : off ? "warn" : "";
      const body = `${text}${off ? "*" : ""}`;
      return `<td${off ? ' title="far off the merged view"' : ""}>${
        cls ? `<span class="${cls}">${body}</span>` : body
      }</td>`;
    };
    const below = (v: number | null) => v !== null && v < LOW_RATE;
    const alerts = r.alerts.length === 0
      ? "none"
      : r.alerts.map((al) =>
        `<span class="${al.severity === "HIGH" ? "bad" : "warn"}">${al.severity} ${e(al.status)} ${
          e(al.rule_id, 60)
        }</span>`
      ).join("<br>");
    return `<tr${cls ? ` class="${cls}"` : ""}><td class="text">${cls ? "! " : ""}${
      e(r.label, 120)
    }</td><td>${e(r.state)}</td><td>${int(r.reports)}</td><td>${int(r.requests)}</td>${
      cell("success_rate", pct(r.success_rate), below(r.success_rate))
    }${cell("approval_rate", pct(r.approval_rate))}${
      cell("pre_validation_pass_rate", pct(r.pre_validation_pass_rate))
    }${
      cell(
        "adversarial_block_rate",
        pct(r.adversarial_block_rate),
        below(r.adversarial_block_rate),
      )
    }${cell("benign_over_block_rate", pct(r.benign_over_block_rate))}${
      cell("latency_p95_ms", r.latency_p95_ms === null ? "-" : ms(r.latency_p95_ms))
    }<td>${
      r.health === null ? "-" : `${r.health.score} ${r.health.grade}`
    }</td><td class="text">${alerts}</td></tr>`;
  }).join("\n");
  return `<h2>Per source</h2><table id="per-source-table"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table><p class="small">Each source over its own reports in the range; ! marks a firing alert, * a figure ${OFF_POINTS}+ points (p95 latency: ${OFF_P95_FACTOR}x) off the merged view.</p>`;
}

/** The baseline comparison: the rate and latency tables, verdicts coloured. */
function baselineSection(b: BaselineComparison, allFamilies: boolean): string {
  const t = baselineTables(b, { allFamilies });
  const cls = (v: BaselineVerdict) =>
    v === "regressed"
      ? "bad"
      : v === "improved"
      ? "good"
      : v === "insufficient data"
      ? "small"
      : "";
  const drawn = (id: string, head: readonly string[], rows: readonly BaselineRow[]) =>
    `<table id="${id}"><thead><tr>${
      head.map((h) => `<th>${e(h)}</th>`).join("")
    }</tr></thead><tbody>\n${
      rows.map((r) =>
        `<tr>${
          r.cells.map((cell, i) =>
            i === r.cells.length - 1
              ? `<td class="text ${cls(r.verdict)}">${e(cell)}</td>`
              : `<td${i < 2 ? ' class="text"' : ""}>${e(cell, 80)}</td>`
          ).join("")
        }</tr>`
      ).join("\n")
    }\n</tbody></table>`;
  const files = b.files.map((f) => `${e(f.path)} (${int(f.requests)} requests)`).join(", ");
  const hidden = t.hiddenFamilyRows > 0
    ? `<p class="small">${
      int(t.hiddenFamilyRows)
    } family rows with no significant change or too few requests not shown.</p>`
    : "";
  return `<h2>Compared with the baseline</h2><p>Baseline: ${files}; range: ${
    int(b.requests.current)
  } requests.</p><p class="small">${e(t.method, 300)}</p>${
    drawn("baseline-rate-table", t.rateHead, t.rates)
  }${hidden}${
    drawn("baseline-latency-table", t.latencyHead, t.latency)
  }<p id="baseline-verdict" class="${t.regressed ? "bad" : "good"}">${e(t.verdict, 1000)}</p>`;
}

function card(label: string, value: string, cls = ""): string {
  return `<div class="card"><span class="small">${label}</span><b class="${cls}">${value}</b></div>`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

/** Renders the whole report page. */
export function renderHtmlReport(a: Analyses, assets: ChartAssets): string {
  const s = a.summary?.summary;
  const parts: string[] = [];
  parts.push(`<h1>buddy-traffic report</h1>`);
  const files = a.input.files.map((f) =>
    `${e(f.path)} (${int(f.reports)} reports${f.rollups ? ` + ${int(f.rollups)} rollups` : ""}, ${
      int(f.requests)
    } requests)`
  ).join("; ");
  parts.push(
    `<p class="meta">${
      a.input.files.length > 1
        ? `Merged ${a.input.files.length} ${sourceNoun(a.input.files.map((f) => f.path))} exactly: `
        : "File: "
    }${files}<br>Range: ${e(a.range.description)}, ${e(time(a.range.from))} .. ${
      e(time(a.range.to))
    }<br>Generated ${e(time(a.generated_at))}</p>`,
  );
  if (a.input.warnings.length > 0) {
    parts.push(
      `<ul class="warnings">${a.input.warnings.map((w) => `<li>${e(w, 300)}</li>`).join("")}</ul>`,
    );
  }
  if (s && a.summary) {
    const h = a.summary.health;
    const hc = h === null ? "" : h.score >= 85 ? "good" : h.score >= 70 ? "warn" : "bad";
    parts.push(`<h2>Summary</h2><div class="cards" id="summary-cards">${
      [
        card("Requests", int(s.total_requests)),
        card("Success rate", pct(s.success_rate, 2), (s.success_rate ?? 100) < 90 ? "bad" : "good"),
        card("Error rate", pct(s.error_rate, 2), (s.error_rate ?? 0) > 5 ? "bad" : "good"),
        card("Exec avg / p95", `${ms(s.execution_time.average)} / ${ms(s.execution_time.p95)} ms`),
        card("Latency p50 / p99", `${ms(s.latency.p50)} / ${ms(s.latency.p99)} ms`),
        card("Pre-validation pass", pct(s.pre_validation.pass_rate)),
        card(
          "Approved / clarification / blocked",
          `${pct(a.summary.outcomes.approved)} / ${pct(a.summary.outcomes.clarification)} / ${
            pct(a.summary.outcomes.blocked)
          }`,
        ),
        card("Adversarial blocking", pct(s.adversarial_block_rate)),
        card("Benign over-blocking", pct(s.benign_over_block_rate)),
        card("Health", h === null ? "-" : `${h.score} ${h.grade}`, hc),
        card(
          "Apdex",
          a.summary.apdex.score === null
            ? "-"
            : `${a.summary.apdex.score.toFixed(2)} ${a.summary.apdex.rating}`,
        ),
      ].join("")
    }</div>`);
    const alerts = a.summary.alerts;
    parts.push(
      alerts.length === 0
        ? `<p id="alerts">Active alerts: none</p>`
        : `<ul id="alerts">${
          alerts.map((al) =>
            `<li class="${al.severity === "HIGH" ? "bad" : "warn"}">${al.severity} ${
              e(al.status)
            } ${e(al.rule_id)}: ${e(al.message)}</li>`
          ).join("")
        }</ul>`,
    );
    const perSource = a.summary.per_source;
    if (perSource !== undefined && perSource.length > 1) parts.push(perSourceTable(perSource));
    parts.push(
      `<p class="meta">${
        a.summary.sources.map((src) =>
          `${e(src.path)}: ${e(src.state)}, level ${src.load_level}, target ${
            e(src.target)
          }, runs ${src.runs.map((r) => `${e(r.run_id, 40)} (seed ${r.seed})`).join(", ")}`
        ).join("<br>")
      }</p>`,
    );
  }
  parts.push(`<h2>Charts</h2><div class="charts">
<div class="chart" id="chart-latency"></div>
<div class="chart" id="chart-rates"></div>
<div class="chart" id="chart-throughput"></div>
<div class="chart" id="chart-confidence"></div>
<div class="chart" id="chart-routing"></div>
</div>`);
  if (a.trends && a.trends.marks.length > 0) {
    parts.push(
      `<ul class="small" id="marks">${
        a.trends.marks.map((m) => `<li>${e(time(m.at))} ${e(m.message, 120)}</li>`).join("")
      }</ul>`,
    );
  }
  if (a.trends) {
    const deg = a.trends.metrics.filter((m) => m.verdict === "degrading").map((m) => m.label);
    parts.push(
      `<p id="trend-verdict" class="${deg.length ? "bad" : ""}">${
        deg.length
          ? `Degrading beyond noise: ${e(deg.join(", "))}`
          : "No metric degrading beyond noise."
      }</p>`,
    );
  }
  if (a.categories) {
    const table = categoryRows(a.categories);
    parts.push(`<h2>Categories</h2>`);
    parts.push(categoryTable([...table.categories, table.total], "category-table", "Category"));
    parts.push(
      `<p class="small">Rates are shares of answered requests (success and agreement: of all); [low-high] is the 95% Wilson interval. Outcomes approved, clarification and blocked add up to 100%: clarification is routed to clarification and not blocked.</p>`,
    );
    if (table.families) {
      parts.push(`<h2>Families</h2>`);
      parts.push(categoryTable(table.families, "family-table", "Family"));
    }
  }
  if (a.errors) {
    parts.push(
      `<h2>Errors</h2><p>Failed ${int(a.errors.failed)}, unhandled exceptions ${
        int(a.errors.unhandled)
      }</p>`,
    );
    if (a.errors.groups.length > 0) {
      parts.push(
        `<table id="error-table"><thead><tr><th>type</th><th>count</th><th>message</th><th>first seen</th><th>last seen</th><th>example (reproduce with the seed)</th></tr></thead><tbody>${
          a.errors.groups.map((g) => {
            const examples = g.examples.map((ex) =>
              `${e(ex.request_id, 60)} seq ${ex.seq} seed ${ex.seed} ${e(ex.category, 40)}/${
                e(ex.family, 40)
              }: <q>${e(ex.input_preview, 80)}</q>`
            ).join("<br>");
            return `<tr><td class="text">${e(g.type, 40)}</td><td>${
              int(g.count)
            }</td><td class="text">${e(g.message, 160)}</td><td>${e(time(g.first_seen))}</td><td>${
              e(time(g.last_seen))
            }</td><td class="text">${examples}</td></tr>`;
          }).join("\n")
        }</tbody></table>`,
      );
    }
  }
  if (a.baseline) parts.push(baselineSection(a.baseline, a.categories?.families != null));
  if (a.check) {
    parts.push(
      `<h2>Check</h2><p id="check" class="${a.check.exit_code ? "bad" : "good"}">${
        a.check.exit_code ? "FAIL" : "PASS"
      }</p><ul>${
        a.check.findings.map((f) => `<li>${f.severity} ${e(f.rule_id)}: ${e(f.message)}</li>`)
          .join("")
      }</ul>`,
    );
  }
  const data = jsonForScript(chartData(a));
  const scripts = [assets.js, CLIENT_JS];
  if (scripts.some((x) => /<\/script/i.test(x))) {
    throw new RangeError("Cannot inline a script that contains '</script'");
  }
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map((x) => `'sha256-${sha256(x)}'`).join(" ")}`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>buddy-traffic report</title>
<style>${assets.css.replace(/<\//g, "<\\/")}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
${parts.join("\n")}
<script type="application/json" id="report-data">${data}</script>
<script>${assets.js}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
