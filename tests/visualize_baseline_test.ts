/**
 * `visualize.ts --baseline`, run in-process over built run pairs: the text
 * section, `--json`, the HTML report, the `--check` exit code and bad input.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type CapturedVisualize, captureVisualize } from "./_visualize_fixture.ts";
import { guardDocument, LEAKING_FAMILY } from "./_baseline_builders.ts";
import { parseVisualizeOptions } from "../lib/visualize/visualize_options.ts";

function visualize(args: string[]): Promise<CapturedVisualize> {
  return captureVisualize(args, new Date(Date.UTC(2026, 10, 26)));
}

/** Writes a baseline (seed 1), a clean run (seed 2) and a run leaking in one family (seed 3). */
async function runPair(): Promise<{ dir: string; base: string; clean: string; leak: string }> {
  const dir = await Deno.makeTempDir({ prefix: "visualize_baseline_" });
  const write = async (name: string, doc: unknown) => {
    const path = join(dir, name);
    await Deno.writeTextFile(path, JSON.stringify(doc));
    return path;
  };
  return {
    dir,
    base: await write("base.json", guardDocument({ seed: 1 })),
    clean: await write("clean.json", guardDocument({ seed: 2 })),
    leak: await write("leak.json", guardDocument({ seed: 3, leakPoints: 10 })),
  };
}

const { dir, base, clean, leak } = await runPair();
const family = `adversarial/${LEAKING_FAMILY}`;
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

Deno.test("parseVisualizeOptions() reads --baseline, repeated, and rejects an empty one", () => {
  assert.deepEqual(parseVisualizeOptions(["--baseline", "a.json", "--baseline=b.json"]).baseline, [
    "a.json",
    "b.json",
  ]);
  assert.deepEqual(parseVisualizeOptions([]).baseline, []);
  assert.throws(() => parseVisualizeOptions(["--baseline", " "]), /Cannot use --baseline/);
});

Deno.test("visualize --baseline --check exits 1 on a leak confined to one family, naming it", async () => {
  const out = await visualize(["--file", leak, "--baseline", base, "--check", "--no-color"]);
  assert.equal(out.code, 1, out.stderr);
  assert.match(out.stdout, /== Compared with the baseline ==/);
  assert.match(out.stdout, new RegExp(`${family} +adversarial blocked .* regressed`));
  assert.match(out.stdout, /HIGH {3}baseline_adversarial_blocking: adversarial\/role_play:/);
  assert.match(
    out.stdout,
    /Guard regression: .*adversarial\/role_play: adversarial blocked 97\.3% -> 86\.9%/,
  );
});

Deno.test("visualize --baseline --check passes between two seeds of the same engine", async () => {
  const out = await visualize(["--file", clean, "--baseline", base, "--check", "--no-color"]);
  assert.equal(out.code, 0, out.stdout);
  assert.match(out.stdout, /No significant guard regression/);
  assert.doesNotMatch(out.stdout, /baseline_(adversarial|benign)/);
  assert.doesNotMatch(out.stdout, / regressed\n/);
});

Deno.test("visualize --baseline --json carries every row with its test", async () => {
  const out = await visualize(["--file", leak, "--baseline", base, "--json"]);
  assert.equal(out.code, 0, "no gate without --check");
  const json = JSON.parse(out.stdout);
  const b = json.baseline;
  assert.equal(b.correction, "holm-bonferroni");
  assert.equal(b.alpha, 0.05);
  assert.deepEqual(b.files.map((f: { path: string }) => f.path), [base]);
  const row = b.rates.find((r: { group: string; metric: string }) =>
    r.group === family && r.metric === "adversarial_blocking"
  );
  assert.equal(row.verdict, "regressed");
  assert.ok(row.z < -4 && row.p_adjusted < 0.05, JSON.stringify(row));
  assert.ok(b.latency.some((r: { quantile: string }) => r.quantile === "p99"));
});

Deno.test("visualize --baseline --html draws both tables and the verdict", async () => {
  const html = join(dir, "report.html");
  const out = await visualize(["--file", leak, "--baseline", base, "--html", html]);
  assert.equal(out.code, 0, out.stderr);
  const page = await Deno.readTextFile(html);
  assert.match(page, /<h2>Compared with the baseline<\/h2>/);
  assert.match(page, /id="baseline-rate-table"/);
  assert.match(page, /id="baseline-latency-table"/);
  assert.match(page, /<p id="baseline-verdict" class="bad">Guard regression:/);
  assert.match(page, /<td class="text bad">regressed<\/td>/);
});

Deno.test("visualize --baseline with a missing file exits 2 with a one-line error", async () => {
  const out = await visualize(["--file", clean, "--baseline", join(dir, "nope.json")]);
  assert.equal(out.code, 2);
  assert.equal(out.stderr.trim().split("\n")[0]?.startsWith("error: "), true, out.stderr);
  assert.doesNotMatch(out.stderr, /at .*\.ts:\d+/);
});

Deno.test("visualize --baseline with a wildcard matching nothing names the flag", async () => {
  const out = await visualize(["--file", clean, "--baseline", join(dir, "none-*.json")]);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /^error: Cannot expand --baseline '.*none-\*\.json': no file matches\n/);
});

Deno.test("visualize --baseline loads a file written before the guard knobs existed", async () => {
  const old = JSON.parse(await Deno.readTextFile(base));
  for (const run of old.runs) {
    delete run.config.faults.leak_rate;
    delete run.config.faults.overblock_rate;
  }
  const path = join(dir, "old.json");
  await Deno.writeTextFile(path, JSON.stringify(old));
  const out = await visualize(["--file", clean, "--baseline", path, "--check", "--no-color"]);
  assert.equal(out.stderr, "");
  assert.match(out.stdout, /No significant guard regression/);
});
