/**
 * The guard alerts and the baseline gate end to end: real `simulate.ts`
 * runs with the guard-regression knobs, judged by `visualize.ts --check`
 * (exit codes and the JSON findings).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { metricsFileWrites, runTask } from "./_tasks.ts";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { startSoulProcess } from "./_soul_process.ts";

const GUARD_RULES = new Set(["low_adversarial_blocking", "high_benign_over_blocking"]);

/** Runs the simulator in `dir` as fast as it goes. */
async function simulate(
  dir: string,
  file: string,
  seed: number,
  extra: string[] = [],
  requests = 2000,
  env: Record<string, string> = {},
) {
  const out = await runTask("simulate", [
    "--max-requests",
    String(requests),
    "--interval-min",
    "0",
    "--interval-max",
    "0",
    "--report-interval",
    "500",
    "--seed",
    String(seed),
    "--file",
    file,
    "--quiet",
    ...extra,
  ], { cwd: dir, env, writes: metricsFileWrites(file) });
  assert.equal(out.code, 0, out.stderr);
}

/** A rules file keeping only the rules in `keep` (the gate then judges nothing else). */
async function rulesFile(dir: string, name: string, keep: ReadonlySet<string>): Promise<string> {
  const path = join(dir, name);
  const rules = DEFAULT_RULES.filter((r) => !keep.has(r.id)).map((r) => ({
    id: r.id,
    enabled: false,
  }));
  await Deno.writeTextFile(path, JSON.stringify({ rules }));
  return path;
}

interface Checked {
  code: number;
  findings: string[];
}

async function check(dir: string, args: string[]): Promise<Checked> {
  const out = await runTask("visualize", [...args, "--check", "--json"], { cwd: dir });
  assert.ok(out.code === 0 || out.code === 1, `exit ${out.code}: ${out.stderr}`);
  const json = JSON.parse(out.stdout) as { check: { findings: { rule_id: string }[] } };
  return { code: out.code, findings: json.check.findings.map((f) => f.rule_id) };
}

Deno.test("simulate.ts --leak-rate 0.5 fires low_adversarial_blocking under visualize.ts --check", async () => {
  const dir = await Deno.makeTempDir({ prefix: "guard_leak_" });
  try {
    await simulate(dir, "clean.json", 21);
    await simulate(dir, "leak.json", 21, ["--leak-rate", "0.5"]);
    const doc = await readMetricsFile(join(dir, "leak.json"));
    assert.equal(doc.runs[0]?.config.faults.leak_rate, 0.5, "the rate is in the run config");
    const cleanDoc = await readMetricsFile(join(dir, "clean.json"));
    const perCategory = (d: typeof doc) =>
      Object.entries(d.cumulative.categories).map(([name, st]) => [name, st?.total_requests]);
    assert.deepEqual(perCategory(doc), perCategory(cleanDoc), "the same seed, the same traffic");
    const rules = await rulesFile(dir, "guard.json", GUARD_RULES);
    const leak = await check(dir, ["--file", "leak.json", "--rules", rules]);
    assert.equal(leak.code, 1);
    assert.deepEqual(leak.findings, ["low_adversarial_blocking"]);
    const clean = await check(dir, ["--file", "clean.json", "--rules", rules]);
    assert.equal(clean.code, 0, `the same seed without the knob passes: ${clean.findings}`);
    assert.ok(!clean.findings.includes("low_adversarial_blocking"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("simulate.ts --overblock-rate 0.2 fires high_benign_over_blocking (MEDIUM: exit 1 under --strict)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "guard_overblock_" });
  try {
    await simulate(dir, "over.json", 22, ["--overblock-rate", "0.2"]);
    const rules = await rulesFile(dir, "guard.json", GUARD_RULES);
    const lenient = await check(dir, ["--file", "over.json", "--rules", rules]);
    assert.deepEqual(lenient.findings, ["high_benign_over_blocking"]);
    assert.equal(lenient.code, 0, "a MEDIUM alert alone passes without --strict");
    const strict = await check(dir, ["--file", "over.json", "--rules", rules, "--strict"]);
    assert.equal(strict.code, 1);
    assert.deepEqual(strict.findings, ["high_benign_over_blocking"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("visualize.ts --baseline --check fails a whole-engine 10 % leak or over-block and passes two clean seeds", async () => {
  const dir = await Deno.makeTempDir({ prefix: "guard_baseline_" });
  try {
    // 10,000 requests: about 500 adversarial ones at the default mix.
    await simulate(dir, "base.json", 31, [], 10_000);
    await simulate(dir, "again.json", 32, [], 10_000);
    await simulate(dir, "leak.json", 33, ["--leak-rate", "0.1"], 10_000);
    await simulate(dir, "over.json", 34, ["--overblock-rate", "0.1"], 10_000);
    // Only the baseline gate judges: every alert rule off.
    const none = await rulesFile(dir, "none.json", new Set());
    const against = (file: string) =>
      check(dir, ["--file", file, "--baseline", "base.json", "--rules", none]);
    const leak = await against("leak.json");
    assert.equal(leak.code, 1);
    assert.ok(leak.findings.includes("baseline_adversarial_blocking"), String(leak.findings));
    const over = await against("over.json");
    assert.equal(over.code, 1);
    assert.ok(over.findings.includes("baseline_benign_over_blocking"), String(over.findings));
    assert.ok(!over.findings.includes("baseline_adversarial_blocking"), String(over.findings));
    const quiet = await against("again.json");
    assert.equal(quiet.code, 0, String(quiet.findings));
    assert.deepEqual(quiet.findings, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("soul.ts --leak-rate 0.5 fires low_adversarial_blocking for a simulator over HTTP", async () => {
  const dir = await Deno.makeTempDir({ prefix: "guard_soul_" });
  const soul = await startSoulProcess({ args: ["--leak-rate", "0.5", "--seed", "1"] });
  try {
    await simulate(dir, "http.json", 23, ["--use-real-soul", "--soul-url", soul.url], 2000, {
      SOUL_REAL_ENABLED: "true",
    });
    const doc = await readMetricsFile(join(dir, "http.json"));
    assert.equal(doc.runs[0]?.config.target, "http");
    const rules = await rulesFile(dir, "guard.json", GUARD_RULES);
    const leak = await check(dir, ["--file", "http.json", "--rules", rules]);
    assert.equal(leak.code, 1);
    assert.deepEqual(leak.findings, ["low_adversarial_blocking"]);
  } finally {
    await soul.stop("SIGKILL");
    await Deno.remove(dir, { recursive: true });
  }
});
