/**
 * A fleet with the real binaries: three simulators on loopback, one of them
 * driving a Soul service that fails half its requests, scraped by Debian's
 * Prometheus with the rules `deno task rules` generates, which sends its
 * alerts to Debian's Alertmanager. The faulty shard's alert reaches
 * Alertmanager's API and resolves once the fault stops; the healthy shards
 * raise none. Bounded: every wait gives up after a fixed time.
 */
import assert from "node:assert/strict";
import { stringify } from "yaml";
import { exampleFiles, RULES_FILE } from "../lib/rules/example_files.ts";
import { prometheusConfig } from "../lib/rules/prometheus_rules.ts";
import { metricsFileWrites, TaskProcess, UNTIMED_RULE_LIST } from "./_tasks.ts";
import { startSoulProcess } from "./_soul_process.ts";
import {
  ALERTMANAGER,
  instantQuery,
  PROMETHEUS,
  skipWithout,
  startAlertmanager,
  startPrometheus,
  waitFor,
} from "./_prometheus_stack.ts";

interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}

async function amAlerts(url: string): Promise<AmAlert[]> {
  const res = await fetch(`${url}/api/v2/alerts`);
  return await res.json() as AmAlert[];
}

const ALERTMANAGER_CONFIG = stringify({
  route: { receiver: "void", group_by: ["shard"], group_wait: "1s", group_interval: "1s" },
  receivers: [{ name: "void" }],
});

/** Starts one simulator serving on a free port in its own folder; resolves to it and its URL. */
async function simulator(
  dir: string,
  shard: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Promise<{ sim: TaskProcess; url: string; started: number }> {
  await Deno.mkdir(`${dir}/${shard}`);
  const sim = new TaskProcess("simulate", [
    `--file=${shard}.json`,
    "--serve=0",
    "--duration=150s",
    "--interval-min=10",
    "--interval-max=30",
    "--report-seconds=3600",
    ...extra,
  ], { cwd: `${dir}/${shard}`, env, writes: metricsFileWrites(`${shard}.json`) });
  const [, url] = await sim.waitForLine(/Serving the dashboard on (http:\S+)/);
  return { sim, url: url!, started: Date.now() };
}

Deno.test({
  name:
    "fleet: a faulty shard's alert reaches Alertmanager and resolves; healthy shards raise none",
  ignore: skipWithout(PROMETHEUS, ALERTMANAGER),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const stops: (() => Promise<unknown>)[] = [];
    try {
      const soul = await startSoulProcess({ args: ["--error-rate", "0.5", "--seed", "7"] });
      stops.push(() => soul.stop());
      const healthy = [await simulator(dir, "eu-1"), await simulator(dir, "eu-2")];
      for (const h of healthy) stops.push(() => h.sim.stop("SIGINT"));
      const faulty = await simulator(dir, "eu-3", ["--use-real-soul", `--soul-url=${soul.url}`], {
        SOUL_REAL_ENABLED: "true",
      });
      stops.push(() => faulty.sim.stop("SIGINT"));

      const am = await startAlertmanager(ALERTMANAGER_CONFIG);
      stops.push(() => am.stop());
      const options = { intervalMs: 1000, windowMs: 10_000 };
      const config = prometheusConfig(RULES_FILE, options.intervalMs) as Record<string, unknown>;
      config.alerting = {
        alertmanagers: [{ static_configs: [{ targets: [new URL(am.url).host] }] }],
      };
      (config.scrape_configs as Record<string, unknown>[])[0]!.file_sd_configs = [
        { files: ["targets/*.json"], refresh_interval: "1s" },
      ];
      const targets = [...healthy, faulty].map((s, i) => ({
        targets: [new URL(s.url).host],
        labels: { shard: `eu-${i + 1}` },
      }));
      const prometheus = await startPrometheus({
        [RULES_FILE]: exampleFiles(UNTIMED_RULE_LIST, options)[RULES_FILE]!,
        "prometheus.yml": stringify(config),
        "targets/fleet.json": JSON.stringify(targets),
      }, ["--rules.alert.resend-delay=1s"]);
      stops.push(() => prometheus.stop());
      const scraping = Date.now();

      // The fault runs from the faulty simulator's start.
      const fired = await waitFor("the faulty shard's alert in Alertmanager", 60_000, async () => {
        const alerts = await amAlerts(am.url);
        return alerts.find((a) =>
          a.labels.shard === "eu-3" && a.labels.alertname === "BuddyTrafficLowSuccessRate"
        ) ?? null;
      });
      const toAlert = Date.now() - faulty.started;
      const fromScrape = Date.now() - scraping;
      assert.equal(fired.labels.severity, "critical");
      assert.equal(fired.labels.rule_id, "low_success_rate");
      assert.equal(fired.labels.instance, new URL(faulty.url).host);
      const firing = await amAlerts(am.url);
      assert.deepEqual(firing.filter((a) => a.labels.shard !== "eu-3"), []);

      // The fault stops: the simulator switches to its embedded engine.
      const switched = await fetch(`${faulty.url}api/target`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ target: "reference" }),
      });
      assert.equal(switched.status, 200, await switched.text());
      const faultEnd = Date.now();
      await waitFor("the faulty shard's alerts to resolve", 60_000, async () => {
        const alerts = await amAlerts(am.url);
        return alerts.some((a) => a.labels.shard === "eu-3") ? null : true;
      });
      const toResolve = Date.now() - faultEnd;

      // Over the whole run, Prometheus never had a pending or firing alert for a healthy shard.
      const healthyAlerts = await instantQuery(
        prometheus.url,
        'count_over_time(ALERTS{shard=~"eu-1|eu-2"}[5m])',
      );
      assert.deepEqual(healthyAlerts, []);
      console.log(
        `fleet: fault to alert in Alertmanager ${(toAlert / 1000).toFixed(1)} s ` +
          `(${(fromScrape / 1000).toFixed(1)} s after Prometheus was ready), ` +
          `fault end to resolution ${(toResolve / 1000).toFixed(1)} s`,
      );
    } finally {
      for (const stop of stops.reverse()) await stop().catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
});
