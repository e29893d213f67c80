// The buddy-traffic web dashboard: reads the server's event stream and draws
// it with uPlot. Every string that comes from the metrics is written with
// textContent, never as HTML.
"use strict";

(() => {
  const MAX_POINTS = 500;
  /** Live charts keep the last 15 minutes of ticks. */
  const LIVE_WINDOW_MS = 15 * 60 * 1000;
  /** Two ticks further apart than this belong to different stretches: the line breaks. */
  const TICK_GAP_MS = 2500;
  const uPlot = globalThis.uPlot;
  /** @type {{points: any[], ticks: any[], view: any, charts: {def: any, plot: any}[]}} */
  const state = { points: [], ticks: [], view: null, charts: [] };

  const byId = (id) => document.getElementById(id);

  /** A number with fixed digits and a unit, or a dash when missing. */
  function fmt(value, digits = 1, unit = "") {
    return typeof value === "number" && Number.isFinite(value)
      ? `${value.toFixed(digits)}${unit}`
      : "–";
  }

  function num(value) {
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  }

  function share(p, key) {
    const total = p.approved + p.clarification + p.blocked + p.failed;
    return total > 0 ? (100 * p[key]) / total : null;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  const CHARTS = [
    {
      id: "live-throughput",
      live: true,
      series: [
        { label: "last second", color: "#2563eb", get: (t) => t.last_second },
        { label: "10 s average", color: "#93c5fd", get: (t) => t.rps },
      ],
    },
    {
      id: "live-success",
      percent: true,
      live: true,
      series: [{ label: "success %", color: "#16a34a", get: (t) => t.success_rate }],
    },
    {
      id: "live-latency",
      live: true,
      series: [
        { label: "end-to-end p95", color: "#d97706", get: (t) => t.latency_p95_ms },
        { label: "execution p95", color: "#0891b2", get: (t) => t.execution_p95_ms },
      ],
    },
    {
      id: "live-guard",
      percent: true,
      live: true,
      series: [
        { label: "adversarial blocked", color: "#7c3aed", get: (t) => t.adversarial_block_rate },
        { label: "benign over-blocked", color: "#dc2626", get: (t) => t.benign_over_block_rate },
      ],
    },
    {
      id: "chart-throughput",
      series: [{ label: "req/s", color: "#2563eb", get: (p) => p.throughput_rps }],
    },
    {
      id: "chart-rates",
      percent: true,
      series: [
        { label: "success %", color: "#16a34a", get: (p) => p.success_rate },
        { label: "error %", color: "#dc2626", get: (p) => p.error_rate },
      ],
    },
    {
      id: "chart-latency",
      series: [
        { label: "p50", color: "#0891b2", get: (p) => p.p50_ms },
        { label: "p95", color: "#d97706", get: (p) => p.p95_ms },
        { label: "p99", color: "#dc2626", get: (p) => p.p99_ms },
      ],
    },
    {
      id: "chart-confidence",
      series: [
        { label: "mean", color: "#7c3aed", get: (p) => p.confidence_mean },
        {
          label: "+std",
          color: "#c4b5fd",
          get: (p) => sum(p.confidence_mean, p.confidence_std),
        },
        {
          label: "−std",
          color: "#c4b5fd",
          get: (p) => sum(p.confidence_mean, p.confidence_std === null ? null : -p.confidence_std),
        },
      ],
    },
    {
      id: "chart-routing",
      percent: true,
      series: [
        { label: "approved", color: "#16a34a", get: (p) => share(p, "approved") },
        { label: "clarification", color: "#d97706", get: (p) => share(p, "clarification") },
        { label: "blocked", color: "#7c3aed", get: (p) => share(p, "blocked") },
        { label: "failed", color: "#dc2626", get: (p) => share(p, "failed") },
      ],
    },
  ];

  function sum(a, b) {
    return a === null || b === null ? null : a + b;
  }

  /**
   * Rows as uPlot columns, with a null row between two rows that `breaks`
   * separates, so the line breaks there instead of bridging the gap.
   */
  function columns(rows, xOf, breaks, def) {
    const xs = [];
    const ys = def.series.map(() => []);
    rows.forEach((row, i) => {
      const prev = rows[i - 1];
      if (prev !== undefined && breaks(prev, row)) {
        xs.push((xOf(prev) + xOf(row)) / 2);
        for (const y of ys) y.push(null);
      }
      xs.push(xOf(row));
      def.series.forEach((s, k) => ys[k].push(num(s.get(row))));
    });
    return [xs, ...ys];
  }

  /** Two ticks between which the line breaks: a pause, or another run. */
  function tickBreak(a, b) {
    return b.at - a.at > TICK_GAP_MS || a.run_id !== b.run_id;
  }

  /** Two report points between which the line breaks: another run. */
  function pointBreak(a, b) {
    return a.run_id !== b.run_id;
  }

  function chartData(def) {
    return def.live
      ? columns(state.ticks, (t) => t.at / 1000, tickBreak, def)
      : columns(state.points, (p) => p.t, pointBreak, def);
  }

  /** A time as UTC, 24-hour, like the terminal: HH:MM:SS, or HH:MM when `minutes`. */
  function utc(ms, minutes = false) {
    const text = new Date(ms).toISOString().slice(11, 19);
    return minutes ? text.slice(0, 5) : text;
  }

  /** Tick labels in UTC, with seconds when ticks are less than a minute apart. */
  function timeLabels(_plot, splits) {
    const step = splits.length > 1 ? splits[1] - splits[0] : 60;
    return splits.map((t) => utc(t * 1000, step >= 60));
  }

  /** The series' colours and names in the chart's caption (uPlot's own legend is off). */
  function renderKeys(def) {
    const keys = byId(def.id).parentElement.querySelector(".keys");
    if (!keys) return;
    keys.replaceChildren(...def.series.map((s) => {
      const key = el("span", "key", s.label);
      key.style.setProperty("--key", s.color);
      return key;
    }));
  }

  function chartSize(node) {
    const width = Math.max(240, Math.floor(node.clientWidth || 320));
    return { width, height: width < 480 ? 160 : 200 };
  }

  /** Room for each time label: wider on a phone, so labels never overlap. */
  function labelSpace(width) {
    return width < 480 ? 90 : 70;
  }

  function createCharts() {
    if (typeof uPlot !== "function") return;
    for (const def of CHARTS) {
      const node = byId(def.id);
      const size = chartSize(node);
      const opts = {
        ...size,
        series: [
          {},
          ...def.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            spanGaps: false,
          })),
        ],
        axes: [
          { values: timeLabels, space: (plot) => labelSpace(plot.width) },
          { size: 56, space: 40 },
        ],
        scales: def.percent ? { x: { time: true }, y: { range: [0, 100] } } : { x: { time: true } },
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
      };
      renderKeys(def);
      state.charts.push({ def, plot: new uPlot(opts, chartData(def), node) });
    }
    const resize = () => {
      for (const { def, plot } of state.charts) {
        plot.setSize(chartSize(byId(def.id)));
      }
    };
    if (typeof ResizeObserver === "function") {
      const observer = new ResizeObserver(resize);
      for (const node of document.querySelectorAll(".charts")) observer.observe(node);
    } else globalThis.addEventListener("resize", resize);
  }

  function redrawCharts(live = false) {
    for (const { def, plot } of state.charts) {
      if (Boolean(def.live) !== live) continue;
      const data = chartData(def);
      plot.setData(data);
      const rows = live ? state.ticks : state.points;
      const node = byId(def.id);
      node.dataset.points = String(rows.length);
      // columns() adds one x value at each break.
      node.dataset.breaks = String(data[0].length - rows.length);
    }
    if (live) document.body.dataset.ticks = String(state.ticks.length);
    else document.body.dataset.points = String(state.points.length);
  }

  /** Adds a tick and forgets those older than the live window. */
  function addTick(tick) {
    const last = state.ticks.at(-1);
    if (last && tick.at <= last.at) return;
    state.ticks.push(tick);
    const oldest = tick.at - LIVE_WINDOW_MS;
    const keep = state.ticks.findIndex((t) => t.at >= oldest);
    if (keep > 0) state.ticks.splice(0, keep);
  }

  /** The live section: tiles and alerts from the newest tick. */
  function renderLive() {
    const t = state.ticks.at(-1);
    const section = byId("live");
    section.hidden = t === undefined;
    if (t === undefined) return;
    byId("live-summary").textContent = `${t.running ? "running" : "stopped"} · ${
      utc(t.at)
    } UTC · run ${t.run_id}`;
    const tiles = [
      ["Elapsed", formatDuration(t.elapsed_s)],
      ["Requests", String(t.requests)],
      ["Rate (10 s)", fmt(t.rps, 1, " req/s")],
      ["Success (10 s)", fmt(t.success_rate, 1, " %")],
      ["End-to-end p95", fmt(t.latency_p95_ms, 2, " ms")],
      ["Adversarial blocked", fmt(t.adversarial_block_rate, 1, " %")],
      ["Benign over-blocked", fmt(t.benign_over_block_rate, 1, " %")],
      [
        "Alerts",
        t.firing > 0 ? `${t.firing} firing` : t.pending > 0 ? `${t.pending} pending` : "none",
      ],
    ];
    byId("live-tiles").replaceChildren(...tiles.map(([label, value]) => {
      const item = el("div", "tile");
      item.append(el("dt", "", label), el("dd", "", value));
      return item;
    }));
    const active = t.alerts.filter((a) => a.state !== "ok");
    byId("live-alerts").replaceChildren(...active.map((a) => {
      const item = el("li", `alert status-${a.state} severity-${a.severity.toLowerCase()}`);
      item.dataset.rule = a.rule_id;
      item.append(
        el("span", "badge", a.severity),
        el("span", "alert-status", a.state),
        el("span", "alert-rule", a.rule_id),
        el("span", "alert-message", a.value === null ? "" : `value ${fmt(a.value, 2)}`),
      );
      return item;
    }));
    document.body.dataset.livePending = String(t.pending);
    document.body.dataset.liveFiring = String(t.firing);
  }

  function addPoint(point) {
    if (!point) return;
    const last = state.points.at(-1);
    if (last && point.id === last.id) state.points[state.points.length - 1] = point;
    else if (last && point.id < last.id) state.points = [point];
    else state.points.push(point);
    if (state.points.length > MAX_POINTS) state.points.splice(0, state.points.length - MAX_POINTS);
  }

  function renderStatus(view, connection) {
    const node = byId("status");
    if (!view) {
      node.dataset.state = connection;
      node.textContent = connection === "open"
        ? "Connected: waiting for metrics data"
        : connection === "closed"
        ? "Disconnected: the server refused the event stream (sign in again with /?token=…)"
        : "Connecting…";
      return;
    }
    const s = view.status;
    const stale = s.state === "running" && isStale(s);
    const parts = [
      stale ? "stale (no update for over two report periods)" : s.state,
      `target ${s.target}`,
      `load level ${s.load_level}`,
      `interval ${s.interval_ms.min}–${s.interval_ms.max} ms`,
      `updated ${utc(Date.parse(s.updated_at))} UTC`,
    ];
    if (connection === "closed") parts.push("disconnected, retrying in 10 s");
    else if (connection !== "open") parts.push("reconnecting…");
    node.dataset.state = connection !== "open" ? "reconnecting" : stale ? "stale" : s.state;
    node.textContent = parts.join(" · ");
  }

  /** Whether a running simulator has not written for more than two report periods. */
  function isStale(status) {
    const period = status.report_seconds > 0 ? status.report_seconds : 60;
    return Date.now() - Date.parse(status.updated_at) > 2 * period * 1000;
  }

  function renderTiles(view) {
    const t = view.totals;
    const o = view.outcomes;
    const p = view.point;
    const uptime = (Date.parse(view.status.updated_at) - Date.parse(view.status.started_at)) / 1000;
    const tiles = [
      ["Requests", String(t.total_requests)],
      ["Current rate", p ? fmt(p.throughput_rps, 1, " req/s") : "–"],
      ["Uptime", formatDuration(uptime)],
      ["Success", fmt(t.success_rate, 2, " %")],
      ["Error rate", fmt(t.error_rate, 2, " %")],
      ["Avg execution", fmt(t.execution_time.average, 3, " ms")],
      ["Exec p95 / p99", `${fmt(t.execution_time.p95, 2)} / ${fmt(t.execution_time.p99, 2)} ms`],
      ["Confidence", `${fmt(t.confidence.mean, 3)} ± ${fmt(t.confidence.std_dev, 3)}`],
      ["Pre-validation pass", fmt(t.pre_validation.pass_rate, 1, " %")],
      [
        "Approved / clarification / blocked",
        `${fmt(o.approved, 1)} / ${fmt(o.clarification, 1)} / ${fmt(o.blocked, 1)} %`,
      ],
      [
        "Adversarial blocked / benign over-blocked",
        `${fmt(t.adversarial_block_rate, 1)} / ${fmt(t.benign_over_block_rate, 1)} %`,
      ],
      [
        "Apdex",
        view.apdex && view.apdex.score !== null
          ? `${fmt(view.apdex.score, 2)} ${view.apdex.rating}`
          : "–",
      ],
    ];
    const list = byId("tiles");
    list.replaceChildren(...tiles.map(([label, value]) => {
      const item = el("div", "tile");
      item.append(el("dt", "", label), el("dd", "", value));
      return item;
    }));
  }

  function formatDuration(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0) return "–";
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = Math.floor(seconds % 60);
    return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
  }

  function renderHealth(health) {
    const arc = byId("health-arc");
    const score = health ? Math.max(0, Math.min(100, health.score)) : 0;
    arc.setAttribute("stroke-dasharray", `${score} 100`);
    const grade = health ? health.grade.toLowerCase() : "none";
    arc.setAttribute("class", `gauge-arc grade-${grade}`);
    byId("health-score").textContent = health ? String(health.score) : "–";
    byId("health-grade").textContent = health ? health.grade : "no data";
  }

  function renderAlerts(alerts) {
    const active = alerts.filter((a) => a.status !== "ok");
    const list = byId("alerts");
    if (active.length === 0) {
      const unsure = alerts.filter((a) => a.insufficient).length;
      const note = unsure > 0 ? `, ${unsure} with insufficient data` : "";
      list.replaceChildren(
        el("li", "alert none", `No active alerts (${alerts.length} rules ok${note})`),
      );
      return;
    }
    list.replaceChildren(...active.map((a) => {
      const item = el("li", `alert status-${a.status} severity-${a.severity.toLowerCase()}`);
      item.dataset.rule = a.rule_id;
      item.append(
        el("span", "badge", a.severity),
        el("span", "alert-status", a.status),
        el("span", "alert-rule", a.rule_id),
        el("span", "alert-message", a.message),
        el("time", "alert-since", a.since ? `since ${utc(Date.parse(a.since))} UTC` : ""),
      );
      return item;
    }));
  }

  function renderCategories(rows) {
    const body = byId("categories").tBodies[0];
    body.replaceChildren(...rows.map((r) => {
      const tr = el("tr");
      const cells = [
        r.category,
        String(r.requests),
        fmt(r.success_rate, 1),
        fmt(r.exec_avg_ms, 3),
        fmt(r.exec_p95_ms, 2),
        fmt(r.confidence_mean, 3),
        fmt(r.approved_rate, 1),
        fmt(r.clarification_rate, 1),
        fmt(r.blocked_rate, 1),
      ];
      cells.forEach((value, i) => tr.append(el(i === 0 ? "th" : "td", "", value)));
      return tr;
    }));
  }

  const SHARD_STATES = ["running", "stopped", "stale"];

  /** A shard's state now: a running shard that stopped writing turns stale without a new report. */
  function shardState(s) {
    const state = SHARD_STATES.includes(s.state) ? s.state : "running";
    const quiet = Date.now() - Date.parse(s.updated_at) > s.stale_after_s * 1000;
    return state === "running" && quiet ? "stale" : state;
  }

  /** The shard table, shown only when the document merges more than one shard. */
  function renderShards(shards) {
    const rows = Array.isArray(shards) && shards.length > 1 ? shards : [];
    byId("shards-panel").hidden = rows.length === 0;
    const firing = rows.filter((s) => s.firing > 0).length;
    byId("shards-summary").textContent = rows.length === 0
      ? ""
      : `${rows.length} shards${firing > 0 ? `, ${firing} with firing alerts` : ""}`;
    byId("shards").tBodies[0].replaceChildren(...rows.map((s) => {
      const state = shardState(s);
      const alarm = s.firing > 0
        ? ` status-firing severity-${s.firing_high ? "high" : "medium"}`
        : "";
      const tr = el("tr", `shard${alarm}`);
      tr.dataset.state = state;
      const health = s.health ? `grade-${s.health.grade.toLowerCase()}` : "";
      tr.append(
        el("th", "shard-label", s.label),
        el("td", `shard-state state-${state}`, state),
        el("td", "", String(s.requests)),
        el("td", "", fmt(s.approved_rate, 1)),
        el("td", "", fmt(s.adversarial_block_rate, 1)),
        el("td", "", fmt(s.latency_p95_ms, 2)),
        el("td", `shard-health ${health}`, s.health ? String(s.health.score) : "–"),
        el(
          "td",
          s.firing > 0 ? "shard-alerts" : "shard-alerts none",
          s.firing > 0 ? `${s.firing} firing` : "none",
        ),
      );
      return tr;
    }));
  }

  function renderErrors(errors) {
    const list = byId("errors");
    if (errors.length === 0) {
      list.replaceChildren(el("li", "none", "No errors recorded"));
      return;
    }
    list.replaceChildren(...errors.map((e) => {
      const item = el("li", "error");
      const head = el("div", "error-head");
      head.append(
        el("time", "", utc(Date.parse(e.at))),
        el("span", "error-type", e.type),
        el("span", "error-where", `${e.category}/${e.family}`),
      );
      item.append(head, el("p", "error-message", e.message));
      if (e.input_preview) item.append(el("code", "error-input", e.input_preview));
      return item;
    }));
  }

  let connection = "connecting";

  function render(view) {
    state.view = view;
    byId("waiting").hidden = true;
    renderStatus(view, connection);
    renderTiles(view);
    renderHealth(view.health);
    renderAlerts(view.alerts);
    renderCategories(view.categories);
    renderShards(view.shards);
    renderErrors(view.errors);
    document.body.dataset.reportId = view.point ? String(view.point.id) : "";
  }

  function connect() {
    const source = new EventSource("/api/events");
    source.addEventListener("open", () => {
      connection = "open";
      renderStatus(state.view, connection);
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (e.g. 401 after the session ended): try again later.
        connection = "closed";
        setTimeout(connect, 10_000);
      } else connection = "reconnecting";
      renderStatus(state.view, connection);
    });
    source.addEventListener("snapshot", (event) => {
      const snapshot = JSON.parse(event.data);
      state.points = snapshot.points.slice(-MAX_POINTS);
      state.ticks = [];
      for (const tick of snapshot.ticks ?? []) addTick(tick);
      render(snapshot.view);
      redrawCharts();
      redrawCharts(true);
      renderLive();
    });
    source.addEventListener("tick", (event) => {
      addTick(JSON.parse(event.data));
      redrawCharts(true);
      renderLive();
    });
    source.addEventListener("report", (event) => {
      const view = JSON.parse(event.data);
      addPoint(view.point);
      render(view);
      redrawCharts();
    });
    source.addEventListener("alert", (event) => {
      const alert = JSON.parse(event.data);
      if (!state.view) return;
      const alerts = state.view.alerts.filter((a) => a.rule_id !== alert.rule_id);
      alerts.push(alert);
      state.view.alerts = alerts;
      renderAlerts(alerts);
    });
  }

  createCharts();
  renderHealth(null);
  connect();
  setInterval(() => {
    renderStatus(state.view, connection);
    if (state.view) renderShards(state.view.shards);
  }, 5000);
})();
