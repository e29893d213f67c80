import assert from "node:assert/strict";
import fc from "fast-check";
import { buildDataset, type MetricsSource } from "../lib/analysis/metrics_dataset.ts";
import {
  type Analyses,
  analysesToJson,
  runAnalyses,
  SECTIONS,
} from "../lib/analysis/visualize_analysis.ts";
import { offFields, type SummaryAnalysis } from "../lib/analysis/summary_analysis.ts";
import { renderPerSourceText, renderTextReport } from "../lib/render/text_report.ts";
import { renderHtmlReport } from "../lib/render/html_report.ts";
import { sourceNoun } from "../lib/render/_text_format.ts";
import { createColors } from "../lib/render/ansi.ts";
import { shardDocument, type ShardOptions } from "./_shard_builders.ts";

const PLAIN = createColors(false);
const ASSETS = { js: "", css: "" };
/** Just after the shards' last report (2026-01-01 00:00:40Z). */
const NOW = new Date("2026-01-01T00:00:45Z");

function stopped(options: ShardOptions = {}): ShardOptions {
  return { ...options, status: { state: "stopped", ...options.status } };
}

/** Two clean shards and one that approves 5 of its 20 adversarial requests per report. */
function threeShards(): MetricsSource[] {
  return [
    { path: "store.kv shard eu-1", doc: shardDocument("run-eu-1", stopped()) },
    {
      path: "store.kv shard eu-2",
      doc: shardDocument("run-eu-2", stopped({ adversarialApproved: 5 })),
    },
    { path: "store.kv shard us-1", doc: shardDocument("run-us-1", stopped()) },
  ];
}

function analyze(
  sources: MetricsSource[],
  options: Partial<Parameters<typeof runAnalyses>[1]> = {},
): Analyses {
  return runAnalyses(buildDataset(sources), { sections: ["summary"], now: NOW, ...options });
}

function summaryOf(a: Analyses): SummaryAnalysis {
  assert.ok(a.summary);
  return a.summary;
}

Deno.test("analyzeSummary() gives each of three shards its own figures, health and alerts", () => {
  const s = summaryOf(analyze(threeShards()));
  // The merged view: 20 adversarial requests approved out of 240, no alert.
  assert.equal(s.summary.adversarial_block_rate, 91.67);
  assert.deepEqual(s.alerts, []);
  assert.ok(s.per_source);
  assert.equal(s.per_source.length, 3);
  const [eu1, eu2, us1] = s.per_source;
  assert.ok(eu1 && eu2 && us1);
  assert.deepEqual(
    { ...eu1, health: eu1.health?.score },
    {
      source: 0,
      label: "store.kv shard eu-1",
      state: "stopped",
      age_s: 5,
      reports: 4,
      requests: 800,
      success_rate: 100,
      approval_rate: 54,
      pre_validation_pass_rate: 35,
      adversarial_block_rate: 100,
      benign_over_block_rate: 0,
      latency_p95_ms: 0.5,
      health: 100,
      alerts: [],
      firing: 0,
      breaches: [],
      off: [],
    },
  );
  assert.equal(eu2.adversarial_block_rate, 75);
  // Judged once over its range, as the gate judges the merged range.
  assert.deepEqual(eu2.breaches.map((b) => [b.rule_id, b.severity, b.value]), [
    ["low_adversarial_blocking", "HIGH", 75],
  ]);
  assert.equal(eu2.approval_rate, 56.5);
  // 0.4 x 100 + 0.3 x 100 + 0.3 x 75 = 92.5, rounded to 93.
  assert.equal(eu2.health?.score, 93);
  assert.equal(eu2.firing, 1);
  assert.equal(eu2.alerts.length, 1);
  assert.equal(eu2.alerts[0]?.rule_id, "low_adversarial_blocking");
  assert.equal(eu2.alerts[0]?.status, "firing");
  assert.equal(eu2.alerts[0]?.value, 75);
  // 75 % against 91.67 % merged: more than 10 points off.
  assert.deepEqual(eu2.off, ["adversarial_block_rate"]);
  assert.equal(us1.source, 2);
  assert.equal(us1.firing, 0);
});

Deno.test("analyzeSummary() shows the bad shard firing in a two-shard merge too", () => {
  const s = summaryOf(analyze(threeShards().slice(0, 2)));
  assert.equal(s.per_source?.length, 2);
  assert.equal(s.per_source?.[1]?.firing, 1);
  assert.equal(s.per_source?.[0]?.firing, 0);
  // Merged: 10 approved of 80 per window, 87.5 %: the merged view fires as well.
  assert.equal(s.summary.adversarial_block_rate, 87.5);
  assert.ok(s.alerts.some((a) => a.rule_id === "low_adversarial_blocking"));
});

Deno.test("analyzeSummary() counts only the range's reports of each shard with --last", () => {
  const sources = threeShards();
  sources[2] = {
    path: "store.kv shard us-1",
    doc: shardDocument("run-us-1", stopped({ reports: 6 })),
  };
  const all = summaryOf(analyze(sources));
  assert.deepEqual(all.per_source?.map((p) => [p.reports, p.requests]), [[4, 800], [4, 800], [
    6,
    1200,
  ]]);
  const last = summaryOf(analyze(sources, { range: { last: 1 } }));
  assert.deepEqual(last.per_source?.map((p) => [p.reports, p.requests]), [[1, 200], [1, 200], [
    1,
    200,
  ]]);
  // One report holds the bad shard's breach for one report only: `for: 2` keeps it pending.
  assert.equal(last.per_source?.[1]?.alerts[0]?.status, "pending");
  assert.equal(last.per_source?.[1]?.firing, 0);
});

Deno.test("analyzeSummary() marks a stale shard and lists its stale alert in its row", () => {
  const sources = threeShards();
  sources[0] = {
    path: "store.kv shard eu-1",
    doc: shardDocument("run-eu-1", { status: { state: "running" } }),
  };
  const s = summaryOf(analyze(sources, { now: new Date("2026-01-01T00:10:00Z") }));
  const eu1 = s.per_source?.[0];
  assert.equal(eu1?.state, "stale");
  assert.equal(eu1?.age_s, 560);
  assert.deepEqual(eu1?.alerts.map((a) => [a.rule_id, a.status]), [["stale_metrics", "firing"]]);
  assert.equal(s.per_source?.[2]?.state, "stopped");
});

Deno.test("analyzeSummary() has no per-source breakdown with one source", () => {
  const s = summaryOf(analyze(threeShards().slice(0, 1)));
  assert.equal(s.per_source, undefined);
  assert.equal("per_source" in s, false);
});

Deno.test("the per-source requests add up to the merged total for any shard count", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ reports: fc.integer({ min: 1, max: 4 }), bad: fc.nat(10) }), {
        minLength: 2,
        maxLength: 4,
      }),
      (shards) => {
        const sources = shards.map((sh, i) => ({
          path: `s${i}`,
          doc: shardDocument(
            `run-${i}`,
            stopped({ reports: sh.reports, adversarialApproved: sh.bad }),
          ),
        }));
        const s = summaryOf(analyze(sources));
        const rows = s.per_source ?? [];
        assert.equal(rows.length, shards.length);
        assert.equal(rows.reduce((n, r) => n + r.requests, 0), s.summary.total_requests);
        for (const [i, r] of rows.entries()) {
          const bad = shards[i]!.bad;
          assert.equal(r.adversarial_block_rate, Math.round(10000 * (20 - bad) / 20) / 100);
          assert.equal(r.firing > 0, bad > 2 && shards[i]!.reports >= 2);
        }
      },
    ),
    { numRuns: 25 },
  );
});

Deno.test("renderPerSourceText() prints an aligned row per shard and marks the firing one", () => {
  const text = renderPerSourceText(summaryOf(analyze(threeShards())), PLAIN);
  assert.equal(
    text,
    [
      "== Per source ==",
      "   Source               State    Reports  Requests  Success  Approved  Pre-val pass  Adv blocked  Benign blocked  p95 lat ms  Health         Alerts",
      "   store.kv shard eu-1  stopped        4       800   100.0%     54.0%         35.0%      100.0%             0.0%       0.500  100 Excellent  none",
      "!  store.kv shard eu-2  stopped        4       800   100.0%     56.5%         35.0%       75.0%*            0.0%       0.500  93 Good        HIGH firing low_adversarial_blocking",
      "   store.kv shard us-1  stopped        4       800   100.0%     54.0%         35.0%      100.0%             0.0%       0.500  100 Excellent  none",
      "Each source over its own reports in the range; alerts as a view of that source alone shows them (! = firing).",
      "* = far off the merged view: 10+ points for rates, 2x for p95 latency",
    ].join("\n"),
  );
});

Deno.test("offFields() flags rates 10+ points and p95 twice off the merged view", () => {
  const s = summaryOf(analyze(threeShards()));
  const row = s.per_source![0]!;
  const merged = s.summary;
  assert.deepEqual(offFields(row, merged), []);
  assert.deepEqual(offFields({ ...row, approval_rate: 44.8 }, merged), ["approval_rate"]);
  assert.deepEqual(offFields({ ...row, approval_rate: 44.9 }, merged), []);
  // Merged p95 is 0.5 ms: twice that is only 0.5 ms away, under the 1 ms floor.
  assert.deepEqual(offFields({ ...row, latency_p95_ms: 1 }, merged), []);
  assert.deepEqual(offFields({ ...row, latency_p95_ms: 1.5 }, merged), ["latency_p95_ms"]);
  assert.deepEqual(offFields({ ...row, requests: 99, success_rate: 0 }, merged), []);
});

Deno.test("renderTextReport() puts the per-source table right after the summary", () => {
  const text = renderTextReport(analyze(threeShards(), { sections: SECTIONS }), PLAIN);
  const summary = text.indexOf("== Summary ==");
  const perSource = text.indexOf("== Per source ==");
  const trends = text.indexOf("== Trends ==");
  assert.ok(summary >= 0 && summary < perSource && perSource < trends);
});

Deno.test("renderPerSourceText() sanitises shard labels and colours the firing marker", () => {
  const sources = threeShards();
  sources[1]!.path = "store.kv shard \x1b[2Jevil\u202e";
  const text = renderPerSourceText(summaryOf(analyze(sources)), createColors(true));
  assert.ok(text);
  // deno-lint-ignore no-control-regex
  assert.equal(/\u202e|\x1b\[2J/.test(text), false);
  assert.match(text, /<U\+001B>\[2Jevil<U\+202E>/);
  assert.ok(text.includes("\x1b[31m!"));
});

Deno.test("renderTextReport() prints no per-source table for one file", () => {
  const one = analyze(threeShards().slice(0, 1));
  const text = renderTextReport(one, PLAIN);
  assert.equal(text.includes("Per source"), false);
  assert.equal(renderPerSourceText(summaryOf(one), PLAIN), null);
});

Deno.test("analysesToJson() keeps per_source as numbers inside the summary", () => {
  const json = JSON.parse(JSON.stringify(analysesToJson(analyze(threeShards()))));
  const rows = json.summary.per_source;
  assert.equal(rows.length, 3);
  assert.equal(rows[1].label, "store.kv shard eu-2");
  assert.equal(rows[1].requests, 800);
  assert.equal(rows[1].adversarial_block_rate, 75);
  assert.equal(rows[1].latency_p95_ms, 0.5);
  assert.equal(rows[1].health.score, 93);
  assert.equal(rows[1].firing, 1);
  assert.equal(rows[1].alerts[0].rule_id, "low_adversarial_blocking");
  for (const key of ["requests", "success_rate", "approval_rate", "pre_validation_pass_rate"]) {
    assert.equal(typeof rows[0][key], "number", key);
  }
});

Deno.test("renderHtmlReport() adds the per-source table with the firing row marked", () => {
  const sources = threeShards();
  sources[0]!.path = `<img src=x onerror="alert(1)">`;
  const html = renderHtmlReport(analyze(sources), ASSETS);
  const table = html.match(/<table id="per-source-table">[\s\S]*?<\/table>/)?.[0];
  assert.ok(table);
  assert.equal(table.match(/<tr class="bad">/g)?.length, 1);
  assert.match(table, /<tr class="bad"><td class="text">! store\.kv shard eu-2<\/td>/);
  assert.match(
    table,
    /<td title="far off the merged view"><span class="bad">75\.0%\*<\/span><\/td>/,
  );
  assert.match(table, /HIGH firing low_adversarial_blocking/);
  assert.equal(table.includes("<img"), false);
  assert.ok(table.includes("&lt;img src=x"));
  const one = renderHtmlReport(analyze(threeShards().slice(0, 1)), ASSETS);
  assert.equal(one.includes("per-source-table"), false);
});

Deno.test("sourceNoun() calls merged sources files, shards or sources", () => {
  assert.equal(sourceNoun(["a.json", "b.json"]), "files");
  assert.equal(sourceNoun(["m.kv shard eu-1", "m.kv shard eu-2"]), "shards");
  assert.equal(sourceNoun(["a.json", "m.kv shard eu-1"]), "sources");
});
