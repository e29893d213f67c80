/**
 * examples/grafana/buddy-traffic.json: importable (a datasource variable,
 * shard and instance filters on every query), and every panel's query
 * returns data from a real Prometheus scraping real simulators.
 */
import assert from "node:assert/strict";
import { stringify } from "yaml";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { exampleFiles, RULES_FILE } from "../lib/rules/example_files.ts";
import { prometheusConfig } from "../lib/rules/prometheus_rules.ts";
import { metricsFileWrites, TaskProcess } from "./_tasks.ts";
import { PROMETHEUS, skipWithout, startPrometheus, waitFor } from "./_prometheus_stack.ts";

const DASHBOARD = new URL("../examples/grafana/buddy-traffic.json", import.meta.url);

interface Target {
  refId: string;
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  id: number;
  title: string;
  type: string;
  datasource: { type: string; uid: string };
  targets: Target[];
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
}
interface Dashboard {
  uid: string;
  title: string;
  templating: { list: Variable[] };
  panels: Panel[];
}

const dashboard = JSON.parse(await Deno.readTextFile(DASHBOARD)) as Dashboard;

Deno.test("the dashboard has a datasource variable and shard and instance filters on every query", () => {
  assert.equal(dashboard.uid, "buddy-traffic");
  const variables = dashboard.templating.list;
  assert.deepEqual(variables.map((v) => [v.name, v.type]), [
    ["datasource", "datasource"],
    ["shard", "query"],
    ["instance", "query"],
  ]);
  assert.equal(variables[0]!.query, "prometheus");
  const ids = dashboard.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, "panel ids are unique");
  const titles = dashboard.panels.map((p) => p.title);
  for (
    const wanted of [
      "Guard: adversarial blocked",
      "Guard: benign over-blocked",
      "Success rate",
      "Errors by type",
      "Latency quantiles",
      "Throughput",
      "Routing mix",
      "Simulator alerts",
      "Prometheus alerts",
    ]
  ) assert.ok(titles.includes(wanted), `panel ${wanted}`);
  for (const panel of dashboard.panels) {
    assert.deepEqual(panel.datasource, { type: "prometheus", uid: "${datasource}" });
    assert.ok(panel.targets.length > 0, panel.title);
    for (const t of panel.targets) {
      assert.deepEqual(t.datasource, panel.datasource);
      assert.match(t.expr, /shard=~"\$shard",instance=~"\$instance"/, `${panel.title} ${t.refId}`);
    }
  }
});

/** Grafana's substitutions for an "All" selection and a 1 s scrape interval. */
function substitute(expr: string): string {
  return expr.replaceAll("$__rate_interval", "10s").replaceAll('"$shard"', '".*"')
    .replaceAll('"$instance"', '".*"');
}

async function rangeQuery(url: string, expr: string): Promise<unknown[]> {
  const end = Date.now() / 1000;
  const params = new URLSearchParams({
    query: substitute(expr),
    start: String(end - 30),
    end: String(end),
    step: "1",
  });
  const body = await (await fetch(`${url}/api/v1/query_range?${params}`)).json();
  if (body.status !== "success") throw new Error(`${expr}: ${JSON.stringify(body)}`);
  return body.data.result as unknown[];
}

Deno.test({
  name: "every panel's query returns data from Prometheus scraping two simulators",
  ignore: skipWithout(PROMETHEUS),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const stops: (() => Promise<unknown>)[] = [];
    try {
      const sims = [];
      for (const [shard, extra] of [["eu-1", []], ["eu-2", ["--fault-rate=0.2"]]] as const) {
        await Deno.mkdir(`${dir}/${shard}`);
        const sim = new TaskProcess("simulate", [
          "--file=m.json",
          "--serve=0",
          "--duration=90s",
          "--interval-min=5",
          "--interval-max=15",
          "--report-seconds=3600",
          ...extra,
        ], { cwd: `${dir}/${shard}`, writes: metricsFileWrites("m.json") });
        stops.push(() => sim.stop("SIGINT"));
        const [, url] = await sim.waitForLine(/Serving the dashboard on (http:\S+)/);
        sims.push({ shard, host: new URL(url!).host });
      }
      const options = { intervalMs: 1000, windowMs: 10_000 };
      const config = prometheusConfig(RULES_FILE, options.intervalMs) as Record<string, unknown>;
      delete config.alerting;
      const prometheus = await startPrometheus({
        [RULES_FILE]: exampleFiles([...DEFAULT_RULES], options)[RULES_FILE]!,
        "prometheus.yml": stringify(config),
        "targets/fleet.json": JSON.stringify(
          sims.map((s) => ({ targets: [s.host], labels: { shard: s.shard } })),
        ),
      });
      stops.push(() => prometheus.stop());

      const queries = dashboard.panels.flatMap((p) =>
        p.targets.map((t) => ({ name: `${p.title} ${t.refId}`, expr: t.expr }))
      );
      const missing = async () => {
        const names = [];
        for (const q of queries) {
          if ((await rangeQuery(prometheus.url, q.expr)).length === 0) names.push(q.name);
        }
        return names;
      };
      // Bounded: after 60 s the panels still without data are named.
      const empty = await waitFor("every panel's query to return data", 60_000, async () => {
        const names = await missing();
        return names.length === 0 ? names : null;
      }).catch(missing);
      assert.deepEqual(empty, [], "panels without data");

      // The variables' label_values() queries list both shards and both instances.
      const labelValues = async (label: string) => {
        const res = await fetch(
          `${prometheus.url}/api/v1/label/${label}/values?match[]=buddy_traffic_requests_total`,
        );
        return ((await res.json()).data as string[]).sort();
      };
      assert.deepEqual(await labelValues("shard"), ["eu-1", "eu-2"]);
      assert.deepEqual(await labelValues("instance"), sims.map((s) => s.host).sort());
    } finally {
      for (const stop of stops.reverse()) await stop().catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
});
