import assert from "node:assert/strict";
import { join } from "node:path";
import {
  DEFAULT_DEPLOY_CRON,
  DEFAULT_DEPLOY_FLAGS,
  DEFAULT_DEPLOY_LISTEN,
  DEPLOY_ENV,
  type DeploySettings,
  readDeploySettings,
} from "../lib/deploy/deploy_settings.ts";
import { UsageError } from "../lib/cli/usage_error.ts";
import { openKvStore } from "../lib/store/kv_open.ts";
import { readKvShards } from "../lib/store/kv_reader.ts";
import { portOpen, taskAllowEnv, type TaskEnd, TaskProcess } from "./_tasks.ts";

/** Reads the settings from exactly these variables. */
function settings(vars: Record<string, string>): DeploySettings {
  return readDeploySettings({ get: (name) => Object.hasOwn(vars, name) ? vars[name] : undefined });
}

/** Asserts the variables are refused with exactly `message`. */
function refuses(vars: Record<string, string>, message: string): void {
  assert.throws(() => settings(vars), (e: unknown) => {
    assert.ok(e instanceof UsageError, String(e));
    assert.equal(e.message, message);
    assert.ok(!e.message.includes("\n"));
    assert.equal(e.exitCode, 2);
    return true;
  });
}

const TOKEN = { BUDDY_TRAFFIC_TOKEN: "s3cret" };

/**
 * `deploy.ts` started in `dir` with a store there, serving on an ephemeral
 * loopback port, no token, flags or region, and the variables in `env`.
 */
function deployProcess(dir: string, env: Record<string, string>): TaskProcess {
  return new TaskProcess("deploy", [], {
    cwd: dir,
    env: {
      BUDDY_KV_PATH: "store.kv",
      BUDDY_LISTEN: "127.0.0.1:0",
      BUDDY_TRAFFIC_TOKEN: "",
      BUDDY_SIMULATE_FLAGS: "",
      DENO_REGION: "",
      ...env,
    },
  });
}

Deno.test("readDeploySettings() defaults: hourly, 1000 requests a batch, shard 'deploy', 0.0.0.0:8000", () => {
  assert.equal(DEFAULT_DEPLOY_CRON, "0 * * * *");
  assert.equal(DEFAULT_DEPLOY_FLAGS, "--max-requests 1000");
  assert.equal(DEFAULT_DEPLOY_LISTEN, "0.0.0.0:8000");
  const s = settings(TOKEN);
  assert.equal(s.options.cron?.source, "0 * * * *");
  assert.equal(s.options.maxRequests, 1000);
  assert.equal(s.options.durationS, null);
  assert.equal(s.options.shard, "deploy");
  assert.equal(s.options.kv, "deployment KV");
  assert.equal(s.options.serve, null);
  assert.equal(s.options.fresh, false);
  assert.equal(s.kvPath, null);
  assert.deepEqual(s.listen, { hostname: "0.0.0.0", port: 8000 });
  assert.equal(s.token, "s3cret");
  assert.equal(s.options.token, "s3cret");
});

Deno.test("readDeploySettings() takes the shard from DENO_REGION unless BUDDY_SHARD is set", () => {
  assert.equal(
    settings({ ...TOKEN, DENO_REGION: "gcp-europe-west3" }).options.shard,
    "gcp-europe-west3",
  );
  assert.equal(
    settings({ ...TOKEN, DENO_REGION: "gcp-europe-west3", BUDDY_SHARD: "eu" }).options.shard,
    "eu",
  );
  // Empty variables read as unset.
  const empty = settings({
    ...TOKEN,
    DENO_REGION: " ",
    BUDDY_SHARD: "",
    BUDDY_SIMULATE_FLAGS: " ",
  });
  assert.equal(empty.options.shard, "deploy");
  assert.equal(empty.options.maxRequests, 1000);
});

Deno.test("readDeploySettings() applies every override", () => {
  const s = settings({
    BUDDY_CRON: " */15 * * * * ",
    BUDDY_SIMULATE_FLAGS: " --duration 5m   --seed 7 --concurrency 4 ",
    BUDDY_SHARD: "s1",
    BUDDY_KV_PATH: "local.kv",
    BUDDY_LISTEN: "127.0.0.1:9000",
    SOUL_REAL_ENABLED: "false",
  });
  assert.equal(s.options.cron?.source, "*/15 * * * *");
  assert.equal(s.options.durationS, 300);
  assert.equal(s.options.maxRequests, null);
  assert.equal(s.options.seed, 7);
  assert.equal(s.options.concurrency, 4);
  assert.equal(s.options.shard, "s1");
  assert.equal(s.options.kv, "local.kv");
  assert.equal(s.kvPath, "local.kv");
  assert.deepEqual(s.listen, { hostname: "127.0.0.1", port: 9000 });
  assert.equal(s.token, null, "no token needed on loopback");
  assert.deepEqual(settings({ BUDDY_LISTEN: "9100" }).listen, {
    hostname: "127.0.0.1",
    port: 9100,
  });
});

Deno.test("readDeploySettings() refuses the flags the deployment sets itself", () => {
  for (const flag of ["--kv", "--shard", "--cron", "--serve", "--file", "--fresh", "--flags"]) {
    refuses(
      { ...TOKEN, BUDDY_SIMULATE_FLAGS: `--max-requests 10 ${flag} x` },
      `Cannot use ${flag} in BUDDY_SIMULATE_FLAGS: the deployment sets it (see BUDDY_CRON, BUDDY_SHARD, BUDDY_KV_PATH)`,
    );
  }
  refuses(
    { ...TOKEN, BUDDY_SIMULATE_FLAGS: "--kv=x.kv --max-requests 10" },
    "Cannot use --kv in BUDDY_SIMULATE_FLAGS: the deployment sets it (see BUDDY_CRON, BUDDY_SHARD, BUDDY_KV_PATH)",
  );
});

Deno.test("readDeploySettings() names the variable at fault in one line", () => {
  const faults: [Record<string, string>, string][] = [
    [
      { ...TOKEN, BUDDY_CRON: "61 * * * *" },
      "Cannot use BUDDY_CRON as the minute field '61' must be *, a value from 0 to 59, a range a-b, a step */n or a list of those",
    ],
    [
      { ...TOKEN, BUDDY_CRON: "hourly" },
      "Cannot use BUDDY_CRON as 'hourly' must have 5 fields (minute hour day-of-month month day-of-week), e.g. '0 * * * *' for every hour: it has 1",
    ],
    [
      { ...TOKEN, BUDDY_LISTEN: "8000x" },
      "Cannot use BUDDY_LISTEN as the port must be an integer from 0 to 65535: current value is '8000x'",
    ],
    [
      { ...TOKEN, BUDDY_LISTEN: "::1:80" },
      "Cannot use BUDDY_LISTEN as an IPv6 host must be in brackets, e.g. '[::1]:8080': current value is '::1:80'",
    ],
    [
      {},
      "Cannot serve on '0.0.0.0' (BUDDY_LISTEN) without a token: set BUDDY_TRAFFIC_TOKEN, or BUDDY_LISTEN=127.0.0.1:8000 to try it locally",
    ],
    [
      { ...TOKEN, BUDDY_SHARD: ".hidden" },
      "Cannot use BUDDY_SHARD as it must be 1-64 letters, digits, '.', '_' or '-', not starting with '.': current value is '.hidden'",
    ],
    [
      { ...TOKEN, DENO_REGION: "eu west" },
      "Cannot use DENO_REGION as it must be 1-64 letters, digits, '.', '_' or '-', not starting with '.': current value is 'eu west'",
    ],
    [
      { ...TOKEN, BUDDY_SIMULATE_FLAGS: "--max-requests abc" },
      "Cannot use --max-requests as it must be an integer >= 1: current value is 'abc' (from BUDDY_SIMULATE_FLAGS)",
    ],
    [
      { ...TOKEN, BUDDY_SIMULATE_FLAGS: "--seed 7" },
      "Cannot use --cron without --max-requests or --duration: each batch must be bounded (from BUDDY_SIMULATE_FLAGS)",
    ],
    [
      { ...TOKEN, BUDDY_SIMULATE_FLAGS: "--bogus" },
      "Unknown flag '--bogus' (from BUDDY_SIMULATE_FLAGS)",
    ],
  ];
  for (const [vars, message] of faults) refuses(vars, message);
});

Deno.test("readDeploySettings() keeps the 'did you mean' hint of a mistyped batch flag", () => {
  assert.throws(
    () => settings({ ...TOKEN, BUDDY_SIMULATE_FLAGS: "--max-requests 10 --durtion 5m" }),
    (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, "Unknown flag '--durtion' (from BUDDY_SIMULATE_FLAGS)");
      assert.equal(e.hint, "did you mean '--duration'?");
      return true;
    },
  );
});

Deno.test("the deploy task may read exactly the variables deploy.ts reads", () => {
  assert.deepEqual(taskAllowEnv("deploy"), [...DEPLOY_ENV]);
});

Deno.test("deploy.ts schedules batches, serves the waiting dashboard, and exits 0 on SIGTERM", async () => {
  const dir = await Deno.makeTempDir({ prefix: "deploy_smoke_" });
  try {
    const proc = deployProcess(dir, {
      // Once a year, at midnight of 1 January: never during the test.
      BUDDY_CRON: "0 0 1 1 *",
      BUDDY_SHARD: "smoke",
    });
    let port = 0;
    let end: TaskEnd | null = null;
    try {
      const schedule = await proc.waitForLine(
        /^Batches on '0 0 1 1 \*' \(UTC\) into shard 'smoke'; next at (\d{4})-01-01T00:00:00\.000Z$/,
      );
      assert.ok(Number(schedule[1]) > new Date().getUTCFullYear() - 1);
      const serving = await proc.waitForLine(
        /^Serving the dashboard of store\.kv on http:\/\/127\.0\.0\.1:(\d+)\/ \(read every 5 s\); Ctrl\+C to stop$/,
      );
      port = Number(serving[1]);
      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: "ok" });
      const metrics = await fetch(`${base}/api/metrics`);
      assert.equal(metrics.status, 503);
      assert.deepEqual(await metrics.json(), { error: "Waiting for metrics data" });
      assert.equal((await fetch(`${base}/metrics`)).status, 503);
    } finally {
      end = await proc.stop("SIGTERM");
    }
    assert.equal(end.code, 0, end.stderr);
    assert.equal(end.lines.length, 2, end.stdout);
    assert.equal(end.stderr, "waiting: The KV store has no shard yet\n");
    assert.equal(await portOpen(port), false);
    // The store exists (the deployment's KV is always there) and holds no shard.
    const kv = await openKvStore(join(dir, "store.kv"), { create: false });
    try {
      assert.deepEqual(await readKvShards(kv), []);
    } finally {
      kv.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deploy.ts refuses bad settings with one line and exit 2 before scheduling", async () => {
  const dir = await Deno.makeTempDir({ prefix: "deploy_smoke_" });
  try {
    const proc = deployProcess(dir, { BUDDY_CRON: "0 0 31 2 *" });
    const end = await proc.finished();
    assert.equal(end.code, 2);
    assert.deepEqual(end.lines, []);
    assert.deepEqual(end.stderr.trimEnd().split("\n"), [
      "error: Cannot use BUDDY_CRON as '0 0 31 2 *' never fires: no month has that day",
      `hint: deploy.ts is configured by the variables ${DEPLOY_ENV.join(", ")}`,
    ]);
    assert.deepEqual([...Deno.readDirSync(dir)], [], "no store created");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readDeploySettings() passes --remote-write to every batch, labelled with the shard", () => {
  const url = "http://127.0.0.1:9090/api/v1/write";
  const s = settings({
    ...TOKEN,
    DENO_REGION: "gcp-us-east4",
    BUDDY_SIMULATE_FLAGS: `--max-requests 200 --remote-write ${url}`,
  });
  assert.equal(s.options.remoteWrite, url);
  assert.equal(s.options.shard, "gcp-us-east4");
  assert.throws(
    () => settings({ ...TOKEN, BUDDY_SIMULATE_FLAGS: "--max-requests 5 --remote-write nope" }),
    /--remote-write must be an http or https URL: current value is 'nope' \(from BUDDY_SIMULATE_FLAGS\)/,
  );
});
