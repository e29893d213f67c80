import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDashboardArgs } from "../lib/dashboard/dashboard_options.ts";
import { UsageError } from "../lib/cli/usage_error.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { encodeDocument } from "../lib/store/metrics_file.ts";
import { shardDocument } from "./_shard_builders.ts";
import { writeShards } from "./_kv_builders.ts";
import { portOpen, runTask, taskFlags, TaskProcess, taskScript } from "./_tasks.ts";

const EU = shardDocument("run-eu", { reports: 3, requests: 200, status: { state: "stopped" } });
const US = shardDocument("run-us", { reports: 2, requests: 150, status: { state: "stopped" } });

/** No token from the environment of whoever runs the tests. */
const ENV = { BUDDY_TRAFFIC_TOKEN: "" };

const SERVING =
  /^Serving the dashboard of (.+) on http:\/\/127\.0\.0\.1:(\d+)\/ \(read every ([\d.]+) s\); Ctrl\+C to stop$/;

/** Runs the `dashboard` task's script with its permissions in `cwd` until it exits. */
function dashboard(cwd: string, args: string[]) {
  return runTask("dashboard", args, { cwd, env: ENV });
}

/** Starts the `dashboard` task's script with its permissions in `cwd`, e.g. to serve. */
function serveDashboard(cwd: string, args: string[]): TaskProcess {
  return new TaskProcess("dashboard", args, { cwd, env: ENV });
}

Deno.test("the dashboard task's permissions are read from deno.json", () => {
  const flags = taskFlags("dashboard");
  assert.ok(flags.includes("--allow-read=."), flags.join(" "));
  // Deno KV needs write access even to read: the data directory, never the source tree.
  assert.ok(flags.includes("--allow-write=buddy_traffic_data"), flags.join(" "));
  assert.ok(flags.some((f) => f.startsWith("--allow-net=")), flags.join(" "));
  assert.ok(taskScript("dashboard").endsWith("/dashboard.ts"));
});

Deno.test("dashboard --kv --serve serves the merged store and exits 0 on SIGTERM", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dashboard_serve_cli_" });
  try {
    await writeShards(join(dir, "buddy_traffic_data", "store.kv"), { "eu-1": EU, "us-1": US });
    const proc = serveDashboard(dir, [
      "--kv",
      "buddy_traffic_data/store.kv",
      "--serve",
      "127.0.0.1:0",
      "--interval",
      "0.5",
    ]);
    let port = 0;
    try {
      const match = await proc.waitForLine(SERVING);
      assert.equal(match[1], "buddy_traffic_data/store.kv");
      assert.equal(match[3], "0.5");
      port = Number(match[2]);
      const res = await fetch(`http://127.0.0.1:${port}/api/metrics`);
      assert.equal(res.status, 200);
      const doc = await res.json() as MetricsDocument;
      assert.equal(doc.status.requests, 600 + 300);
      assert.deepEqual(doc.runs.map((r) => r.run_id).sort(), ["run-eu", "run-us"]);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<html/i);
    } finally {
      const end = await proc.stop("SIGTERM");
      assert.equal(end.code, 0, end.stderr);
      assert.equal(end.stderr, "");
      assert.equal(end.lines.length, 1, end.stdout);
    }
    assert.equal(await portOpen(port), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dashboard --kv --shard --serve serves that shard alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dashboard_serve_cli_" });
  try {
    await writeShards(join(dir, "buddy_traffic_data", "store.kv"), { "eu-1": EU, "us-1": US });
    const proc = serveDashboard(dir, [
      "--kv",
      "buddy_traffic_data/store.kv",
      "--shard",
      "us-1",
      "--serve",
      "0",
    ]);
    try {
      const match = await proc.waitForLine(SERVING);
      assert.equal(match[1], "buddy_traffic_data/store.kv (shard us-1)");
      assert.equal(match[3], "10", "the default interval");
      const res = await fetch(`http://127.0.0.1:${match[2]}/api/metrics`);
      assert.deepEqual(
        await res.json(),
        JSON.parse(new TextDecoder().decode(encodeDocument(US))),
      );
    } finally {
      const end = await proc.stop("SIGINT");
      assert.equal(end.code, 0, end.stderr);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dashboard --serve of a missing store says it waits, answers 503, and stops on SIGTERM", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dashboard_serve_cli_" });
  try {
    const proc = serveDashboard(dir, [
      "--kv",
      "buddy_traffic_data/store.kv",
      "--serve",
      "127.0.0.1:0",
    ]);
    let stderr = "";
    try {
      const match = await proc.waitForLine(SERVING);
      const res = await fetch(`http://127.0.0.1:${match[2]}/api/metrics`);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { error: "Waiting for metrics data" });
    } finally {
      const end = await proc.stop("SIGTERM");
      assert.equal(end.code, 0, end.stderr);
      stderr = end.stderr;
    }
    assert.equal(stderr, "waiting: KV store 'buddy_traffic_data/store.kv' does not exist\n");
    await assert.rejects(
      Deno.stat(join(dir, "buddy_traffic_data", "store.kv")),
      Deno.errors.NotFound,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dashboard --file --serve serves the metrics file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dashboard_serve_cli_" });
  try {
    await Deno.writeFile(join(dir, "m.json"), encodeDocument(EU));
    const proc = serveDashboard(dir, ["--file", "m.json", "--serve", "127.0.0.1:0"]);
    try {
      const match = await proc.waitForLine(SERVING);
      assert.equal(match[1], "m.json");
      const res = await fetch(`http://127.0.0.1:${match[2]}/api/metrics`);
      assert.equal((await res.json() as MetricsDocument).status.requests, 600);
    } finally {
      const end = await proc.stop("SIGTERM");
      assert.equal(end.code, 0, end.stderr);
      assert.equal(end.stderr, "");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Asserts exit 2 with exactly `error: <message>` and the help hint on stderr. */
function assertUsage(run: { code: number; stdout: string; stderr: string }, message: string) {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, "");
  assert.deepEqual(run.stderr.trimEnd().split("\n"), [
    `error: ${message}`,
    "hint: run 'deno task dashboard --help' for usage",
  ]);
}

Deno.test("dashboard --serve rejects bad combinations and addresses with exit 2 and one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dashboard_serve_cli_" });
  try {
    const cases: [string[], string][] = [
      [
        ["--url", "http://127.0.0.1:9", "--serve", "0"],
        "Cannot use --serve with --url: the server at that URL serves it already",
      ],
      [
        ["--kv", "buddy_traffic_data/store.kv", "--serve", "0", "--once"],
        "Cannot use --serve with --once: pick one",
      ],
      [
        ["--shard", "eu-1", "--serve", "0"],
        "Cannot use --shard without --kv: shards are parts of a KV store",
      ],
      [
        ["--kv", "buddy_traffic_data/store.kv", "--serve", "127.0.0.1:http"],
        "Cannot use --serve as the port must be an integer from 0 to 65535: current value is '127.0.0.1:http'",
      ],
      [
        ["--kv", "buddy_traffic_data/store.kv", "--serve", "::1:80"],
        "Cannot use --serve as an IPv6 host must be in brackets, e.g. '[::1]:8080': current value is '::1:80'",
      ],
      [
        ["--kv", "buddy_traffic_data/store.kv", "--serve", "0.0.0.0:0"],
        "Cannot serve on '0.0.0.0' without a token: use --token or bind to 127.0.0.1",
      ],
      [
        ["--kv", "buddy_traffic_data/store.kv", "--shard", ".hidden", "--serve", "0"],
        "Cannot use --shard as it must be 1-64 letters, digits, '.', '_' or '-', not starting with '.': current value is '.hidden'",
      ],
      [["--kv", "", "--serve", "0"], "Cannot use --kv as it is empty"],
      [["--serve"], "Flag '--serve' needs a value"],
    ];
    for (const [args, message] of cases) {
      assertUsage(await dashboard(dir, args), message);
    }
    // Nothing was read or created on the way.
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dashboard --serve off loopback is refused in one line when the task does not grant that host", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dashboard_serve_cli_" });
  try {
    assertUsage(
      await dashboard(dir, [
        "--kv",
        "buddy_traffic_data/store.kv",
        "--serve",
        "0.0.0.0:0",
        "--token",
        "t0k",
      ]),
      "Cannot serve on '0.0.0.0:0' as network access to it is not granted: run with --allow-net for that host",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseDashboardArgs() takes the --serve token from --token or BUDDY_TRAFFIC_TOKEN", () => {
  const env = (token?: string) => ({
    get: (name: string) => name === "BUDDY_TRAFFIC_TOKEN" ? token : undefined,
  });
  const fromEnv = parseDashboardArgs(["--kv", "s.kv", "--serve", "0.0.0.0:8080"], env("e"));
  assert.equal(fromEnv.token, "e");
  assert.equal(fromEnv.serve, "0.0.0.0:8080");
  const fromFlag = parseDashboardArgs(["--serve", "[::]:8080", "--token", "f"], env("e"));
  assert.equal(fromFlag.token, "f");
  assert.throws(
    () => parseDashboardArgs(["--serve", "[::]:8080"], env("")),
    new UsageError("Cannot serve on '::' without a token: use --token or bind to 127.0.0.1"),
  );
  const local = parseDashboardArgs(["--kv", "s.kv", "--shard", "eu-1", "--serve", "9100"], env());
  assert.deepEqual(
    [local.kv, local.shard, local.serve, local.token, local.url],
    ["s.kv", "eu-1", "9100", null, null],
  );
});
