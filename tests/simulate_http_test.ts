/**
 * End-to-end runs of `simulate.ts` against the reference Soul server
 * (`soul.ts`) over HTTP on loopback: both are child processes, the simulator
 * with the `simulate` task's own permissions and a temporary directory as
 * its working directory.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import type { StatsData } from "../lib/model/stats_data.ts";
import { type SoulProcess, startSoulProcess, withTimeout } from "./_soul_process.ts";
import { runTask, taskFlags, type TaskOptions, TaskProcess } from "./_tasks.ts";

const FILE = "buddy_traffic_metrics.json";

/** Fast bounded traffic: at most 1 ms between requests. */
const FAST = ["--interval-min", "0", "--interval-max", "1"];
/** Steady traffic for runs stopped by the test: about 600 requests a second, 100 per report. */
const STEADY = [
  "--interval-min",
  "1",
  "--interval-max",
  "2",
  "--no-adaptive",
  "--report-interval",
  "100",
  "--duration",
  "40s",
  "--timeout-ms",
  "1000",
];
/** No run may take longer than this. */
const RUN_LIMIT_MS = 40_000;
/** No wait for a condition may take longer than this. */
const WAIT_LIMIT_MS = 20_000;

const NOTICE = "--use-real-soul ignored: SOUL_REAL_ENABLED is not true; using the reference engine";

/** The test's environment without the Soul settings, plus the given variables. */
function environment(extra: Record<string, string> = {}): Record<string, string> {
  const env = Deno.env.toObject();
  for (const key of ["SOUL_REAL_ENABLED", "SOUL_API_URL", "BUDDY_TRAFFIC_TOKEN"]) delete env[key];
  return { ...env, NO_COLOR: "1", ...extra };
}

const REAL = { SOUL_REAL_ENABLED: "true" };

/** Runs the `simulate` task's script in `cwd` with only {@linkcode environment}(`env`), bounded in time. */
function runOptions(cwd: string, env: Record<string, string>): TaskOptions {
  return {
    cwd,
    env: environment(env),
    clearEnv: true,
    signal: AbortSignal.timeout(RUN_LIMIT_MS),
  };
}

/** Runs the simulator to its end. */
function simulate(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runTask("simulate", args, runOptions(cwd, env));
}

/** A simulator running in the background, its output collected as it comes. */
function spawnSimulator(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): TaskProcess {
  return new TaskProcess("simulate", args, runOptions(cwd, env));
}

/** Stops `sim` with SIGINT and waits for the exit code. */
async function stopSimulator(sim: TaskProcess): Promise<number> {
  return (await sim.stop("SIGINT")).code;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const until = Date.now() + WAIT_LIMIT_MS;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The metrics file, or null while it is missing or being replaced. */
async function tryRead(path: string): Promise<MetricsDocument | null> {
  try {
    return await readMetricsFile(path);
  } catch {
    return null;
  }
}

/** Waits until the metrics file satisfies `check`; returns that version. */
async function waitForDocument(
  path: string,
  what: string,
  check: (doc: MetricsDocument) => boolean,
): Promise<MetricsDocument> {
  let found: MetricsDocument | null = null;
  await waitFor(what, async () => {
    const doc = await tryRead(path);
    if (doc !== null && check(doc)) found = doc;
    return found !== null;
  });
  return found as unknown as MetricsDocument;
}

/**
 * A steady simulator on the Soul service at `soulUrl` (SOUL_REAL_ENABLED=true)
 * that serves its dashboard on an ephemeral loopback port; `extra` flags go
 * before the steady ones.
 */
function spawnServingSimulator(cwd: string, soulUrl: string, extra: string[] = []): TaskProcess {
  return spawnSimulator(cwd, [
    "--use-real-soul",
    "--soul-url",
    soulUrl,
    "--serve",
    "127.0.0.1:0",
    ...extra,
    ...STEADY,
  ], REAL);
}

/** Waits until `sim` says where it serves the dashboard; returns that base URL. */
async function dashboardBase(sim: TaskProcess): Promise<string> {
  let base = "";
  await waitFor("the dashboard address", () => {
    const match = /Serving the dashboard on (http:\/\/127\.0\.0\.1:\d+)\//.exec(sim.stdout);
    base = match?.[1] ?? "";
    return base !== "";
  });
  return base;
}

/** Posts `body` as JSON to the dashboard's `POST /api/target`; returns the status and the JSON answer. */
async function postTarget(base: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}/api/target`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A loopback port with nothing listening on it. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

function errorCount(doc: MetricsDocument): number {
  return Object.values(doc.cumulative.stats.errors).reduce((a, b) => a + b, 0);
}

/** The decision counts of every family, and its confidence sum apart (it is a float). */
function decisions(doc: MetricsDocument) {
  const counts: Record<string, unknown> = {};
  const sums: Record<string, number> = {};
  for (const [family, s] of Object.entries(doc.cumulative.families) as [string, StatsData][]) {
    counts[family] = {
      total: s.total_requests,
      successful: s.successful_requests,
      outcomes: s.outcomes,
      pre_validation: s.pre_validation,
      approval_path: s.approval_path,
      confusion: s.confusion,
      confidence_count: s.confidence.count,
      confidence_bins: s.confidence.bins,
    };
    sums[family] = s.confidence.sum;
  }
  return { counts, sums };
}

/** Asserts `n` is within 5 standard deviations of a binomial(`trials`, `p`) mean. */
function assertBinomial(n: number | undefined, trials: number, p: number, label: string): void {
  const mean = trials * p;
  const sd = Math.sqrt(trials * p * (1 - p));
  assert.ok(n !== undefined && Math.abs(n - mean) <= 5 * sd, `${label}: ${n} vs about ${mean}`);
}

async function withSoul<T>(
  args: string[],
  body: (soul: SoulProcess) => Promise<T>,
): Promise<T> {
  const soul = await startSoulProcess({ args });
  try {
    return await body(soul);
  } finally {
    await soul.stop("SIGKILL");
  }
}

Deno.test("simulate.ts over HTTP makes the same decisions as the embedded engine for the same seed", async () => {
  const http = await Deno.makeTempDir();
  const embedded = await Deno.makeTempDir();
  const args = [...FAST, "--seed", "5", "--max-requests", "800", "--report-interval", "200"];
  await withSoul(["--seed", "1"], async (soul) => {
    const r = await simulate(
      http,
      ["--use-real-soul", "--soul-url", soul.url, "--quiet", ...args],
      REAL,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
  });
  const e = await simulate(embedded, ["--quiet", ...args]);
  assert.equal(e.code, 0, e.stderr);
  const a = await readMetricsFile(join(http, FILE));
  const b = await readMetricsFile(join(embedded, FILE));
  assert.equal(a.cumulative.total_requests, 800);
  assert.equal(a.cumulative.success_rate, 100);
  assert.deepEqual(a.cumulative.stats.errors, {});
  assert.deepEqual(a.errors, []);
  // Reports come every 200 requests but at most once a second, so their number varies.
  assert.ok(a.reports.length >= 1 && a.reports.every((x) => x.target === "http"));
  assert.ok(b.reports.length >= 1 && b.reports.every((x) => x.target === "reference"));
  assert.equal(a.status.target, "http");
  assert.equal(a.runs[0]?.config.target, "http");
  const started = a.events.find((x) => x.type === "run_started");
  assert.equal(started?.data?.target, "http");
  assert.match(started?.message ?? "", / started on target http with seed 5$/);

  const da = decisions(a);
  const db = decisions(b);
  assert.deepEqual(da.counts, db.counts);
  assert.deepEqual(a.cumulative.outcomes, b.cumulative.outcomes);
  assert.deepEqual(Object.keys(da.sums).sort(), Object.keys(db.sums).sort());
  // Answers complete out of order over HTTP, so the float sums may differ in the last bits.
  for (const [family, sum] of Object.entries(da.sums)) {
    assert.ok(Math.abs(sum - (db.sums[family] ?? NaN)) < 1e-9, `${family}: ${sum}`);
  }
});

Deno.test("simulate.ts counts each fault kind of soul.ts under its own error type", async (t) => {
  const requests = 400;
  const cases: {
    name: string;
    soul: string[];
    extra?: string[];
    check: (errors: Record<string, number>) => void;
    message: RegExp;
  }[] = [
    {
      name: "--error-rate gives http_status",
      soul: ["--error-rate", "0.3"],
      check: (errors) => {
        assert.deepEqual(Object.keys(errors), ["http_status"]);
        assertBinomial(errors.http_status, requests, 0.3, "http_status");
      },
      message: /^HTTP 503 Service Unavailable$/,
    },
    {
      name: "--malformed-rate gives invalid_json and invalid_decision",
      soul: ["--malformed-rate", "0.3"],
      check: (errors) => {
        assert.deepEqual(Object.keys(errors).sort(), ["invalid_decision", "invalid_json"]);
        // Half of the malformed answers are not JSON, half break the contract.
        assertBinomial(errors.invalid_json, requests, 0.15, "invalid_json");
        assertBinomial(errors.invalid_decision, requests, 0.15, "invalid_decision");
        assertBinomial(
          (errors.invalid_json ?? 0) + (errors.invalid_decision ?? 0),
          requests,
          0.3,
          "malformed",
        );
      },
      message: /^(Answer is not JSON: ".+"|'confidence' must be a number in 0\.\.1: got 1\.7)$/,
    },
    {
      name: "--drop-rate gives connection_error",
      soul: ["--drop-rate", "0.3"],
      check: (errors) => {
        assert.deepEqual(Object.keys(errors), ["connection_error"]);
        assertBinomial(errors.connection_error, requests, 0.3, "connection_error");
      },
      message: /^Connection closed by the server in the middle of the answer$/,
    },
    {
      name: "--hang-rate with --timeout-ms gives timeout",
      soul: ["--hang-rate", "0.3"],
      extra: ["--timeout-ms", "200"],
      check: (errors) => {
        assert.deepEqual(Object.keys(errors), ["timeout"]);
        assertBinomial(errors.timeout, requests, 0.3, "timeout");
      },
      message: /^No answer from 127\.0\.0\.1:\d+ within 200 ms$/,
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const dir = await Deno.makeTempDir();
      await withSoul([...c.soul, "--seed", "1"], async (soul) => {
        const r = await simulate(dir, [
          "--use-real-soul",
          "--soul-url",
          soul.url,
          "--quiet",
          ...FAST,
          "--seed",
          "5",
          "--max-requests",
          String(requests),
          ...(c.extra ?? []),
        ], REAL);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, "");
      });
      const doc = await readMetricsFile(join(dir, FILE));
      const errors = doc.cumulative.stats.errors;
      c.check(errors);
      assert.equal(doc.cumulative.total_requests, requests);
      assert.equal(doc.cumulative.failed_requests, errorCount(doc));
      assert.equal(doc.cumulative.successful_requests, requests - errorCount(doc));
      assert.equal(doc.cumulative.unhandled_exceptions, 0);
      assert.ok(doc.errors.length > 0);
      for (const sample of doc.errors) {
        assert.ok(sample.type in errors, sample.type);
        assert.match(sample.message, c.message);
        assert.equal(sample.seed, 5);
      }
      const types = new Set(doc.errors.map((x) => x.type));
      assert.deepEqual([...types].sort(), Object.keys(errors).sort());
    });
  }
});

Deno.test("simulate.ts recovers by itself when the Soul server is killed and restarted on its port", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, FILE);
  let soul = await startSoulProcess({ args: ["--seed", "2"] });
  const sim = spawnSimulator(dir, [
    "--use-real-soul",
    "--soul-url",
    soul.url,
    "--quiet",
    "--seed",
    "11",
    ...STEADY,
  ], REAL);
  try {
    await waitForDocument(path, "two clean reports", (d) => d.reports.length >= 2);
    await soul.stop("SIGKILL");
    const outage = await waitForDocument(
      path,
      "failures while the server is down",
      (d) => (d.cumulative.stats.errors.connection_refused ?? 0) >= 50,
    );
    const successesBefore = outage.cumulative.successful_requests;
    soul = await startSoulProcess({ port: soul.port, args: ["--seed", "3"] });
    const restartedAt = new Date().toISOString();
    await waitForDocument(
      path,
      "a clean report after the restart",
      (d) =>
        d.reports.some((x) =>
          x.started_at > restartedAt && x.total_requests > 0 && x.success_rate === 100
        ),
    );
    assert.equal(await withTimeout(stopSimulator(sim), RUN_LIMIT_MS), 0, sim.stderr);
    const doc = await readMetricsFile(path);
    assert.equal(doc.status.state, "stopped");
    assert.equal(doc.reports.at(-1)?.kind, "final");
    const total = doc.reports.reduce((n, x) => n + x.total_requests, 0);
    assert.equal(doc.cumulative.total_requests, total);
    assert.equal(doc.status.requests, total);
    assert.equal(
      doc.cumulative.total_requests,
      doc.cumulative.successful_requests + doc.cumulative.failed_requests,
    );
    const errors = doc.cumulative.stats.errors;
    assert.ok((errors.connection_refused ?? 0) >= 50);
    for (const type of Object.keys(errors)) {
      assert.ok(type === "connection_refused" || type === "connection_error", type);
    }
    assert.equal(doc.cumulative.failed_requests, errorCount(doc));
    assert.ok(doc.cumulative.successful_requests > successesBefore);
    assert.ok(doc.errors.some((x) => x.type === "connection_refused"));
    assert.ok(doc.errors.every((x) => !x.message.includes("\n") && x.message !== ""));
    // Before the kill, and after the restart, whole reports are clean.
    assert.equal(doc.reports[0]?.success_rate, 100);
    assert.ok(doc.reports.some((x) => x.started_at > restartedAt && x.success_rate === 100));
    assert.ok(doc.reports.every((x) => x.target === "http"));
  } finally {
    await withTimeout(stopSimulator(sim), RUN_LIMIT_MS).catch(() => {});
    await soul.stop("SIGKILL");
  }
});

Deno.test("simulate.ts switches between the HTTP service and the reference engine by POST /api/target", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, FILE);
  await withSoul(["--seed", "4"], async (soul) => {
    const sim = spawnServingSimulator(dir, soul.url, ["--seed", "12"]);
    try {
      const base = await dashboardBase(sim);
      const post = (body: unknown) => postTarget(base, body);
      await waitForDocument(path, "a report on http", (d) => d.reports.length >= 1);
      assert.deepEqual(await post({ target: "reference" }), {
        status: 200,
        body: { switched: true, target: "reference" },
      });
      await waitForDocument(
        path,
        "a whole report on the reference engine",
        (d) => d.reports.at(-1)?.target === "reference",
      );
      assert.deepEqual(await post({ target: "reference" }), {
        status: 200,
        body: { switched: false, target: "reference" },
      });
      assert.deepEqual(await post({ target: "http", url: soul.url }), {
        status: 200,
        body: { switched: true, target: `http ${soul.url}` },
      });
      await waitForDocument(
        path,
        "a whole report on http again",
        (d) =>
          d.events.filter((x) => x.type === "target_switch").length === 2 &&
          d.reports.at(-1)?.target === "http",
      );
      assert.equal((await post({ target: "elsewhere" })).status, 400);
      assert.equal(await withTimeout(stopSimulator(sim), RUN_LIMIT_MS), 0, sim.stderr);
    } finally {
      await withTimeout(stopSimulator(sim), RUN_LIMIT_MS).catch(() => {});
    }
    const doc = await readMetricsFile(path);
    const switches = doc.events.filter((x) => x.type === "target_switch");
    assert.deepEqual(switches.map((x) => x.data), [
      { from: "http", to: "reference" },
      { from: "reference", to: "http" },
    ]);
    assert.match(switches[0]?.message ?? "", /POST \/api\/target \(http http:.* -> reference\)$/);
    assert.match(switches[1]?.message ?? "", /POST \/api\/target \(reference -> http http:.*\)$/);
    const targets = doc.reports.map((x) => x.target);
    assert.equal(targets[0], "http");
    assert.equal(targets.filter((x) => x === "mixed").length, 2, targets.join(","));
    assert.ok(targets.includes("reference"), targets.join(","));
    assert.equal(targets.at(-1), "http");
    assert.equal(doc.cumulative.success_rate, 100);
    assert.match(sim.stdout, /Target switched to reference: POST \/api\/target/);
    assert.match(
      sim.stdout,
      new RegExp(`Target switched to http ${soul.url}: POST /api/target`),
    );
  });
});

Deno.test({
  name: "POST /api/target without a url switches back to the service given by --soul-url",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    await withSoul(["--seed", "8"], async (soul) => {
      const sim = spawnServingSimulator(dir, soul.url);
      try {
        const base = await dashboardBase(sim);
        const post = async (body: unknown) => (await postTarget(base, body)).body;
        assert.deepEqual(await post({ target: "reference" }), {
          switched: true,
          target: "reference",
        });
        assert.deepEqual(await post({ target: "http" }), {
          switched: true,
          target: `http ${soul.url}`,
        });
      } finally {
        await withTimeout(stopSimulator(sim), RUN_LIMIT_MS).catch(() => {});
      }
    });
  },
});

Deno.test("simulate.ts switches to the service and back on SIGHUP with a --flags file", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, FILE);
  const flags = join(dir, "soul.flags");
  await Deno.writeTextFile(flags, "SOUL_REAL_ENABLED=false\n");
  await withSoul(["--seed", "6"], async (soul) => {
    const sim = spawnSimulator(dir, [
      "--use-real-soul",
      "--flags",
      "soul.flags",
      "--seed",
      "13",
      ...STEADY,
    ]);
    const switchCount = (d: MetricsDocument) =>
      d.events.filter((x) => x.type === "target_switch").length;
    try {
      await waitForDocument(path, "a report on the reference engine", (d) => d.reports.length >= 1);
      await Deno.writeTextFile(flags, `SOUL_REAL_ENABLED=true\nSOUL_API_URL=${soul.url}\n`);
      sim.kill("SIGHUP");
      await waitForDocument(
        path,
        "a whole report on http",
        (d) => switchCount(d) === 1 && d.reports.at(-1)?.target === "http",
      );
      await Deno.writeTextFile(flags, "# off again\nSOUL_REAL_ENABLED=false\n");
      sim.kill("SIGHUP");
      await waitForDocument(
        path,
        "a whole report on the reference engine again",
        (d) => switchCount(d) === 2 && d.reports.at(-1)?.target === "reference",
      );
      assert.equal(await withTimeout(stopSimulator(sim), RUN_LIMIT_MS), 0, sim.stderr);
    } finally {
      await withTimeout(stopSimulator(sim), RUN_LIMIT_MS).catch(() => {});
    }
    const doc = await readMetricsFile(path);
    assert.equal(doc.runs[0]?.config.target, "reference");
    const switches = doc.events.filter((x) => x.type === "target_switch");
    assert.deepEqual(switches.map((x) => x.data), [
      { from: "reference", to: "http" },
      { from: "http", to: "reference" },
    ]);
    assert.match(
      switches[0]?.message ?? "",
      new RegExp(`SIGHUP \\(reference -> http ${soul.url}\\)$`),
    );
    assert.match(
      switches[1]?.message ?? "",
      new RegExp(`SIGHUP \\(http ${soul.url} -> reference\\)$`),
    );
    const targets = doc.reports.map((x) => x.target);
    assert.equal(targets[0], "reference");
    assert.ok(targets.includes("http"), targets.join(","));
    assert.equal(targets.at(-1), "reference");
    assert.equal(doc.cumulative.success_rate, 100);
    // The start-up notice, then the one after the second SIGHUP (the file says false again).
    assert.deepEqual(sim.stderr.trim().split("\n").filter((l) => !l.startsWith("Stopping")), [
      NOTICE,
      NOTICE,
    ]);
    assert.match(sim.stdout, new RegExp(`Target switched to http ${soul.url}: SIGHUP`));
    assert.match(sim.stdout, /Target switched to reference: SIGHUP/);
  });
});

Deno.test("simulate.ts --use-real-soul without SOUL_REAL_ENABLED says so and runs on the reference engine", async () => {
  const dir = await Deno.makeTempDir();
  const r = await simulate(dir, [
    "--use-real-soul",
    "--soul-url",
    `http://127.0.0.1:${closedPort()}`,
    "--quiet",
    ...FAST,
    "--max-requests",
    "100",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, `${NOTICE}\n`);
  const doc = await readMetricsFile(join(dir, FILE));
  assert.equal(doc.runs[0]?.config.target, "reference");
  assert.deepEqual(doc.reports.map((x) => x.target), ["reference"]);
  assert.equal(doc.cumulative.success_rate, 100);
});

Deno.test("the simulate task's permissions keep traffic on loopback and files in the directory", async () => {
  const flags = taskFlags("simulate");
  assert.ok(flags.includes("--allow-net=127.0.0.1,localhost"), flags.join(" "));
  const dir = await Deno.makeTempDir();
  // 192.0.2.1 is TEST-NET-1; the permission check refuses before any packet is sent.
  const r = await simulate(dir, [
    "--use-real-soul",
    "--soul-url",
    "http://192.0.2.1:9/",
    "--quiet",
    ...FAST,
    "--max-requests",
    "50",
  ], REAL);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const doc = await readMetricsFile(join(dir, FILE));
  assert.equal(doc.runs[0]?.config.target, "http");
  // Every request refused at once: none waited for a connection or timed out.
  assert.deepEqual(doc.cumulative.stats.errors, { connection_refused: 50 });
  assert.equal(doc.cumulative.successful_requests, 0);
  assert.ok(doc.errors.length > 0);
  for (const sample of doc.errors) {
    assert.equal(sample.type, "connection_refused");
    assert.equal(sample.message, "Cannot reach 192.0.2.1:9: network access to it is not permitted");
  }

  const f = await simulate(dir, ["--file", "/etc/x.json", "--max-requests", "10"]);
  assert.equal(f.code, 2, f.stderr);
  const lines = f.stderr.trim().split("\n");
  assert.match(lines[0] ?? "", /^error: .*\/etc\/x\.json/);
  assert.ok(lines.length <= 2, f.stderr);
  assert.doesNotMatch(f.stderr, /\n\s+at /);
  assert.equal(await tryRead("/etc/x.json"), null);
});
