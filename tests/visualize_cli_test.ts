/**
 * The visualizer end to end: golden text output of each analysis on the
 * fixed-seed fixture (in-process), and the real script as a subprocess for
 * exit codes, bad input, `--check`, `--json`, merging and colour rules.
 *
 * Regenerate the fixture and goldens with
 * `UPDATE_GOLDEN=1 deno test -A tests/visualize_cli_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { VisualizeIo } from "../lib/visualize/run_visualize.ts";
import { buildDocument } from "./_builders.ts";
import { documentOf, reportsOf } from "./_report_builders.ts";
import {
  buildVisualizeFixture,
  type CapturedVisualize,
  captureVisualize,
  FIXTURE_PATH,
} from "./_visualize_fixture.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { runTask, type TaskOptions } from "./_tasks.ts";

const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";

if (UPDATE) {
  await Deno.writeTextFile(FIXTURE_PATH, JSON.stringify(buildVisualizeFixture()));
}

const FIXTURE_DOC = JSON.parse(await Deno.readTextFile(FIXTURE_PATH)) as MetricsDocument;
/** One second after the fixture's last update: analyses do not depend on the wall clock. */
const NOW = new Date(Date.parse(FIXTURE_DOC.status.updated_at) + 1000);

function visualize(args: string[], io: Partial<VisualizeIo> = {}): Promise<CapturedVisualize> {
  return captureVisualize(args, NOW, io);
}

async function golden(name: string, actual: string): Promise<void> {
  const path = `tests/testdata/visualize_${name}.txt`;
  if (UPDATE) await Deno.writeTextFile(path, actual);
  const expected = await Deno.readTextFile(path);
  assert.equal(actual, expected, `output differs from ${path} (UPDATE_GOLDEN=1 to accept)`);
}

const GOLDENS: [string, string[]][] = [
  ["summary", ["--summary"]],
  ["trends", ["--trends"]],
  ["categories", ["--categories", "--families"]],
  ["errors", ["--errors"]],
  ["check", ["--check", "--strict"]],
  ["last3", ["--all", "--last", "3"]],
];

for (const [name, args] of GOLDENS) {
  Deno.test(`visualize ${args.join(" ")} matches its golden output`, async () => {
    const out = await visualize(["--file", FIXTURE_PATH, "--no-color", ...args]);
    await golden(name, out.stdout);
    assert.equal(out.code, args.includes("--check") ? 1 : 0);
  });
}

Deno.test("visualize prints nothing from the file raw: no escape, bidi or control character", async () => {
  const out = await visualize(["--file", FIXTURE_PATH, "--all", "--families", "--check"]);
  // Finding control characters is the point of this pattern.
  // deno-lint-ignore no-control-regex
  const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  assert.doesNotMatch(out.stdout, unsafe);
  assert.match(out.stdout, /TypeError: <U\+001B>\[<n>mRED/);
  assert.match(out.stdout, /safe<U\+202E>txt\.exe<U\+202C>/);
});

Deno.test("visualize colours only on a terminal and never with NO_COLOR or --no-color", async () => {
  const args = ["--file", FIXTURE_PATH, "--summary"];
  assert.ok((await visualize(args, { isTerminal: true })).stdout.includes("\x1b[32m"));
  assert.ok(!(await visualize(args, { isTerminal: false })).stdout.includes("\x1b["));
  assert.ok(
    !(await visualize(args, { isTerminal: true, noColorEnv: true })).stdout.includes("\x1b["),
  );
  assert.ok(
    !(await visualize([...args, "--no-color"], { isTerminal: true })).stdout.includes("\x1b["),
  );
});

Deno.test("visualize --json prints the same analyses as one JSON document", async () => {
  const out = await visualize(["--file", FIXTURE_PATH, "--json", "--check"]);
  const doc = JSON.parse(out.stdout);
  assert.equal(doc.kind, "buddy-traffic/analysis");
  assert.equal(doc.summary.summary.total_requests, 2400);
  assert.equal(doc.categories.categories.length, 8);
  assert.equal(doc.trends.points.length, 12);
  assert.equal(doc.trends.points[0].report.total_requests, 200);
  assert.equal(doc.trends.points[0].report.stats, undefined, "raw aggregates stay out of --json");
  assert.equal(doc.errors.groups[0].type, "timeout");
  assert.equal(doc.check.exit_code, 1);
  assert.equal(out.code, 1);
});

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "visualize_cli_" });
}

function clean(): MetricsDocument {
  const doc = buildDocument({ seed: 11, reports: 4, requestsPerReport: 200, errorRate: 0 });
  doc.status.state = "stopped";
  return doc;
}

Deno.test("visualize merges files given by a wildcard and says what it merged", async () => {
  const dir = await tempDir();
  try {
    const a = buildDocument({ seed: 1, reports: 3, runId: "run-a", errorRate: 0 });
    const b = buildDocument({ seed: 2, reports: 3, runId: "run-b", errorRate: 0 });
    a.status.state = "stopped";
    b.status.state = "stopped";
    await Deno.writeTextFile(join(dir, "shard-1.json"), JSON.stringify(a));
    await Deno.writeTextFile(join(dir, "shard-2.json"), JSON.stringify(b));
    const out = await visualize(["--file", join(dir, "shard-*.json"), "--summary", "--no-color"]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Merged 2 files exactly/);
    assert.match(out.stdout, /shard-1\.json \(3 reports, 1,500 requests, run run-a\)/);
    assert.match(out.stdout, /Requests +3,000 \(3,000 ok, 0 failed\)/);
    const none = await visualize(["--file", join(dir, "nothing-*.json")]);
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^error: Cannot expand --file '.*nothing-\*\.json': no file matches\n/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("visualize --check exits 0 on a healthy file and 1 with the reason on a breach", async () => {
  const dir = await tempDir();
  try {
    const ok = join(dir, "ok.json");
    await Deno.writeTextFile(ok, JSON.stringify(clean()));
    const pass = await visualize(["--file", ok, "--check", "--no-color"]);
    assert.equal(pass.code, 0, pass.stdout);
    assert.match(pass.stdout, /PASS: no HIGH alert holds/);

    const bad = join(dir, "bad.json");
    const breach = documentOf(reportsOf([{ failed: 20 }, { failed: 20 }]), { state: "stopped" });
    await Deno.writeTextFile(bad, JSON.stringify(breach));
    const fail = await visualize(["--file", bad, "--check", "--no-color"]);
    assert.equal(fail.code, 1);
    assert.match(fail.stdout, /HIGH +low_success_rate: Success rate 80% is below 90%/);
    assert.match(fail.stdout, /FAIL: 1 HIGH alert holds \(exit 1\)/);

    const medium = join(dir, "medium.json");
    const warn = documentOf(reportsOf([{ failed: 7 }, { failed: 7 }]), { state: "stopped" });
    await Deno.writeTextFile(medium, JSON.stringify(warn));
    assert.equal((await visualize(["--file", medium, "--check"])).code, 0);
    const strict = await visualize(["--file", medium, "--check", "--strict", "--no-color"]);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /MEDIUM high_error_rate: Error rate 7% is above 5%/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("visualize --check fails on a running file that stopped being updated", async () => {
  const dir = await tempDir();
  try {
    const doc = clean();
    doc.status.state = "running";
    const path = join(dir, "stale.json");
    await Deno.writeTextFile(path, JSON.stringify(doc));
    const later = new Date(Date.parse(doc.status.updated_at) + 3600_000);
    const out = await visualize(["--file", path, "--check", "--no-color"], { now: () => later });
    assert.equal(out.code, 1);
    assert.match(
      out.stdout,
      /HIGH +stale_metrics: No update to '.*stale\.json' for 1h 00m while the simulator is marked running/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("visualize --html writes one self-contained page and prints no section unless asked", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "report.html");
    const out = await visualize(["--file", FIXTURE_PATH, "--html", path, "--check"]);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /Wrote HTML report to .*report\.html/);
    assert.doesNotMatch(out.stdout, /== Summary ==/);
    assert.match(out.stdout, /== Check ==/);
    const html = await Deno.readTextFile(path);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<table id="category-table">/);
    assert.match(html, /<p id="check" class="bad">FAIL<\/p>/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("visualize --rules overrides thresholds and disables rules by id", async () => {
  const dir = await tempDir();
  try {
    const rules = join(dir, "rules.json");
    await Deno.writeTextFile(
      rules,
      JSON.stringify({
        rules: [{ id: "unhandled_exceptions", enabled: false }, {
          id: "high_error_rate",
          threshold: 0.5,
        }],
      }),
    );
    const args = ["--file", FIXTURE_PATH, "--check", "--no-color", "--rules", rules];
    const lenient = await visualize(args);
    assert.equal(lenient.code, 0);
    assert.match(lenient.stdout, /MEDIUM high_error_rate: Error rate 0.92% is above 0.5%/);
    assert.equal((await visualize([...args, "--strict"])).code, 1);
    await Deno.writeTextFile(rules, '{"rules": 3}');
    const bad = await visualize(args);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: Cannot read rules file '.*rules\.json'/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const BAD_INPUTS: [string, string | null, RegExp][] = [
  ["missing", null, /file not found/],
  ["empty", "", /file is empty/],
  ["truncated", '{"schema": "buddy-traffic/metrics", "runs": [', /file ends mid-document/],
  ["not json", "hello", /not valid JSON: unexpected character at line 1, column 1/],
  ["foreign", '{"name": "package", "version": "1.0.0"}', /not a buddy-traffic metrics file/],
  [
    "version",
    '{"schema": "buddy-traffic/metrics", "schema_version": 99}',
    /schema version 99/,
  ],
];

for (const [name, text, message] of BAD_INPUTS) {
  Deno.test(`visualize rejects a ${name} file with one line and exit code 2`, async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "m.json");
      if (text !== null) await Deno.writeTextFile(path, text);
      const out = await visualize(["--file", path]);
      assert.equal(out.code, 2);
      assert.equal(out.stdout, "");
      assert.equal(out.stderr.split("\n").filter((l) => l !== "").length, 1, out.stderr);
      assert.match(out.stderr, /^error: Cannot read metrics file '.*m\.json': /);
      assert.match(out.stderr, message);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("visualize rejects wrong value types with the field named", async () => {
  const dir = await tempDir();
  try {
    const doc = structuredClone(clean()) as unknown as { reports: { success_rate: unknown }[] };
    doc.reports[1]!.success_rate = "high";
    const path = join(dir, "types.json");
    await Deno.writeTextFile(path, JSON.stringify(doc));
    const out = await visualize(["--file", path]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /^error: Cannot read metrics file .*reports\[1\]/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("visualize warns about missing reports and still analyses the file", async () => {
  const dir = await tempDir();
  try {
    const doc = clean();
    doc.reports = [doc.reports[0]!, doc.reports[2]!, doc.reports[3]!];
    const path = join(dir, "gaps.json");
    await Deno.writeTextFile(path, JSON.stringify(doc));
    const out = await visualize(["--file", path, "--no-color"]);
    assert.equal(out.code, 0);
    assert.match(out.stderr, /^warning: .*gaps\.json: reports\[1\]: report ids jump from 1 to 3/);
    assert.match(out.stdout, /Requests +600 /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const BAD_FLAGS: [string[], string][] = [
  [["--bogus"], "error: Unknown flag '--bogus'"],
  [
    ["--last", "0"],
    "error: Cannot use --last as it must be a whole number >= 1: current value is '0'",
  ],
  [
    ["--last", "x"],
    "error: Cannot use --last as it must be a whole number >= 1: current value is 'x'",
  ],
  [
    ["--since", "soon"],
    "error: Cannot use --since as 'soon' is neither a duration (30m, 2h, 1d) nor an ISO time",
  ],
  [["--strict"], "error: Cannot use --strict without --check"],
  [["--file"], "error: Flag '--file' needs a value"],
];

for (const [args, message] of BAD_FLAGS) {
  Deno.test(`visualize ${args.join(" ")} is a usage error (exit code 2)`, async () => {
    const out = await visualize(args);
    assert.equal(out.code, 2);
    assert.equal(out.stderr, `${message}\nhint: run 'deno task visualize --help' for usage\n`);
  });
}

/** The visualizer with read access only, not the task's write and env grants. */
const READ_ONLY: TaskOptions = { flags: ["--allow-read"] };

Deno.test("the real script exits 2 with one line and no stack trace on a missing file", async () => {
  const out = await runTask("visualize", ["--file", "does/not/exist.json"], READ_ONLY);
  assert.equal(out.code, 2);
  assert.equal(
    out.stderr,
    "error: Cannot read metrics file 'does/not/exist.json': file not found (is the simulator running, and writing to this path?)\n",
  );
});

Deno.test("the real script with read access only writes no file and gates with exit 1", async () => {
  const out = await runTask("visualize", ["--file", FIXTURE_PATH, "--check", "--all"], {
    ...READ_ONLY,
    env: { NO_COLOR: "" },
  });
  const stdout = out.stdout;
  assert.equal(out.code, 1);
  assert.ok(!stdout.includes("\x1b["), "no colour when stdout is not a terminal");
  assert.match(stdout, /FAIL: 1 HIGH alert holds \(exit 1\)/);
});

Deno.test("visualize --html needs write access to the target and says so", async () => {
  const out = await runTask("visualize", ["--file", FIXTURE_PATH, "--html", "r.html"], READ_ONLY);
  assert.equal(out.code, 2);
  assert.equal(
    out.stderr.split("\n")[0],
    "error: Cannot write HTML report 'r.html': permission denied: run with --allow-write=r.html",
  );
});

Deno.test("--errors alone gives the failed share over all requests, as --all does", async () => {
  const failedLine = (text: string) => /^Failed [\d,]+ of [\d,]+ \([\d.]+%\)/m.exec(text)?.[0];
  const alone = await runTask("visualize", ["--file", FIXTURE_PATH, "--errors"], READ_ONLY);
  const all = await runTask("visualize", ["--file", FIXTURE_PATH, "--all"], READ_ONLY);
  assert.ok(failedLine(all.stdout) !== undefined, all.stdout);
  assert.equal(failedLine(alone.stdout), failedLine(all.stdout));
  assert.doesNotMatch(failedLine(alone.stdout) ?? "", /\(100\.00%\)/);
});
