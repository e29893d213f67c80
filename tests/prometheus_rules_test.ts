/**
 * The Prometheus rules generated from the alert rules: the shipped files in
 * examples/prometheus/ are what the generator writes, promtool accepts them,
 * and their unit tests prove each alert fires and resolves.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DEFAULT_RULES, parseRules, RULE_METRICS } from "../lib/alerts/rules.ts";
import {
  alertName,
  DEFAULT_RULE_OPTIONS,
  forMs,
  goG4,
  keepFiringMs,
  metricExpressions,
  promDuration,
  prometheusRules,
  recordName,
} from "../lib/rules/prometheus_rules.ts";
import { exampleFiles, RULES_FILE, RULES_TEST_FILE } from "../lib/rules/example_files.ts";
import { parseRulesOptions } from "../lib/rules/rules_options.ts";
import { runTask } from "./_tasks.ts";

const EXAMPLES = new URL("../examples/prometheus/", import.meta.url).pathname;
const PROMTOOL = "/usr/bin/promtool";

function existsSync(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * Without promtool the promtool checks are skipped with a message, except in
 * CI (`CI=true`), where they run and fail: a skip must never pass for a pass.
 */
const SKIP_PROMTOOL_TESTS = !existsSync(PROMTOOL) && Deno.env.get("CI") !== "true";
if (SKIP_PROMTOOL_TESTS) {
  console.warn(`promtool tests ignored: ${PROMTOOL} not found (install Debian's prometheus)`);
}

async function promtool(args: string[], cwd: string): Promise<{ code: number; report: string }> {
  assert.ok(existsSync(PROMTOOL), `${PROMTOOL} is missing: CI must install Debian's prometheus`);
  const out = await new Deno.Command(PROMTOOL, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const decoder = new TextDecoder();
  return { code: out.code, report: decoder.decode(out.stdout) + decoder.decode(out.stderr) };
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, name, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, name), text);
  }
}

Deno.test("the shipped files in examples/prometheus are what `deno task rules` writes", async () => {
  const files = exampleFiles([...DEFAULT_RULES], DEFAULT_RULE_OPTIONS);
  assert.deepEqual(
    Object.keys(files).sort(),
    [
      RULES_FILE,
      RULES_TEST_FILE,
      "prometheus.yml",
      "targets/buddy_traffic.json",
    ].sort(),
  );
  for (const [name, text] of Object.entries(files)) {
    const shipped = await Deno.readTextFile(join(EXAMPLES, name));
    assert.equal(shipped, text, `${name} drifted from the generator: run deno task rules`);
  }
  const check = await runTask("rules", ["--check"]);
  assert.equal(check.code, 0, check.stderr);
});

Deno.test("every metric a rule may read has a PromQL expression and a record name", () => {
  const exprs = metricExpressions(60_000);
  assert.deepEqual(Object.keys(exprs).sort(), Object.keys(RULE_METRICS).sort());
  assert.equal(
    recordName("error_rate", 60_000),
    "shard_instance:buddy_traffic_error_rate_percent:1m",
  );
  assert.equal(
    recordName("execution_time.p95", 30_000),
    "shard_instance:buddy_traffic_execution_time_p95_ms:30s",
  );
  for (const expr of Object.values(exprs)) assert.match(expr, /by \(shard, instance/);
});

Deno.test("durations, alert names and Go's %.4g", () => {
  assert.equal(promDuration(0), "0s");
  assert.equal(promDuration(90_000), "1m30s");
  assert.equal(promDuration(3_600_500), "1h500ms");
  assert.equal(alertName(DEFAULT_RULES[0]!), "BuddyTrafficHighAvgExecutionTime");
  assert.equal(goG4(6), "6");
  assert.equal(goG4(91.5), "91.5");
  assert.equal(goG4(0.30000000000000004), "0.3");
  assert.equal(goG4(123456), "1.235e+05");
  assert.equal(goG4(0.00001234), "1.234e-05");
});

Deno.test("a `for` of N reports is N - 1 intervals, durations are kept as they are", () => {
  const [rule] = parseRules(
    JSON.stringify({ rules: [{ id: "high_error_rate", for: "45s", keep_firing_for: "2m" }] }),
    "r.json",
  ).filter((r) => r.id === "high_error_rate");
  assert.equal(forMs(rule!, 15_000), 45_000);
  assert.equal(keepFiringMs(rule!, 15_000), 120_000);
  const counted = DEFAULT_RULES.find((r) => r.id === "low_success_rate")!;
  assert.equal(forMs(counted, 15_000), 15_000);
  assert.equal(keepFiringMs(counted, 15_000), 15_000);
  const once = DEFAULT_RULES.find((r) => r.id === "unhandled_exceptions")!;
  assert.equal(forMs(once, 15_000), 0);
});

Deno.test("alerting rules keep threshold, min samples, severity and summary", () => {
  const groups = (prometheusRules(DEFAULT_RULES, DEFAULT_RULE_OPTIONS) as {
    groups: { rules: Record<string, unknown>[] }[];
  }).groups;
  const alerts = groups[1]!.rules;
  assert.equal(alerts.length, DEFAULT_RULES.length);
  const pre = alerts.find((a) => a.alert === "BuddyTrafficUnusualPreValidationRate")!;
  assert.equal(
    pre.expr,
    "(shard_instance:buddy_traffic_pre_validation_pass_rate_percent:1m < 25 or " +
      "shard_instance:buddy_traffic_pre_validation_pass_rate_percent:1m > 50) and on (shard, instance) " +
      "shard_instance:buddy_traffic_total_requests:1m >= 20",
  );
  assert.deepEqual(pre.labels, { severity: "warning", rule_id: "unusual_pre_validation_rate" });
  assert.equal(
    (pre.annotations as { summary: string }).summary,
    'Pre-validation pass rate {{ $value | printf "%.4g" }}% is outside 25%..50%',
  );
  const slow = alerts.find((a) => a.alert === "BuddyTrafficSlowSingleRequest")!;
  assert.deepEqual([slow.for, slow.keep_firing_for], ["0s", "15s"]);
  assert.equal((slow.labels as { severity: string }).severity, "critical");
});

Deno.test("the rules command refuses bad durations with one line", async () => {
  assert.throws(
    () => parseRulesOptions(["--interval", "soon"]),
    /--interval must be a duration.*'soon'/,
  );
  assert.throws(() => parseRulesOptions(["--window", "20s"]), /--window must be at least twice/);
  const bad = await runTask("rules", ["--interval", "1.5s", "--check"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --interval must be a whole number of seconds/);
  assert.equal(bad.stderr.includes("    at "), false);
});

Deno.test({
  name: "promtool check rules and promtool test rules pass on the shipped files",
  ignore: SKIP_PROMTOOL_TESTS,
  async fn() {
    const check = await promtool(["check", "rules", RULES_FILE], EXAMPLES);
    assert.equal(check.code, 0, check.report);
    assert.match(check.report, /SUCCESS: 19 rules found/);
    const test = await promtool(["test", "rules", RULES_TEST_FILE], EXAMPLES);
    assert.equal(test.code, 0, test.report);
    const config = await promtool(["check", "config", "--syntax-only", "prometheus.yml"], EXAMPLES);
    assert.equal(config.code, 0, config.report);
  },
});

Deno.test({
  name: "rules from a rules file with durations pass promtool, and the unit tests catch a change",
  ignore: SKIP_PROMTOOL_TESTS,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const rules = parseRules(
        JSON.stringify({
          rules: [
            { id: "high_error_rate", threshold: 2, for: "30s", keep_firing_for: "1m" },
            {
              id: "low_confidence",
              severity: "HIGH",
              metric: "confidence.mean",
              op: "<",
              threshold: 0.5,
            },
            {
              id: "slow_p99",
              severity: "MEDIUM",
              metric: "latency.p99",
              op: ">",
              threshold: 20,
              min_samples: 0,
            },
          ],
        }),
        "r.json",
      );
      const options = { intervalMs: 10_000, windowMs: 30_000 };
      await writeFiles(dir, exampleFiles(rules, options));
      const test = await promtool(["test", "rules", RULES_TEST_FILE], dir);
      assert.equal(test.code, 0, test.report);
      // The same tests against rules with another threshold must fail.
      const moved = rules.map((r) => r.id === "high_error_rate" ? { ...r, threshold: 5 } : r);
      await writeFiles(dir, { [RULES_FILE]: exampleFiles(moved, options)[RULES_FILE]! });
      const failed = await promtool(["test", "rules", RULES_TEST_FILE], dir);
      assert.equal(failed.code, 1, failed.report);
      assert.match(failed.report, /BuddyTrafficHighErrorRate/);
      // A recording rule computing a metric wrongly fails on the raw series.
      const wrong = exampleFiles(rules, options)[RULES_FILE]!.replace(
        '{outcome="error"}',
        '{outcome="blocked"}',
      );
      await writeFiles(dir, { [RULES_FILE]: wrong });
      const miscounted = await promtool(["test", "rules", RULES_TEST_FILE], dir);
      assert.equal(miscounted.code, 1, miscounted.report);
      assert.match(miscounted.report, /buddy_traffic_failed_requests|buddy_traffic_error_rate/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("deno task rules writes the folder, and --check exits 1 once a file differs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = await runTask("rules", ["--check"], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^Out of date \(run the command without --check\): examples\/prometheus\/buddy_traffic_rules\.yml, /,
    );
    const write = await runTask("rules", ["--interval", "30s", "--window", "2m"], { cwd: dir });
    assert.equal(write.code, 0, write.stderr);
    assert.equal(write.stdout, "Wrote 4 files to examples/prometheus: 9 rules\n");
    const rules = await Deno.readTextFile(join(dir, "examples/prometheus", RULES_FILE));
    assert.match(rules, /shard_instance:buddy_traffic_error_rate_percent:2m/);
    assert.match(rules, /interval: 30s/);
    assert.equal(
      (await runTask("rules", ["--check", "--interval", "30s", "--window", "2m"], { cwd: dir }))
        .code,
      0,
    );
    assert.equal((await runTask("rules", ["--check"], { cwd: dir })).code, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
