import assert from "node:assert/strict";
import { join } from "node:path";
import { planRun } from "../lib/simulate/run_plan.ts";
import { parseSimulatorOptions } from "../lib/simulate/simulate_options.ts";
import { UsageError } from "../lib/cli/usage_error.ts";
import { runTask, type TaskResult } from "./_tasks.ts";

const FILE = "buddy_traffic_metrics.json";
const NO_ENV = { get: () => undefined };

/** The test's environment without the Soul and token settings, plus `extra`. */
function environment(extra: Record<string, string> = {}): Record<string, string> {
  const env = Deno.env.toObject();
  for (const key of ["SOUL_REAL_ENABLED", "SOUL_API_URL", "BUDDY_TRAFFIC_TOKEN"]) delete env[key];
  return { ...env, NO_COLOR: "1", ...extra };
}

/** Runs the `simulate` task's script with its permissions in `cwd` until it exits. */
function simulate(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runTask("simulate", args, {
    cwd,
    env: environment(env),
    clearEnv: true,
    signal: AbortSignal.timeout(30_000),
  });
}

/** Asserts exit code 2 and one `error:` line (maybe with a hint) matching `pattern`, no stack. */
function assertUsageError(r: TaskResult, pattern: RegExp, label: string): void {
  assert.equal(r.code, 2, `${label}: ${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.match(lines[0] ?? "", /^error: /, `${label}: ${r.stderr}`);
  assert.match(lines[0] ?? "", pattern, `${label}: ${r.stderr}`);
  assert.equal(lines.filter((l) => l.startsWith("error:")).length, 1, `${label}: ${r.stderr}`);
  assert.ok(lines.length <= 2, `${label}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, label);
}

/** The name, size and SHA-256 of every file in `dir`. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    const bytes = await Deno.readFile(join(dir, entry.name));
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    files.set(entry.name, `${bytes.length} bytes, sha-256 ${hex}`);
  }
  return files;
}

/** A directory holding the bad inputs the tests name. */
async function inputs(): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "empty.jsonl"), "");
  await Deno.writeTextFile(join(dir, "bad.jsonl"), '{"input": "ok"}\n{"input": 5}\n');
  await Deno.writeTextFile(join(dir, "unknown.flags"), "SOUL_REAL_ENABLED=true\nNOPE=1\n");
  await Deno.writeTextFile(
    join(dir, "badurl.flags"),
    "SOUL_REAL_ENABLED=true\nSOUL_API_URL=soul:8787\n",
  );
  await Deno.writeTextFile(join(dir, "corrupt.json"), '{"schema": "buddy-traffic/metrics", "sch');
  return dir;
}

Deno.test("simulate.ts --serve 99999 --flags nope.json names the port in one line with exit code 2", async () => {
  const dir = await Deno.makeTempDir();
  const r = await simulate(dir, ["--serve", "99999", "--flags", "nope.json"]);
  assertUsageError(r, /--serve/, "--serve 99999");
  assert.match(
    r.stderr,
    /^error: Cannot use --serve as the port must be an integer from 0 to 65535: current value is '99999'\n/,
  );
  assert.doesNotMatch(r.stderr, /nope\.json/);
  assert.deepEqual([...(await snapshot(dir)).keys()], []);
});

Deno.test("simulate.ts leaves an existing metrics file byte for byte untouched when an option is bad", async () => {
  const dir = await inputs();
  const first = await simulate(dir, ["--max-requests", "20", "--seed", "3", "--quiet"]);
  assert.equal(first.code, 0, first.stderr);
  const before = await snapshot(dir);
  assert.ok(before.has(FILE));
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [["--serve", "99999"], /--serve.*'99999'/],
      [["--serve", "0.0.0.0:0"], /Cannot serve on '0\.0\.0\.0' without a token/],
      [["--serve", `127.0.0.1:${busy.addr.port}`], /already in use/],
      [["--flags", "nope.json"], /--flags 'nope\.json' as it does not exist/],
      [["--flags", "unknown.flags"], /'NOPE' is not a known setting/],
      [["--use-real-soul", "--flags", "badurl.flags"], /SOUL_API_URL \(flags file\)/],
      [["--corpus", "empty.jsonl"], /--corpus: .*no entries/],
      [["--corpus", "bad.jsonl"], /bad\.jsonl:2/],
      [["--soul-url", "ftp://soul"], /--soul-url.*'ftp:\/\/soul'/],
      [[], /SOUL_API_URL.*'soul:8787'/, { SOUL_API_URL: "soul:8787" }],
      [["--max-requests", "0"], /--max-requests/],
    ];
    for (const [args, pattern, env] of cases) {
      for (const fresh of [[], ["--fresh"]]) {
        const all = ["--max-requests", "10", "--quiet", ...fresh, ...args];
        const r = await simulate(dir, all, env);
        assertUsageError(r, pattern, all.join(" "));
        assert.deepEqual(await snapshot(dir), before, all.join(" "));
      }
    }
  } finally {
    busy.close();
  }
});

Deno.test("simulate.ts checks the options in the documented order, whatever the command line's", async () => {
  const dir = await inputs();
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = `127.0.0.1:${busy.addr.port}`;
  try {
    const cases: [string[], RegExp][] = [
      // The flags' own values first.
      [["--flags", "nope.json", "--serve", "99999"], /--serve.*'99999'/],
      [["--corpus", "nope.jsonl", "--soul-url", "ftp://soul"], /--soul-url/],
      // Then --corpus, then --flags.
      [["--flags", "nope.json", "--corpus", "nope.jsonl"], /--corpus.*nope\.jsonl/],
      // Then the target settings, then --serve binding, then the store.
      [["--file", "corrupt.json", "--flags", "nope.json"], /--flags 'nope\.json'/],
      [["--file", "corrupt.json", "--use-real-soul", "--flags", "badurl.flags"], /SOUL_API_URL/],
      [["--file", "corrupt.json", "--serve", port], /already in use/],
      [["--file", "corrupt.json", "--serve", "0"], /corrupt\.json/],
    ];
    for (const [args, pattern] of cases) {
      const r = await simulate(dir, ["--max-requests", "10", "--quiet", ...args]);
      assertUsageError(r, pattern, args.join(" "));
    }
  } finally {
    busy.close();
  }
  assert.equal(
    await Deno.readTextFile(join(dir, "corrupt.json")),
    '{"schema": "buddy-traffic/metrics", "sch',
  );
  assert.equal(await Deno.stat(join(dir, FILE)).catch(() => null), null);
});

Deno.test("simulate.ts --cron checks the corpus and the flags file at start, not at the first firing", async () => {
  const dir = await inputs();
  const cron = ["--cron", "0 * * * *", "--max-requests", "10"];
  const corpus = await simulate(dir, [...cron, "--corpus", "empty.jsonl"]);
  assertUsageError(corpus, /--corpus: .*no entries/, "--corpus");
  const flags = await simulate(dir, [...cron, "--flags", "nope.json"]);
  assertUsageError(flags, /--flags 'nope\.json'/, "--flags");
  assert.equal(await Deno.stat(join(dir, FILE)).catch(() => null), null);
});

Deno.test("planRun() reads the corpus and resolves the target from the flags file", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "c.jsonl"), '{"input": "hello"}\n{"input": "bye"}\n');
  await Deno.writeTextFile(
    join(dir, "f.flags"),
    "SOUL_REAL_ENABLED=true\nSOUL_API_URL=http://127.0.0.1:9/x/\n",
  );
  const options = parseSimulatorOptions([
    "--corpus",
    join(dir, "c.jsonl"),
    "--flags",
    join(dir, "f.flags"),
    "--use-real-soul",
    "--serve",
    "[::1]:8080",
  ]);
  const plan = await planRun(options, NO_ENV);
  assert.deepEqual(plan.corpus?.map((e) => e.input), ["hello", "bye"]);
  assert.deepEqual(plan.choice, {
    setting: { kind: "http", url: "http://127.0.0.1:9/x" },
    serviceUrl: "http://127.0.0.1:9/x",
  });
  assert.deepEqual(plan.listen, { hostname: "::1", port: 8080 });
  assert.equal(plan.options, options);
});

Deno.test("planRun() keeps the configured service URL while the reference engine runs", async () => {
  const plan = await planRun(parseSimulatorOptions(["--soul-url", "http://127.0.0.1:7/"]), NO_ENV);
  assert.equal(plan.corpus, null);
  assert.equal(plan.listen, null);
  assert.deepEqual(plan.choice, {
    setting: { kind: "reference" },
    serviceUrl: "http://127.0.0.1:7",
  });
});

Deno.test("planRun() rejects a missing corpus before the flags file, as a UsageError", async () => {
  const options = parseSimulatorOptions([
    "--flags",
    "/nonexistent/f",
    "--corpus",
    "/nonexistent/c",
  ]);
  await assert.rejects(
    () => planRun(options, NO_ENV),
    (error) => error instanceof UsageError && /^Cannot use --corpus: /.test(error.message),
  );
});
