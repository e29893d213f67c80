/**
 * The visualizer's per-source breakdown end to end: the real script reads
 * three shard files and prints a row per shard (text, `--json`, `--html`),
 * the shard with bad adversarial blocking marked firing while the merged
 * view is clean; one file prints no breakdown.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { shardDocument, type ShardOptions } from "./_shard_builders.ts";
import { runTask } from "./_tasks.ts";

async function writeShards(dir: string): Promise<string[]> {
  const stopped: ShardOptions = { status: { state: "stopped" } };
  const docs: [string, MetricsDocument][] = [
    ["eu-1.json", shardDocument("run-eu-1", stopped)],
    ["eu-2.json", shardDocument("run-eu-2", { ...stopped, adversarialApproved: 5 })],
    ["us-1.json", shardDocument("run-us-1", stopped)],
  ];
  const paths: string[] = [];
  for (const [name, doc] of docs) {
    const path = join(dir, name);
    await Deno.writeTextFile(path, JSON.stringify(doc));
    paths.push(path);
  }
  return paths;
}

async function visualize(args: string[]): Promise<{ code: number; stdout: string }> {
  const out = await runTask("visualize", args, { flags: ["-A"] });
  assert.doesNotMatch(out.stderr, /error|warning/i, "no error or warning");
  return { code: out.code, stdout: out.stdout };
}

Deno.test("visualize with three files prints a per-source row for each, the bad one marked", async () => {
  const dir = await Deno.makeTempDir({ prefix: "visualize_per_source_" });
  try {
    const [eu1, eu2, us1] = await writeShards(dir);
    const files = [eu1!, eu2!, us1!].flatMap((p) => ["--file", p]);
    const text = await visualize([...files, "--summary"]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Active alerts: none$/m);
    const table = text.stdout.slice(text.stdout.indexOf("== Per source =="));
    const rows = table.split("\n").slice(2, 5);
    assert.equal(rows.length, 3);
    assert.match(
      rows[0]!,
      /^ {3}\S*eu-1\.json +stopped +4 +800 +100\.0% +54\.0% +35\.0% +100\.0% +0\.0% +0\.500 +100 Excellent +none$/,
    );
    assert.match(
      rows[1]!,
      /^! {2}\S*eu-2\.json +stopped +4 +800 +100\.0% +56\.5% +35\.0% +75\.0%\* +0\.0% +0\.500 +93 Good +HIGH firing low_adversarial_blocking$/,
    );
    assert.match(rows[2]!, /^ {3}\S*us-1\.json .* none$/);

    const last = await visualize([...files, "--summary", "--last", "1"]);
    // One report each: the breach has held for one report (`for: 2`), so it is pending, not firing.
    assert.match(
      last.stdout,
      /^ {2}\S*eu-2\.json +stopped +1 +200 .* HIGH pending low_adversarial_blocking$/m,
    );

    const json = await visualize([...files, "--json"]);
    const rowsJson = JSON.parse(json.stdout).summary.per_source;
    assert.deepEqual(
      rowsJson.map((r: { requests: number; adversarial_block_rate: number; firing: number }) => [
        r.requests,
        r.adversarial_block_rate,
        r.firing,
      ]),
      [[800, 100, 0], [800, 75, 1], [800, 100, 0]],
    );

    const html = join(dir, "report.html");
    const page = await visualize([...files, "--summary", "--html", html]);
    assert.equal(page.code, 0);
    const body = await Deno.readTextFile(html);
    assert.match(body, /<table id="per-source-table">/);
    assert.equal(body.match(/<tr class="bad">/g)?.length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("visualize with one file prints no per-source table", async () => {
  const dir = await Deno.makeTempDir({ prefix: "visualize_per_source_" });
  try {
    const [eu1] = await writeShards(dir);
    const out = await visualize(["--file", eu1!, "--summary"]);
    assert.equal(out.code, 0);
    assert.match(out.stdout, /== Summary ==/);
    assert.equal(out.stdout.includes("Per source"), false);
    const json = JSON.parse((await visualize(["--file", eu1!, "--json"])).stdout);
    assert.equal(json.summary.per_source, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
