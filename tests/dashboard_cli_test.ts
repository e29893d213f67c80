import assert from "node:assert/strict";
import { join } from "node:path";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { fileSource, urlSource } from "../lib/store/metrics_source.ts";
import { EventHub } from "../lib/server/event_hub.ts";
import { startServer } from "../lib/server/serve.ts";
import { documentOf, reportsOf, type ReportSpec } from "./_report_builders.ts";
import { runTask, type TaskResult } from "./_tasks.ts";

/** Runs dashboard.ts reading anywhere (the temp files) and writing nothing, colour not disabled. */
function dashboard(args: string[], cwd?: string): Promise<TaskResult> {
  return runTask("dashboard", args, {
    flags: ["--allow-read", "--allow-net=127.0.0.1,localhost"],
    env: { NO_COLOR: "" },
    ...(cwd === undefined ? {} : { cwd }),
  });
}

function fresh(specs: ReportSpec[]): MetricsDocument {
  const doc = documentOf(reportsOf(specs), { state: "stopped" });
  return doc;
}

async function withFile(doc: MetricsDocument | string, fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "dashboard_cli_" });
  try {
    const path = join(dir, "metrics.json");
    await Deno.writeTextFile(path, typeof doc === "string" ? doc : JSON.stringify(doc));
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function assertNoControl(text: string): void {
  // deno-lint-ignore no-control-regex
  assert.equal(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), false, "control characters");
}

Deno.test("dashboard --once waits for a missing file and exits 0", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = await dashboard(["--once", "--file", join(dir, "none.json")]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Waiting for metrics data$/m);
    assert.match(run.stdout, /^No metrics file at '/m);
    assert.match(run.stdout, /Hint: Start the simulator/);
    assertNoControl(run.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dashboard --once reports a corrupt file and exits 2", async () => {
  await withFile('{"schema": "buddy-traffic/metrics", "runs": [', async (path) => {
    const run = await dashboard(["--once", "--file", path]);
    assert.equal(run.code, 2);
    assert.match(run.stdout, /Cannot show metrics/);
    // The screen wraps the message where the temporary path's length puts it.
    assert.match(run.stdout, /file\s+ends\s+mid-document/);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? "", /^error: Cannot read metrics file '.*metrics\.json': file ends/);
  });
});

Deno.test("dashboard --once shows a healthy file and exits 0", async () => {
  await withFile(fresh([{}, {}, {}]), async (path) => {
    const run = await dashboard(["--once", "--file", path]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /STOPPED/);
    assert.match(run.stdout, /Health {2}\d+\/100/);
    assert.match(run.stdout, /No alerts: 10 rules ok/);
    assertNoControl(run.stdout);
    assert.ok(run.stdout.split("\n").length <= 25);
  });
});

Deno.test("dashboard --once exits 1 when a HIGH alert is firing", async () => {
  await withFile(fresh([{ execMs: 8 }, { execMs: 8 }]), async (path) => {
    const run = await dashboard(["--once", "--file", path]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /HIGH {3}FIRING .*Average execution time 8 ms is above 5 ms/);
  });
});

Deno.test("dashboard --once neutralises hostile strings from the file", async () => {
  const doc = fresh([{}]);
  doc.errors.push({
    at: doc.status.updated_at,
    run_id: "run-1",
    seed: 1,
    request_id: "r1",
    seq: 1,
    category: "simple",
    family: "a",
    type: "timeout",
    message:
      "\u202e<img src=x onerror=alert(1)>\x1b[2J\x1b]8;;https://e.example/\x07a\x1b]8;;\x07\x1b]0;t\x07",
    input_preview: "",
  });
  await withFile(doc, async (path) => {
    const run = await dashboard(["--once", "--file", path]);
    assert.equal(run.code, 0, run.stderr);
    assertNoControl(run.stdout);
    assert.ok(run.stdout.includes("<U+202E><img src=x onerror=alert(1)><U+001B>[2J"));
  });
});

Deno.test("dashboard rejects a bad flag with one error line and exit 2", async () => {
  const run = await dashboard(["--once", "--bogus"]);
  assert.equal(run.code, 2);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines[0], "error: Unknown flag '--bogus'");
  assert.equal(run.stderr.includes("    at "), false, "no stack trace");
  assert.equal(run.stdout, "");
});

Deno.test("dashboard rejects bad values and flag combinations with exit 2", async () => {
  for (
    const [args, message] of [
      [
        ["--interval", "0"],
        "error: Cannot use --interval as it must be a number of seconds from 0.1 to 86400: current value is '0'",
      ],
      [
        ["--apdex-t", "0"],
        "error: Cannot use --apdex-t as it must be a number of milliseconds > 0 and at most 3600000: current value is '0'",
      ],
      [
        ["--url", "ftp://x"],
        "error: Cannot use --url as it must be an http:// or https:// URL: current value is 'ftp://x'",
      ],
      [
        ["--file", "a.json", "--url", "http://127.0.0.1:1"],
        "error: Cannot use --file and --url together: pick one source",
      ],
      [
        ["--rules", "/nonexistent/rules.json"],
        "error: Cannot read rules file '/nonexistent/rules.json': file not found",
      ],
    ] as const
  ) {
    const run = await dashboard(["--once", ...args]);
    assert.equal(run.code, 2, args.join(" "));
    assert.equal(run.stderr.split("\n")[0], message);
  }
});

Deno.test("dashboard --rules applies overrides and rejects a bad rules file", async () => {
  await withFile(fresh([{ execMs: 8 }, { execMs: 8 }]), async (path) => {
    const dir = path.replace(/metrics\.json$/, "");
    const rules = join(dir, "rules.json");
    await Deno.writeTextFile(
      rules,
      JSON.stringify({ rules: [{ id: "high_avg_execution_time", threshold: 10 }] }),
    );
    const relaxed = await dashboard(["--once", "--file", path, "--rules", rules]);
    assert.equal(relaxed.code, 0, relaxed.stderr);
    await Deno.writeTextFile(rules, '{"rules": [{"id": "high_error_rate", "for": -1}]}');
    const bad = await dashboard(["--once", "--file", path, "--rules", rules]);
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr.split("\n")[0],
      `error: Cannot read rules file '${rules}' as rules[0].for must be an integer >= 1: current value is -1`,
    );
  });
});

Deno.test("dashboard --help prints the flags and exits 0", async () => {
  const run = await dashboard(["--help"]);
  assert.equal(run.code, 0);
  for (
    const flag of ["--interval", "--file", "--url", "--rules", "--apdex-t", "--once", "--no-color"]
  ) {
    assert.ok(run.stdout.includes(flag), flag);
  }
});

Deno.test("dashboard --url reads a server's /api/metrics", async () => {
  const doc = fresh([{}, {}]);
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    seen.push(new URL(req.url).pathname);
    return Response.json(doc);
  });
  try {
    const url = `http://127.0.0.1:${server.addr.port}/`;
    const run = await dashboard(["--once", "--url", url]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(seen, ["/api/metrics"]);
    assert.match(run.stdout, /Last report #2/);
    assert.ok(run.stdout.includes(`http://127.0.0.1:${server.addr.port}`));
  } finally {
    await server.shutdown();
  }
});

Deno.test("dashboard --url reports a server that is down and exits 2", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("nope", { status: 503, statusText: "Service Unavailable" }),
  );
  const port = server.addr.port;
  try {
    const unavailable = await dashboard(["--once", "--url", `http://127.0.0.1:${port}`]);
    assert.equal(unavailable.code, 2);
    assert.match(unavailable.stdout, /answered 503 Service Unavailable/);
  } finally {
    await server.shutdown();
  }
  const down = await dashboard(["--once", "--url", `http://127.0.0.1:${port}`]);
  assert.equal(down.code, 2);
  assert.match(down.stdout, /Cannot show metrics/);
  assert.match(down.stderr, /^error: Cannot reach the server at 'http:\/\/127\.0\.0\.1:\d+'/);
});

Deno.test("fileSource() treats an empty file as waiting for data", async () => {
  await withFile("", async (path) => {
    const result = await fileSource(path).read();
    assert.equal(result.kind, "waiting");
    assert.equal(
      result.kind === "waiting" && result.message,
      `The metrics file '${path}' is still empty`,
    );
  });
});

Deno.test("urlSource() gives up on a server that does not answer in time", async () => {
  const source = urlSource("http://127.0.0.1:9/", {
    timeoutMs: 50,
    fetch: (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      }),
  });
  assert.equal(source.label, "http://127.0.0.1:9");
  assert.deepEqual(await source.read(), {
    kind: "error",
    message: "Cannot reach the server at 'http://127.0.0.1:9': no answer within 50 ms",
  });
});

Deno.test("urlSource() reports an answer that is not a metrics document", async () => {
  const source = urlSource("http://127.0.0.1:9", {
    fetch: () => Promise.resolve(Response.json({ hello: "world" })),
  });
  const result = await source.read();
  assert.equal(result.kind, "error");
  assert.match(
    result.kind === "error" ? result.message : "",
    /^Cannot read metrics file 'http:\/\/127\.0\.0\.1:9\/api\/metrics': not a buddy-traffic metrics file/,
  );
});

Deno.test("urlSource() sends the token, and waits while the server has no metrics yet", async () => {
  let doc: MetricsDocument | null = null;
  const server = await startServer({
    hostname: "127.0.0.1",
    port: 0,
    token: "s3cret-token",
    getDocument: () => doc,
    hub: new EventHub(),
  });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const withToken = urlSource(base, { token: "s3cret-token" });
    const waiting = await withToken.read();
    assert.equal(waiting.kind, "waiting");
    assert.equal(
      waiting.kind === "waiting" && waiting.message,
      `The server at '${base}' has no metrics yet`,
    );
    assert.deepEqual(await urlSource(base).read(), {
      kind: "error",
      message: `The server at '${base}' needs an access token: use --token or BUDDY_TRAFFIC_TOKEN`,
    });
    doc = documentOf(reportsOf([{}, {}]));
    const ok = await withToken.read();
    assert.equal(ok.kind, "ok");
    assert.equal(ok.kind === "ok" && ok.doc.reports.length, 2);
  } finally {
    await server.shutdown();
  }
});
