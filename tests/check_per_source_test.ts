/**
 * The `--check` gate per source: an alert firing for one file or shard alone
 * fails the gate (HIGH, or MEDIUM under `--strict`) even when the merged
 * range passes, and the finding names the source; unit and the real script.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { analyzeCheck, EXIT_CHECK_FAILED } from "../lib/analysis/check_analysis.ts";
import { buildDataset } from "../lib/analysis/metrics_dataset.ts";
import { runAnalyses } from "../lib/analysis/visualize_analysis.ts";
import { type AlertRule, DEFAULT_RULES } from "../lib/alerts/rules.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { shardDocument, type ShardOptions } from "./_shard_builders.ts";
import { runTask } from "./_tasks.ts";

const NOW = new Date("2026-01-01T00:01:00Z");
const STOPPED: ShardOptions = { status: { state: "stopped" } };

/** Three stopped shards; eu-2 approves 5 of 20 adversarial requests per report (75% blocked). */
function shards(): { path: string; doc: MetricsDocument }[] {
  return [
    { path: "store.kv shard eu-1", doc: shardDocument("run-eu-1", STOPPED) },
    {
      path: "store.kv shard eu-2",
      doc: shardDocument("run-eu-2", { ...STOPPED, adversarialApproved: 5 }),
    },
    { path: "store.kv shard us-1", doc: shardDocument("run-us-1", STOPPED) },
  ];
}

function check(
  sources: { path: string; doc: MetricsDocument }[],
  options: { strict?: boolean; rules?: readonly AlertRule[] } = {},
) {
  const out = runAnalyses(buildDataset(sources), {
    now: NOW,
    sections: [],
    check: true,
    ...options,
  });
  assert.ok(out.check);
  return out.check;
}

Deno.test("analyzeCheck() fails on a HIGH alert firing for one shard while the merged range passes", () => {
  const result = check(shards());
  // Merged: 15 of 240 adversarial requests approved, 93.75% blocked, above 90%.
  assert.ok(result.passed.includes("low_adversarial_blocking"));
  assert.deepEqual(result.findings, [{
    rule_id: "low_adversarial_blocking",
    severity: "HIGH",
    value: 75,
    message: "store.kv shard eu-2: Adversarial blocking 75% is below 90%",
    source: "store.kv shard eu-2",
  }]);
  assert.equal(result.exit_code, EXIT_CHECK_FAILED);
});

Deno.test("analyzeCheck() fails on a MEDIUM alert of one shard only under --strict", () => {
  // The default adversarial blocking rule, as a MEDIUM one.
  const blocking = DEFAULT_RULES.find((r) => r.id === "low_adversarial_blocking");
  assert.ok(blocking !== undefined);
  const rules: AlertRule[] = [{ ...blocking, id: "weak_blocking", severity: "MEDIUM" }];
  const lenient = check(shards(), { rules });
  assert.deepEqual(lenient.findings.map((f) => [f.severity, f.source]), [
    ["MEDIUM", "store.kv shard eu-2"],
  ]);
  assert.equal(lenient.exit_code, 0);
  assert.equal(check(shards(), { rules, strict: true }).exit_code, EXIT_CHECK_FAILED);
});

Deno.test("analyzeCheck() passes when no source fires alone", () => {
  const clean = shards();
  clean[1]!.doc = shardDocument("run-eu-2", STOPPED);
  const result = check(clean);
  assert.deepEqual(result.findings, []);
  assert.equal(result.exit_code, 0);
});

Deno.test("analyzeCheck() does not repeat a stale source as a firing alert of its own", () => {
  const list = shards();
  list[1]!.doc = shardDocument("run-eu-2", {
    status: { state: "running", updated_at: "2025-12-31T23:59:00.000Z" },
  });
  const result = check(list);
  assert.deepEqual(result.findings.map((f) => f.rule_id), ["stale_metrics"]);
});

Deno.test("analyzeCheck() without per-source rows judges the merged summary alone", () => {
  const doc = shardDocument("run-eu-2", { ...STOPPED, adversarialApproved: 5 });
  const result = analyzeCheck(doc.cumulative, []);
  assert.deepEqual(result.findings.map((f) => [f.rule_id, f.source]), [
    ["low_adversarial_blocking", undefined],
  ]);
});

Deno.test("visualize --check with two files fails on the bad one and names it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "check_per_source_" });
  try {
    const good = join(dir, "eu-1.json");
    const bad = join(dir, "eu-2.json");
    await Deno.writeTextFile(good, JSON.stringify(shardDocument("run-eu-1", STOPPED)));
    await Deno.writeTextFile(
      bad,
      JSON.stringify(shardDocument("run-eu-2", { ...STOPPED, adversarialApproved: 3 })),
    );
    const out = await runTask("visualize", ["--file", good, "--file", bad, "--check"], {
      flags: ["-A"],
    });
    const stdout = out.stdout;
    assert.equal(out.stderr, "");
    assert.equal(out.code, 1);
    assert.match(
      stdout,
      /^ {2}HIGH {3}low_adversarial_blocking: \S*eu-2\.json: Adversarial blocking 85% is below 90%$/m,
    );
    assert.doesNotMatch(stdout, /eu-1\.json: /);
    assert.match(stdout, /^FAIL: 1 HIGH alert holds \(exit 1\)$/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("visualize.ts --check fails on a source breaching a rule over its range in one report", async () => {
  const dir = await Deno.makeTempDir();
  // One report per file: no alert is firing yet ('for' needs more reports), yet the range of
  // b.json breaches (85 % success) while the merged range passes (95 %).
  const one = { ...STOPPED, reports: 1 };
  await Deno.writeTextFile(join(dir, "a.json"), JSON.stringify(shardDocument("run-a", one)));
  await Deno.writeTextFile(
    join(dir, "b.json"),
    JSON.stringify(shardDocument("run-b", { ...one, failed: 30 })),
  );
  await Deno.writeTextFile(join(dir, "c.json"), JSON.stringify(shardDocument("run-c", one)));
  const files = ["a.json", "b.json", "c.json"].flatMap((f) => ["--file", f]);
  const out = await runTask("visualize", [...files, "--check", "--no-color"], { cwd: dir });
  assert.equal(out.code, 1, out.stdout + out.stderr);
  assert.match(
    out.stdout,
    /HIGH\s+low_success_rate: b\.json: Success rate 85(\.0+)?% is below 90%/,
  );
  assert.doesNotMatch(out.stdout, /low_success_rate: Success rate/);
});
