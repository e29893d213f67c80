import assert from "node:assert/strict";
import fc from "fast-check";
import {
  escapeLabelValue,
  LATENCY_BUCKETS_S,
  renderPrometheus,
  type RuleState,
} from "../lib/server/prometheus.ts";
import { type ShardMetrics, shardView } from "../lib/view/shard_view.ts";
import type { SourcePart } from "../lib/store/metrics_source.ts";
import { mergeDocuments } from "../lib/metrics/merge_reports.ts";
import { shardDocument } from "./_shard_builders.ts";
import type { ReportSpec } from "./_report_builders.ts";
import { serverDocument } from "./_server_builders.ts";
import { LiveAggregates } from "../lib/metrics/live_aggregates.ts";
import { createRecordStream } from "./_builders.ts";

/** One rule firing, one pending: one `buddy_traffic_alert` series each. */
const RULE_STATES: RuleState[] = [
  { rule_id: "low_success_rate", severity: "HIGH", state: "firing" },
  { rule_id: "high_error_rate", severity: "MEDIUM", state: "pending" },
];

/** One parsed sample line. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  line: number;
}

/** One metric family as declared by its HELP and TYPE lines. */
interface Family {
  help: string;
  type: string;
  helpLine: number;
  typeLine: number;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf("=", i);
    assert.ok(eq > i, `line ${line}: label without a name`);
    const key = text.slice(i, eq);
    assert.match(key, /^[a-zA-Z_][a-zA-Z0-9_]*$/, `line ${line}: bad label name`);
    assert.equal(text[eq + 1], '"', `line ${line}: label value must be quoted`);
    let value = "";
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === "\\") {
        const next = text[++j];
        assert.ok(next === "\\" || next === '"' || next === "n", `line ${line}: bad escape`);
        value += next === "n" ? "\n" : next;
      } else value += text[j];
    }
    assert.equal(text[j], '"', `line ${line}: unterminated label value`);
    assert.ok(!(key in labels), `line ${line}: duplicate label ${key}`);
    labels[key] = value;
    i = j + 1;
    if (text[i] === ",") i++;
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  assert.match(text, /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i);
  return Number(text);
}

/** A strict reader of text exposition 0.0.4: families in order, HELP and TYPE first. */
function parseExposition(text: string): Map<string, Family> {
  assert.ok(text.endsWith("\n"), "the exposition ends with a line feed");
  const families = new Map<string, Family>();
  let current: string | null = null;
  const lines = text.slice(0, -1).split("\n");
  lines.forEach((raw, index) => {
    const line = index + 1;
    const help = /^# HELP (\S+) (.*)$/.exec(raw);
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(raw);
    if (help) {
      const name = help[1]!;
      assert.match(name, NAME);
      assert.ok(!families.has(name), `line ${line}: ${name} declared twice`);
      families.set(name, {
        help: help[2]!,
        type: "",
        helpLine: line,
        typeLine: 0,
        samples: [],
      });
      current = name;
      return;
    }
    if (type) {
      const family = families.get(type[1]!);
      assert.ok(family !== undefined && current === type[1], `line ${line}: TYPE before HELP`);
      assert.equal(family.type, "", `line ${line}: TYPE twice`);
      family.type = type[2]!;
      family.typeLine = line;
      return;
    }
    assert.ok(!raw.startsWith("#"), `line ${line}: unknown comment`);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(raw);
    assert.ok(sample !== null, `line ${line}: not a sample: ${raw}`);
    const name = sample[1]!;
    assert.ok(current !== null, `line ${line}: sample before any HELP`);
    const family = families.get(current)!;
    assert.ok(family.type !== "", `line ${line}: sample before TYPE`);
    const allowed = family.type === "histogram"
      ? [`${current}_bucket`, `${current}_sum`, `${current}_count`]
      : [current];
    assert.ok(allowed.includes(name), `line ${line}: ${name} outside its family ${current}`);
    family.samples.push({
      name,
      labels: parseLabels(sample[2] ?? "", line),
      value: parseValue(sample[3]!),
      line,
    });
  });
  return families;
}

/** The rules every family must follow: names, units, histogram shape. */
function checkFamilies(families: Map<string, Family>): void {
  for (const [name, family] of families) {
    assert.ok(family.helpLine < family.typeLine, `${name}: HELP then TYPE`);
    assert.ok(family.help.length > 0, `${name}: empty HELP`);
    assert.doesNotMatch(name, /_(ms|milliseconds|percent|minutes)(_|$)/, `${name}: base units`);
    if (family.type === "counter") assert.match(name, /_total$/, `${name}: counter suffix`);
    else assert.doesNotMatch(name, /_total$/, `${name}: only counters end in _total`);
    for (const s of family.samples) {
      assert.ok(Number.isFinite(s.value) || s.value === Infinity, `${name}: finite values`);
      if (family.type === "counter") assert.ok(s.value >= 0, `${name}: counters are >= 0`);
    }
    if (family.type === "histogram") checkHistogram(name, family);
  }
}

function checkHistogram(name: string, family: Family): void {
  const series = new Map<string, { buckets: Sample[]; sum?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name.endsWith("_bucket")) {
      assert.ok(le !== undefined, `${name}: bucket without le`);
      entry.buckets.push(s);
    } else if (s.name.endsWith("_sum")) entry.sum = s.value;
    else entry.count = s.value;
  }
  for (const [key, entry] of series) {
    assert.ok(entry.sum !== undefined && entry.count !== undefined, `${name}${key}: sum, count`);
    const les = entry.buckets.map((b) => parseValue(b.labels.le!));
    assert.equal(les.at(-1), Infinity, `${name}${key}: ends with le="+Inf"`);
    for (let i = 1; i < les.length; i++) {
      assert.ok(les[i]! > les[i - 1]!, `${name}${key}: le increasing`);
      assert.ok(
        entry.buckets[i]!.value >= entry.buckets[i - 1]!.value,
        `${name}${key}: cumulative buckets`,
      );
    }
    assert.equal(entry.buckets.at(-1)!.value, entry.count, `${name}${key}: +Inf equals _count`);
    assert.ok(entry.sum! >= 0);
  }
}

function sampleOf(families: Map<string, Family>, name: string, labels: Record<string, string>) {
  const family = families.get(name.replace(/_(bucket|sum|count)$/, "")) ?? families.get(name);
  return family?.samples.find((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  )?.value;
}

Deno.test("renderPrometheus() passes the exposition format checks", () => {
  const doc = serverDocument([{ failed: 3, unhandled: 1 }, { execMs: 7, requests: 50 }]);
  const families = parseExposition(
    renderPrometheus(doc, { health: 91, alerts: RULE_STATES }),
  );
  checkFamilies(families);
  assert.equal(families.get("buddy_traffic_requests_total")?.type, "counter");
  assert.equal(families.get("buddy_traffic_execution_time_seconds")?.type, "histogram");
  assert.equal(families.get("buddy_traffic_latency_seconds")?.type, "histogram");
  assert.equal(families.get("buddy_traffic_success_ratio")?.type, "gauge");
});

Deno.test("renderPrometheus() reports counts, ratios and seconds from the document", () => {
  const doc = serverDocument([{ failed: 3, unhandled: 1 }, { execMs: 7, requests: 50 }]);
  const families = parseExposition(
    renderPrometheus(doc, { health: 91, alerts: RULE_STATES }),
  );
  const get = (name: string, labels: Record<string, string> = {}) =>
    sampleOf(families, name, labels);
  // 100 + 50 requests: adversarial are the first 10 of each report, failures the last 3 of the first.
  assert.equal(get("buddy_traffic_requests_total", { category: "simple", outcome: "error" }), 3);
  assert.equal(
    get("buddy_traffic_requests_total", { category: "adversarial", outcome: "blocked" }),
    20,
  );
  assert.equal(get("buddy_traffic_errors_total", { type: "timeout" }), 2);
  assert.equal(get("buddy_traffic_errors_total", { type: "unhandled" }), 1);
  assert.equal(get("buddy_traffic_unhandled_exceptions_total"), 1);
  assert.equal(get("buddy_traffic_success_ratio"), 1, "gauges read the latest report");
  assert.equal(get("buddy_traffic_error_ratio"), 0);
  assert.equal(get("buddy_traffic_pre_validation_pass_ratio"), 0.34);
  assert.equal(get("buddy_traffic_adversarial_block_ratio"), 1);
  assert.equal(get("buddy_traffic_health_score"), 91);
  const alertSeries = families.get("buddy_traffic_alert")!.samples;
  assert.deepEqual(
    alertSeries.map((s) => [s.labels.rule_id, s.labels.severity, s.labels.state, s.value]),
    [["low_success_rate", "critical", "firing", 1], ["high_error_rate", "warning", "pending", 1]],
  );
  assert.equal(
    get("buddy_traffic_requests_total", {
      category: "adversarial",
      expected: "block",
      outcome: "blocked",
    }),
    20,
  );
  assert.equal(get("buddy_traffic_load_level"), 1);
  assert.equal(get("buddy_traffic_request_interval_seconds", { bound: "min" }), 0.05);
  assert.equal(get("buddy_traffic_request_interval_seconds", { bound: "max" }), 0.2);
  assert.equal(get("buddy_traffic_running"), 1);
  const simple = { category: "simple" };
  assert.equal(get("buddy_traffic_execution_time_seconds_count", simple), 130);
  assert.equal(get("buddy_traffic_execution_time_seconds_bucket", { ...simple, le: "0.0005" }), 90);
  assert.equal(get("buddy_traffic_execution_time_seconds_bucket", { ...simple, le: "0.005" }), 90);
  assert.equal(get("buddy_traffic_execution_time_seconds_bucket", { ...simple, le: "0.01" }), 130);
  const sum = get("buddy_traffic_execution_time_seconds_sum", simple) ?? 0;
  assert.ok(Math.abs(sum - (90 * 0.0005 + 40 * 0.007)) < 1e-9, `sum in seconds: ${sum}`);
});

Deno.test("renderPrometheus() escapes hostile label values", () => {
  const doc = serverDocument();
  const hostile = 'we"ird\\type\nwith <img src=x onerror=alert(1)>';
  doc.cumulative.stats.errors[hostile] = 2;
  const text = renderPrometheus(doc);
  const families = parseExposition(text);
  checkFamilies(families);
  assert.equal(sampleOf(families, "buddy_traffic_errors_total", { type: hostile }), 2);
  assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
});

Deno.test("renderPrometheus() leaves out gauges without data and histograms without samples", () => {
  const doc = serverDocument([{ requests: 0, adversarial: 0 }]);
  const families = parseExposition(renderPrometheus(doc));
  checkFamilies(families);
  assert.equal(families.has("buddy_traffic_success_ratio"), false);
  assert.equal(families.has("buddy_traffic_health_score"), false);
  assert.equal(families.get("buddy_traffic_execution_time_seconds")?.samples.length, 0);
});

Deno.test("renderPrometheus() histograms stay cumulative for any latencies", () => {
  const spec: fc.Arbitrary<ReportSpec> = fc.record({
    requests: fc.integer({ min: 0, max: 60 }),
    failed: fc.integer({ min: 0, max: 5 }),
    execMs: fc.double({ min: 0, max: 20_000, noNaN: true }),
    firstExecMs: fc.double({ min: 0, max: 20_000, noNaN: true }),
    latencyMs: fc.double({ min: 0, max: 20_000, noNaN: true }),
  }).map((s) => ({ ...s, failed: Math.min(s.failed, s.requests) }));
  fc.assert(
    fc.property(fc.array(spec, { minLength: 1, maxLength: 4 }), (specs) => {
      const families = parseExposition(renderPrometheus(serverDocument(specs)));
      checkFamilies(families);
      const buckets = families.get("buddy_traffic_latency_seconds")!.samples
        .filter((s) => s.name.endsWith("_bucket"));
      const perSeries = LATENCY_BUCKETS_S.length + 1;
      assert.equal(buckets.length % perSeries, 0);
    }),
    { numRuns: 60 },
  );
});

/** Live aggregates fed with `n` records of a seeded stream, one second apart per 10. */
function liveOf(n: number, seed = 3): LiveAggregates {
  const live = new LiveAggregates();
  const stream = createRecordStream({ seed, errorRate: 0.05 });
  for (let i = 0; i < n; i++) live.add(stream.next(), Date.UTC(2026, 0, 1) + i * 100);
  return live;
}

Deno.test("renderPrometheus() counts every live request, with the expected outcome", () => {
  const doc = serverDocument([{ requests: 10 }]);
  const live = liveOf(437);
  const families = parseExposition(renderPrometheus(doc, { live, alerts: RULE_STATES }));
  checkFamilies(families);
  const requests = families.get("buddy_traffic_requests_total")!.samples;
  assert.equal(requests.reduce((n, s) => n + s.value, 0), 437, "live, not the document's 10");
  for (const s of requests) assert.match(s.labels.expected ?? "", /^(approve|clarify|block)$/);
  const counts = families.get("buddy_traffic_latency_seconds")!.samples
    .filter((s) => s.name.endsWith("_count"));
  assert.equal(counts.reduce((n, s) => n + s.value, 0), 437);
  for (const c of counts) {
    const inf = sampleOf(families, "buddy_traffic_latency_seconds_bucket", {
      category: c.labels.category!,
      le: "+Inf",
    });
    assert.equal(inf, c.value, `+Inf bucket equals _count for ${c.labels.category}`);
  }
});

Deno.test("renderPrometheus() buckets are log-spaced from 0.05 ms to 100 ms", () => {
  assert.equal(LATENCY_BUCKETS_S[0], 0.00005);
  assert.ok(LATENCY_BUCKETS_S.includes(0.005), "the 5 ms target is a bound");
  assert.ok(LATENCY_BUCKETS_S.includes(0.1));
  const text = renderPrometheus(serverDocument(), { live: liveOf(50) });
  assert.match(text, /_bucket\{category="[a-z_]+",le="0\.00005"\} \d+$/m);
});

Deno.test("renderPrometheus() counters from live aggregates only grow", () => {
  const doc = serverDocument();
  const live = new LiveAggregates();
  const stream = createRecordStream({ seed: 9 });
  let before = new Map<string, number>();
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 40; i++) live.add(stream.next(), Date.UTC(2026, 0, 1) + round * 1000);
    const families = parseExposition(renderPrometheus(doc, { live }));
    const now = new Map<string, number>();
    for (const family of families.values()) {
      if (family.type !== "counter" && family.type !== "histogram") continue;
      for (const s of family.samples) now.set(`${s.name}${JSON.stringify(s.labels)}`, s.value);
    }
    for (const [key, value] of before) {
      assert.ok((now.get(key) ?? -1) >= value, `${key} went from ${value} to ${now.get(key)}`);
    }
    before = now;
  }
});

const PROMTOOL = "/usr/bin/promtool";

/**
 * Without promtool the promtool checks are skipped with a message, except in
 * CI (`CI=true`), where they run and fail: a skip must never pass for a pass.
 */
const SKIP_PROMTOOL_TESTS = !existsSync(PROMTOOL) && Deno.env.get("CI") !== "true";
if (SKIP_PROMTOOL_TESTS) {
  console.warn(`promtool tests ignored: ${PROMTOOL} not found (install Debian's prometheus)`);
}

Deno.test({
  name: "renderPrometheus() output passes promtool check metrics",
  ignore: SKIP_PROMTOOL_TESTS,
  async fn() {
    const doc = serverDocument([{ failed: 3, unhandled: 1 }, { execMs: 7, requests: 50 }]);
    doc.cumulative.stats.errors['we"ird\\type\nx'] = 2;
    const text = renderPrometheus(doc, { health: 90, alerts: RULE_STATES });
    assert.deepEqual(await promtool(text), { code: 0, report: "" });
    const live = renderPrometheus(doc, { alerts: RULE_STATES, live: liveOf(300) });
    assert.deepEqual(await promtool(live), { code: 0, report: "" });
  },
});

function existsSync(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

Deno.test("the exposition checker catches a missing +Inf bucket and broken order", () => {
  const base = [
    "# HELP x_seconds Latency.",
    "# TYPE x_seconds histogram",
    'x_seconds_bucket{le="0.1"} 1',
    'x_seconds_bucket{le="1"} 2',
  ];
  const tail = ["x_seconds_sum 0.5", "x_seconds_count 2", ""];
  assert.doesNotThrow(() =>
    checkFamilies(parseExposition([...base, 'x_seconds_bucket{le="+Inf"} 2', ...tail].join("\n")))
  );
  assert.throws(() => checkFamilies(parseExposition([...base, ...tail].join("\n"))), /\+Inf/);
  assert.throws(
    () =>
      checkFamilies(
        parseExposition([...base, 'x_seconds_bucket{le="+Inf"} 3', ...tail].join("\n")),
      ),
    /equals _count/,
  );
  assert.throws(() => parseExposition("# TYPE y gauge\n# HELP y Why.\ny 1\n"), /TYPE before HELP/);
  assert.throws(
    () => checkFamilies(parseExposition("# HELP y Count.\n# TYPE y counter\ny 1\n")),
    /counter suffix/,
  );
});

/** Two shards five seconds after eu-1's last report: eu-1 stopped and clean, eu-2 running, failing 10 and approving 3 adversarial requests a window. */
function twoShards(labels: readonly [string, string] = ["eu-1", "eu-2"]): ShardMetrics[] {
  const now = new Date("2026-01-01T00:00:45Z");
  const parts: SourcePart[] = [
    { label: labels[0], doc: shardDocument("run-eu-1", { status: { state: "stopped" } }) },
    {
      label: labels[1],
      doc: shardDocument("run-eu-2", { adversarialApproved: 3, failed: 10, reports: 3 }),
    },
  ];
  return parts.map((part) => ({ part, view: shardView(part, now) }));
}

Deno.test("renderPrometheus() adds one series per shard, merged series unchanged", () => {
  const shards = twoShards();
  const doc = mergeDocuments(shards.map((s) => s.part.doc));
  const extras = { health: 90, alerts: [] };
  const merged = renderPrometheus(doc, extras);
  const text = renderPrometheus(doc, { ...extras, shards });
  assert.ok(text.startsWith(merged), "the merged families come first, as without shards");
  assert.doesNotMatch(merged, /shard/);
  const lines = text.slice(merged.length).split("\n").filter((l) => !l.startsWith("#"));
  assert.deepEqual(lines, [
    'buddy_traffic_shard_requests_total{shard="eu-1",outcome="approved"} 432',
    'buddy_traffic_shard_requests_total{shard="eu-1",outcome="clarification"} 288',
    'buddy_traffic_shard_requests_total{shard="eu-1",outcome="blocked"} 80',
    'buddy_traffic_shard_requests_total{shard="eu-1",outcome="error"} 0',
    'buddy_traffic_shard_requests_total{shard="eu-2",outcome="approved"} 315',
    'buddy_traffic_shard_requests_total{shard="eu-2",outcome="clarification"} 204',
    'buddy_traffic_shard_requests_total{shard="eu-2",outcome="blocked"} 51',
    'buddy_traffic_shard_requests_total{shard="eu-2",outcome="error"} 30',
    'buddy_traffic_shard_success_ratio{shard="eu-1"} 1',
    'buddy_traffic_shard_success_ratio{shard="eu-2"} 0.95',
    'buddy_traffic_shard_error_ratio{shard="eu-1"} 0',
    'buddy_traffic_shard_error_ratio{shard="eu-2"} 0.05',
    'buddy_traffic_shard_adversarial_block_ratio{shard="eu-1"} 1',
    'buddy_traffic_shard_adversarial_block_ratio{shard="eu-2"} 0.85',
    'buddy_traffic_shard_health_score{shard="eu-1"} 100',
    'buddy_traffic_shard_health_score{shard="eu-2"} 79',
    'buddy_traffic_shard_running{shard="eu-1"} 0',
    'buddy_traffic_shard_running{shard="eu-2"} 1',
    'buddy_traffic_shard_stale{shard="eu-1"} 0',
    'buddy_traffic_shard_stale{shard="eu-2"} 0',
    'buddy_traffic_shard_last_update_timestamp_seconds{shard="eu-1"} 1767225640',
    'buddy_traffic_shard_last_update_timestamp_seconds{shard="eu-2"} 1767225630',
    'buddy_traffic_shard_alerts_firing{shard="eu-1"} 0',
    'buddy_traffic_shard_alerts_firing{shard="eu-2"} 1',
    "",
  ]);
  // Each shard's outcomes add up to its requests; together, to the merged counter.
  const families = parseExposition(text);
  checkFamilies(families);
  const perShard = families.get("buddy_traffic_shard_requests_total")!.samples;
  assert.equal(perShard.reduce((n, s) => n + s.value, 0), 800 + 600);
  const all = families.get("buddy_traffic_requests_total")!.samples;
  assert.equal(all.reduce((n, s) => n + s.value, 0), 800 + 600);
});

Deno.test("renderPrometheus() escapes hostile shard labels", () => {
  const hostile = 'eu"1\n<img src=x>\\';
  const text = renderPrometheus(mergeDocuments(twoShards().map((s) => s.part.doc)), {
    shards: twoShards([hostile, "eu-2"]),
  });
  assert.match(
    text,
    /^buddy_traffic_shard_alerts_firing\{shard="eu\\"1\\n<img src=x>\\\\"\} 0$/m,
  );
  const families = parseExposition(text);
  checkFamilies(families);
  assert.equal(sampleOf(families, "buddy_traffic_shard_running", { shard: hostile }), 0);
  assert.equal(
    sampleOf(families, "buddy_traffic_shard_requests_total", {
      shard: hostile,
      outcome: "blocked",
    }),
    80,
  );
});

Deno.test({
  name: "renderPrometheus() output with hostile shard labels passes promtool check metrics",
  ignore: SKIP_PROMTOOL_TESTS,
  async fn() {
    const shards = twoShards(['eu"1\n<img src=x>\\', "eu-2"]);
    const text = renderPrometheus(mergeDocuments(shards.map((s) => s.part.doc)), {
      health: 90,
      alerts: [],
      shards,
    });
    assert.match(text, /buddy_traffic_shard_running\{shard="eu\\"1/);
    assert.deepEqual(await promtool(text), { code: 0, report: "" });
  },
});

async function promtool(text: string): Promise<{ code: number; report: string }> {
  assert.ok(existsSync(PROMTOOL), `${PROMTOOL} is missing: CI must install Debian's prometheus`);
  const child = new Deno.Command(PROMTOOL, {
    args: ["check", "metrics"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    report: (decoder.decode(out.stdout) + decoder.decode(out.stderr)).trim(),
  };
}
