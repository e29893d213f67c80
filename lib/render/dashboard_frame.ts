/**
 * One frame of the terminal dashboard as text: a pure function of the
 * terminal view (`view/terminal_view.ts`, which computes every figure) and
 * the terminal size, so frames are tested as golden text. Every string that
 * comes from a metrics file or a rules file goes through `safeText`.
 *
 * @module
 */
import type { AlertState } from "../alerts/evaluate.ts";
import type { Apdex, Health } from "../alerts/health.ts";
import type { OutcomeRates } from "../metrics/stats.ts";
import type { Summary } from "../model/stats_data.ts";
import type { MetricsDocument, Report } from "../model/metrics_document.ts";
import type { CategoryRow } from "../view/category_rows.ts";
import type { ShardView } from "../view/shard_view.ts";
import type { TerminalView } from "../view/terminal_view.ts";
import type { LiveTick } from "../view/live_tick.ts";
import { type Colors, createColors, fitWidth, visibleWidth } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";
import { formatDuration as duration } from "../fmt/duration.ts";
import { sparkline } from "./sparkline.ts";
import { pad } from "./_text_format.ts";

/** Terminal size and colour for {@linkcode renderFrame}. */
export interface FrameOptions {
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
  /** Whether to add SGR colour sequences (no other control sequence is ever emitted). */
  color: boolean;
}

/** Rows a frame needs before alert and error rows. */
const FIXED_ROWS = 18;

/** Renders one frame: at most `height` lines, each at most `width` columns, joined by `\n`. */
export function renderFrame(view: TerminalView, options: FrameOptions): string {
  const width = Math.max(20, Math.floor(options.width));
  const height = Math.max(5, Math.floor(options.height));
  const c = createColors(options.color);
  const report = view.doc?.reports.at(-1);
  const lines = view.doc === null || report === undefined
    ? waitingLines(view, c, width)
    : dataLines(view, view.doc, report, c, width, height);
  return lines.slice(0, height).map((l) => fitWidth(l, width).trimEnd()).join("\n");
}

function dataLines(
  view: TerminalView,
  doc: MetricsDocument,
  report: Report,
  c: Colors,
  width: number,
  height: number,
): string[] {
  const st = doc.status;
  const lines: string[] = [titleBar(view, c, width, runState(view, c))];
  if (view.live !== null) lines.push(liveLine(view.live, c));
  lines.push(
    pairs(c, [
      ["Target", safe(st.target, 24)],
      ["Uptime", view.uptime_ms === null ? "-" : duration(view.uptime_ms)],
      ["Requests", count(doc.cumulative.total_requests)],
      ["Rate", `${fixed(report.throughput_rps, 1)} req/s`],
    ]),
    pairs(c, [
      ["Load level", String(st.load_level)],
      ["Interval", `${fixed(st.interval_ms.min, 0)}-${fixed(st.interval_ms.max, 0)} ms`],
      ["In flight", String(st.in_flight)],
      ["Reports", String(report.id)],
    ]),
  );
  if (view.problem !== null) {
    lines.push(c.red(`! ${safe(view.problem.message, 300)} (retrying)`));
  } else {
    lines.push(pairs(c, [
      ["Source", safe(view.source, 60)],
      ["Updated", `${clock(st.updated_at, view.now)} (${ago(st.updated_at, view.now)})`],
    ]));
  }
  lines.push(healthLine(view.health, c), apdexLine(view.apdex, c));
  lines.push(
    rule(
      `Last report #${report.id}: ${count(report.total_requests)} requests in ${
        duration(report.duration_s * 1000)
      }`,
      width,
      c,
    ),
  );
  lines.push(...metricLines(report, view.outcomes, c));
  const alertRows = alertLines(view, c, width);
  const errorRows = errorLines(view, doc, c, width);
  const categoryRows = categoryLines(view.categories, c);
  // Room beyond the fixed rows goes to the shards (when there are several,
  // leaving two rows of alerts), then alerts, then a few errors, then two more
  // trends, then the category table, then more errors.
  let room = Math.max(0, height - FIXED_ROWS - (view.live === null ? 0 : 1));
  const shardCount = view.shards?.length ?? 0;
  const shardRows = shardCount > 1
    ? shardLines(view, c, width, Math.min(shardCount + 2, room - Math.min(alertRows.length, 2)))
    : [];
  room -= shardRows.length;
  const liveRows = room >= 10 ? liveTrendLines(view, c, width) : [];
  room -= liveRows.length;
  const alertRoom = Math.max(
    1,
    Math.min(alertRows.length, room - (errorRows.length > 0 ? 2 : 0)),
  );
  room -= alertRoom;
  let errorRoom = Math.max(0, Math.min(errorRows.length, 3, room - 1));
  room -= errorRoom > 0 ? errorRoom + 1 : 0;
  const extraTrends = Math.max(0, Math.min(2, room));
  room -= extraTrends;
  const showCategories = categoryRows.length > 0 && room >= categoryRows.length + 1;
  if (showCategories) room -= categoryRows.length + 1;
  if (errorRoom > 0) errorRoom += Math.max(0, Math.min(errorRows.length - errorRoom, room));
  else if (errorRows.length > 0 && room >= 2) errorRoom = Math.min(errorRows.length, room - 1);
  lines.push(...shardRows, ...liveRows);
  lines.push(rule(alertTitle(view.alerts), width, c));
  lines.push(...clip(alertRows, alertRoom, c));
  if (errorRoom > 0) {
    lines.push(rule(`Recent errors (${doc.errors.length})`, width, c));
    lines.push(...errorRows.slice(0, errorRoom));
  }
  if (showCategories) {
    lines.push(rule("Categories: all reports", width, c), ...categoryRows);
  }
  lines.push(
    rule(`Trends: last ${Math.min(doc.reports.length, sparkWidth(width))} reports`, width, c),
  );
  // Rows still free at the bottom of a tall terminal show more trends.
  const trends = trendLines(doc.reports, c, width);
  const free = Math.max(0, height - 1 - lines.length);
  lines.push(...trends.slice(0, Math.max(3 + extraTrends, Math.min(trends.length, free))));
  while (lines.length < height - 1) lines.push("");
  lines.length = Math.min(lines.length, height - 1);
  lines.push(footer(view, c));
  return lines;
}

function waitingLines(view: TerminalView, c: Colors, width: number): string[] {
  const problem = view.problem;
  const error = problem?.kind === "error";
  const state = error ? c.red("ERROR") : c.yellow("WAITING");
  const lines = [titleBar(view, c, width, state), ""];
  if (error) {
    lines.push(c.bold(c.red("Cannot show metrics")));
    lines.push(...wrap(safe(problem?.message ?? "", 400), width));
  } else {
    lines.push(c.bold("Waiting for metrics data"));
    if (problem !== null) lines.push(...wrap(safe(problem.message, 400), width));
  }
  if (view.live !== null) lines.push("", liveLine(view.live, c));
  const hint = problem?.hint ?? "";
  if (hint !== "") lines.push("", ...wrap(`Hint: ${safe(hint, 400)}`, width).map((l) => c.dim(l)));
  lines.push("", pairs(c, [["Source", safe(view.source, 200)]]));
  if (view.interactive) {
    lines.push(c.dim(`Retrying every ${view.interval_s}s and on change · q quit`));
  }
  return lines;
}

function titleBar(view: TerminalView, c: Colors, width: number, state: string): string {
  const left = " buddy-traffic dashboard";
  const right = `${state} ${isoClock(view.now)} UTC `;
  const gap = Math.max(1, width - visibleWidth(left) - visibleWidth(right));
  return c.bold(left) + " ".repeat(gap) + right;
}

function runState(view: TerminalView, c: Colors): string {
  if (view.staleness?.stale) return c.red(`STALE (${duration(view.staleness.age_s * 1000)})`);
  return view.doc?.status.state === "stopped" ? c.yellow("STOPPED") : c.green("RUNNING");
}

/** A tick's alerts in a few words: how many fire (red), else are pending (yellow), else none. */
export function liveAlertsText(t: LiveTick, c: Colors): string {
  return t.firing > 0
    ? c.red(`${t.firing} firing`)
    : t.pending > 0
    ? c.yellow(`${t.pending} pending`)
    : c.green("no alerts");
}

/** The simulator's figures of the last second, in one line. */
function liveLine(t: LiveTick, c: Colors): string {
  return [
    `${c.bold(c.cyan("Live"))} ${isoClock(new Date(t.at))}`,
    `${t.running ? "" : "stopped after "}${duration(t.elapsed_s * 1000)}`,
    `${count(t.requests)} req`,
    `${fixed(t.rps, 1)} req/s`,
    `success ${pct(t.success_rate)}`,
    `p95 ${ms(t.latency_p95_ms)}`,
    `adv. blocked ${pct(t.adversarial_block_rate)}`,
    `benign over-blocked ${pct(t.benign_over_block_rate)}`,
    liveAlertsText(t, c),
  ].join("  ");
}

/** Per-second sparklines of the live figures read so far, when there are at least two. */
function liveTrendLines(view: TerminalView, c: Colors, width: number): string[] {
  const history = view.live_history;
  if (history.length < 2) return [];
  const w = sparkWidth(width);
  const tail = history.slice(-w);
  const last = tail.at(-1)!;
  const row = (label: string, values: (number | null)[], value: string) =>
    `${label.padEnd(12)}${c.cyan(stretch(values, w))} ${value}`;
  return [
    rule(
      `${view.live === null ? "Per second, last run" : "Live"}: last ${tail.length} s`,
      width,
      c,
    ),
    row("Throughput", tail.map((t) => t.last_second), `${count(last.last_second)} req/s`),
    row("Success", tail.map((t) => t.success_rate), pct(last.success_rate)),
    row("p95 latency", tail.map((t) => t.latency_p95_ms), ms(last.latency_p95_ms)),
  ];
}

function healthLine(health: Health | null, c: Colors): string {
  if (health === null) return `${c.bold("Health")}  - (no data)`;
  const color = health.grade === "Excellent" || health.grade === "Good"
    ? c.green
    : health.grade === "Fair"
    ? c.yellow
    : c.red;
  const k = health.components;
  const security = k.security === null ? "-" : fixed(k.security, 0);
  return `${c.bold("Health")}  ${color(`${health.score}/100 ${health.grade}`)}  ` +
    c.dim(`success ${fixed(k.success, 0)} · errors ${fixed(k.errors, 0)} · security ${security}`);
}

function apdexLine(a: Apdex | null, c: Colors): string {
  if (a === null || a.score === null) return `${c.bold("Apdex")}   - (no data)`;
  const color = a.rating === "Excellent" || a.rating === "Good"
    ? c.green
    : a.rating === "Fair"
    ? c.yellow
    : c.red;
  return `${c.bold("Apdex")}   ${color(`${a.score.toFixed(2)} ${a.rating}`)}  ` +
    c.dim(
      `T ${a.t_ms} ms · ${a.satisfied} satisfied, ${a.tolerating} tolerating, ${a.frustrated} frustrated`,
    );
}

function metricLines(s: Summary, outcomes: OutcomeRates | null, c: Colors): string[] {
  const conf = s.confidence;
  return [
    pairs(c, [
      ["Success", pct(s.success_rate)],
      ["Error rate", pct(s.error_rate)],
      ["Unhandled", String(s.unhandled_exceptions)],
    ]),
    pairs(c, [
      ["Latency avg", ms(s.latency.average)],
      ["p95", ms(s.latency.p95)],
      ["p99", ms(s.latency.p99)],
      ["Exec avg", ms(s.execution_time.average)],
    ]),
    pairs(c, [
      ["Confidence mean", conf.mean === null ? "-" : fixed(conf.mean, 3)],
      ["std", conf.std_dev === null ? "-" : fixed(conf.std_dev, 3)],
      ["Pre-validation pass", pct(s.pre_validation.pass_rate)],
    ]),
    pairs(c, [
      ["Approved", pct(outcomes?.approved ?? null)],
      ["Clarification", pct(outcomes?.clarification ?? null)],
      ["Blocked", pct(outcomes?.blocked ?? null)],
    ]),
    pairs(c, [
      ["Adversarial blocking", pct(s.adversarial_block_rate)],
      ["Benign over-blocking", pct(s.benign_over_block_rate)],
    ]),
  ];
}

function alertTitle(alerts: readonly AlertState[]): string {
  const n = (s: string) => alerts.filter((a) => a.status === s).length;
  const parts = [`${n("firing")} firing`, `${n("pending")} pending`];
  if (n("resolved") > 0) parts.push(`${n("resolved")} resolved`);
  return `Alerts: ${parts.join(", ")}`;
}

function alertLines(view: TerminalView, c: Colors, width: number): string[] {
  const out = view.alerts.filter((a) => a.status !== "ok").map((a) => {
    const sev = a.severity === "HIGH" ? c.red("HIGH  ") : c.yellow("MEDIUM");
    const status = a.status.toUpperCase().padEnd(8);
    const colored = a.status === "firing"
      ? c.bold(c.red(status))
      : a.status === "pending"
      ? c.yellow(status)
      : c.green(status);
    const since = a.since === "" ? "-" : clock(a.since, view.now);
    return `${sev} ${colored} since ${since.padEnd(8)}  ${safe(a.message, width)}`;
  });
  const ok = view.alerts.filter((a) => a.status === "ok");
  const quiet = ok.filter((a) => !a.insufficient);
  const unsure = ok.filter((a) => a.insufficient);
  if (out.length === 0) out.push(c.green(`No alerts: ${quiet.length} rules ok`));
  else if (quiet.length > 0) out.push(c.dim(`${quiet.length} other rules ok`));
  if (unsure.length > 0) {
    out.push(c.dim(`Insufficient data: ${unsure.map((a) => safe(a.rule_id, 40)).join(", ")}`));
  }
  return out;
}

function clip(rows: string[], room: number, c: Colors): string[] {
  if (rows.length <= room) return rows;
  const kept = rows.slice(0, Math.max(0, room - 1));
  kept.push(c.dim(`… ${rows.length - kept.length} more`));
  return kept;
}

function errorLines(view: TerminalView, doc: MetricsDocument, c: Colors, width: number): string[] {
  return doc.errors.slice().reverse().map((e) =>
    `${c.dim(clock(e.at, view.now))} ${c.red(safe(e.type, 24))} ${safe(e.category, 20)}/${
      safe(e.family, 24)
    }: ${safe(e.message, width)}`
  );
}

function categoryLines(categories: readonly CategoryRow[], c: Colors): string[] {
  if (categories.length === 0) return [];
  const rate = (r: { rate: number } | null) => pct(r?.rate ?? null);
  const head = "Category".padEnd(18) + "Requests".padStart(9) + "Success".padStart(9) +
    "Exec avg".padStart(10) + "p95 exec".padStart(10) + "Approved".padStart(9) +
    "Clarify".padStart(9) + "Blocked".padStart(9);
  return [
    c.dim(head),
    ...categories.map((r) =>
      safe(r.name, 18).padEnd(18) + count(r.requests).padStart(9) +
      rate(r.success).padStart(9) + ms(r.exec_avg_ms).padStart(10) +
      ms(r.exec_p95_ms).padStart(10) + rate(r.approved).padStart(9) +
      rate(r.clarification).padStart(9) + rate(r.blocked).padStart(9)
    ),
  ];
}

/**
 * The shard block in `room` rows: its title, a header and one row per shard;
 * when not every shard fits, the troubled ones (firing HIGH, then firing
 * MEDIUM) come first and the rest are counted. Empty with fewer than two
 * shards or fewer than three rows.
 */
function shardLines(view: TerminalView, c: Colors, width: number, room: number): string[] {
  const shards = view.shards ?? [];
  if (shards.length < 2 || room < 3) return [];
  const labelWidth = Math.max(10, Math.min(32, width - 65));
  const head = "  " + "Shard".padEnd(labelWidth) + " " + "State".padEnd(8) +
    "Requests".padStart(9) + "Approved".padStart(9) + "Adv. blk".padStart(9) +
    "p95 lat".padStart(9) + "Health".padStart(7) + "  Alerts";
  const trouble = (p: ShardView) => p.firing_high ? 0 : p.firing > 0 ? 1 : 2;
  const shown = shards.length <= room - 2
    ? shards
    : shards.map((p, i) => ({ p, i })).sort((a, b) => trouble(a.p) - trouble(b.p) || a.i - b.i)
      .map(({ p }) => p);
  const rows = shown.map((p) => {
    const state = p.state === "stale"
      ? c.red("STALE".padEnd(8))
      : p.state === "stopped"
      ? c.yellow("STOPPED".padEnd(8))
      : c.green("RUNNING".padEnd(8));
    const health = p.health === null ? "-" : String(p.health.score);
    const healthColor = p.health === null || p.health.grade === "Excellent" ||
        p.health.grade === "Good"
      ? (t: string) => t
      : p.health.grade === "Fair"
      ? c.yellow
      : c.red;
    const alerts = p.firing === 0
      ? c.dim("none")
      : (p.firing_high ? c.red : c.yellow)(`${p.firing} firing`);
    const mark = p.firing > 0 ? (p.firing_high ? c.red("! ") : c.yellow("! ")) : "  ";
    return mark + pad(fitTail(safe(p.label, 200), labelWidth), labelWidth) + " " + state +
      count(p.requests).padStart(9) + pct(p.approved_rate).padStart(9) +
      pct(p.adversarial_block_rate).padStart(9) + ms(p.latency_p95_ms).padStart(9) +
      healthColor(health.padStart(7)) + "  " + alerts;
  });
  const firing = shards.filter((p) => p.firing > 0).length;
  return [
    rule(`Shards: ${shards.length}${firing > 0 ? `, ${firing} with firing alerts` : ""}`, width, c),
    c.dim(head),
    ...clip(rows, room - 2, c),
  ];
}

/** Keeps the end of a label (where shard names differ), starting with `…` when cut. */
function fitTail(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  const points = Array.from(text);
  let out = "";
  let w = 1;
  for (let i = points.length - 1; i >= 0; i--) {
    const ch = points[i]!;
    const cw = visibleWidth(ch);
    if (w + cw > width) break;
    out = ch + out;
    w += cw;
  }
  return `…${out}`;
}

function sparkWidth(width: number): number {
  return Math.max(8, width - 34);
}

function trendLines(reports: readonly Report[], c: Colors, width: number): string[] {
  const w = sparkWidth(width);
  const tail = reports.slice(-w);
  const last = tail.at(-1);
  const row = (label: string, values: (number | null)[], value: string) =>
    `${label.padEnd(12)}${c.cyan(stretch(values, w))} ${value}`;
  return [
    row(
      "Throughput",
      tail.map((r) => r.throughput_rps),
      `${fixed(last?.throughput_rps ?? 0, 1)} req/s`,
    ),
    row(
      "p95 latency",
      tail.map((r) => r.total_requests > 0 ? r.latency.p95 : null),
      ms(last?.latency.p95 ?? null),
    ),
    row("Success", tail.map((r) => r.success_rate), pct(last?.success_rate ?? null)),
    row("Error rate", tail.map((r) => r.error_rate), pct(last?.error_rate ?? null)),
    row(
      "Exec avg",
      tail.map((r) => r.total_requests > 0 ? r.execution_time.average : null),
      ms(last?.execution_time.average ?? null),
    ),
    row(
      "Adv. block",
      tail.map((r) => r.adversarial_block_rate),
      pct(last?.adversarial_block_rate ?? null),
    ),
    row(
      "Benign blk",
      tail.map((r) => r.benign_over_block_rate),
      pct(last?.benign_over_block_rate ?? null),
    ),
    row(
      "Pre-val",
      tail.map((r) => r.pre_validation.pass_rate),
      pct(last?.pre_validation.pass_rate ?? null),
    ),
    row("Clarify", tail.map((r) => r.clarification_rate), pct(last?.clarification_rate ?? null)),
    row(
      "Confidence",
      tail.map((r) => r.confidence.mean),
      last?.confidence.mean === null || last === undefined ? "-" : fixed(last.confidence.mean, 3),
    ),
  ];
}

/**
 * A sparkline `width` columns wide: with fewer values than columns each value
 * spans several columns, so a short history still fills a wide terminal.
 */
function stretch(values: readonly (number | null)[], width: number): string {
  const line = Array.from(sparkline(values, width));
  if (line.length === 0 || line.length >= width) return line.join("");
  return Array.from({ length: width }, (_, i) => line[Math.floor((i * line.length) / width)])
    .join("");
}

function footer(view: TerminalView, c: Colors): string {
  if (!view.interactive) return c.dim(`Snapshot of ${safe(view.source, 120)}`);
  return c.dim(
    `q quit · refresh every ${view.interval_s}s and on change · ${safe(view.source, 120)}`,
  );
}

function rule(title: string, width: number, c: Colors): string {
  const head = `── ${title} `;
  return c.dim(head + "─".repeat(Math.max(0, width - visibleWidth(head))));
}

function pairs(c: Colors, items: [string, string][]): string {
  return items.map(([k, v]) => `${c.dim(k)} ${c.bold(v)}`).join("   ");
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    let w = word;
    while (visibleWidth(w) > width) {
      if (line !== "") {
        out.push(line);
        line = "";
      }
      const points = Array.from(w);
      out.push(points.slice(0, width).join(""));
      w = points.slice(width).join("");
    }
    if (line === "") line = w;
    else if (visibleWidth(line) + 1 + visibleWidth(w) <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line !== "") out.push(line);
  return out;
}

function safe(text: string, max: number): string {
  return safeText(text, { maxLength: max });
}

function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "-";
}

function pct(v: number | null): string {
  return v === null ? "-" : `${v.toFixed(2)}%`;
}

function ms(v: number | null): string {
  if (v === null) return "-";
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
}

const NUMBER = new Intl.NumberFormat("en-US");

function count(n: number): string {
  return NUMBER.format(n);
}

function isoClock(d: Date): string {
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(11, 19) : "--:--:--";
}

function clock(iso: string, now: Date): string {
  const t = new Date(iso);
  if (!Number.isFinite(t.getTime())) return "-";
  const sameDay = t.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return sameDay ? isoClock(t) : t.toISOString().slice(5, 16).replace("T", " ");
}

function ago(iso: string, now: Date): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return "-";
  return `${duration(Math.max(0, now.getTime() - t))} ago`;
}
