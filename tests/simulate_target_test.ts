/**
 * End-to-end runs of `simulate.ts --target FILE` with the `simulate` task's
 * own permissions (plus the secret's variable): a whole simulation whose
 * every output is searched for the secret, the probe against `soul.ts`,
 * and the one-line errors of bad target files.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startSoulProcess } from "./_soul_process.ts";
import { runTask, taskFlags, type TaskOptions, TaskProcess } from "./_tasks.ts";
import { moderationHandler, serveApi } from "./_api_servers.ts";

const SECRET = "sk-test-5ecret-c0ffee-9d3f";
const RUN_LIMIT_MS = 40_000;

/** The simulate task's flags with `names` added to its --allow-env. */
function flagsWithEnv(...names: string[]): string[] {
  return taskFlags("simulate").map((flag) =>
    flag.startsWith("--allow-env=") ? `${flag},${names.join(",")}` : flag
  );
}

function environment(extra: Record<string, string> = {}): Record<string, string> {
  const env = Deno.env.toObject();
  for (
    const key of [
      "SOUL_REAL_ENABLED",
      "SOUL_API_URL",
      "BUDDY_TRAFFIC_TOKEN",
      "HTTP_PROXY",
      "HTTPS_PROXY",
    ]
  ) {
    delete env[key];
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

function options(cwd: string, env: Record<string, string>, flags?: string[]): TaskOptions {
  return {
    cwd,
    env: environment(env),
    clearEnv: true,
    signal: AbortSignal.timeout(RUN_LIMIT_MS),
    ...(flags === undefined ? {} : { flags }),
  };
}

async function waitUntil(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test("a whole simulation with a secret header never shows the secret anywhere", async () => {
  const dir = await Deno.makeTempDir();
  let n = 0;
  // Every 5th answer echoes the Authorization header (as a careless API might), every 7th
  // is rate limited; the rest are moderation answers.
  const server = serveApi((body, request) => {
    n++;
    if (n % 5 === 0) {
      return new Response(`invalid key: ${request.headers.get("authorization")}`, { status: 401 });
    }
    if (n % 7 === 0) {
      return new Response("{}", { status: 429, headers: { "retry-after": "3" } });
    }
    return moderationHandler(body, request);
  });
  await Deno.writeTextFile(
    join(dir, "target.json"),
    JSON.stringify({
      preset: "openai-moderation",
      url: `${server.url}/v1/moderations`,
      headers: { Authorization: "Bearer ${BUDDY_TEST_SECRET}" },
    }),
  );
  const sim = new TaskProcess(
    "simulate",
    [
      "--use-real-soul",
      "--target",
      "target.json",
      "--serve",
      "127.0.0.1:0",
      "--interval-min",
      "1",
      "--interval-max",
      "2",
      "--report-interval",
      "50",
      "--duration",
      "30s",
    ],
    options(
      dir,
      { SOUL_REAL_ENABLED: "true", BUDDY_TEST_SECRET: SECRET },
      flagsWithEnv("BUDDY_TEST_SECRET"),
    ),
  );
  const outputs: Record<string, string> = {};
  try {
    const [, base] = await sim.waitForLine(
      /Serving the dashboard on (http:\/\/127\.0\.0\.1:\d+)\//,
    );
    const file = join(dir, "buddy_traffic_metrics.json");
    await waitUntil("a report with errors", async () => {
      try {
        const doc = JSON.parse(await Deno.readTextFile(file));
        return doc.reports.length >= 2 && doc.errors?.length > 0;
      } catch {
        return false;
      }
    });
    for (const path of ["/api/metrics", "/metrics", "/", "/assets/dashboard.js"]) {
      outputs[path] = await (await fetch(`${base}${path}`)).text();
    }
    const events = await fetch(`${base}/api/events`);
    const reader = events.body!.getReader();
    const first = await reader.read();
    outputs["/api/events"] = new TextDecoder().decode(first.value);
    await reader.cancel();
    const end = await sim.stop("SIGINT");
    assert.equal(end.code, 0, end.stderr);
    outputs.stdout = end.stdout;
    outputs.stderr = end.stderr;
    outputs.file = await Deno.readTextFile(file);
    const report = await runTask("visualize", ["--html", "report.html"], { cwd: dir });
    assert.equal(report.code, 0, report.stderr);
    outputs.visualize = report.stdout + report.stderr;
    outputs.html = await Deno.readTextFile(join(dir, "report.html"));
  } finally {
    sim.kill("SIGKILL");
    await sim.finished();
    await server.stop();
  }
  const doc = JSON.parse(outputs.file!);
  const errors = doc.cumulative.stats.errors as Record<string, number>;
  assert.ok((errors.http_status ?? 0) > 0, JSON.stringify(errors));
  assert.ok((errors.rate_limited ?? 0) > 0, JSON.stringify(errors));
  assert.ok(outputs.file!.includes("invalid key: Bearer ***"), "the echoed key is shown as ***");
  assert.ok(outputs.file!.includes("Retry-After: 3"), "Retry-After is kept in the sample");
  for (const [where, text] of Object.entries(outputs)) {
    assert.equal(text.includes(SECRET), false, `the secret appears in ${where}`);
    assert.equal(
      text.includes(SECRET.slice(0, 12)),
      false,
      `part of the secret appears in ${where}`,
    );
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--probe against deno task soul maps all three inputs and exits 0", async () => {
  const dir = await Deno.makeTempDir();
  const soul = await startSoulProcess();
  try {
    await Deno.writeTextFile(
      join(dir, "target.yaml"),
      `preset: soul\nurl: ${soul.url}/v1/evaluate\n`,
    );
    const out = await runTask("simulate", ["--target", "target.yaml", "--probe"], options(dir, {}));
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /^Probing soul http:\/\/127\.0\.0\.1:\d+\/v1\/evaluate over fast$/m);
    assert.match(out.stdout, /^benign: "What is the capital of France\?"$/m);
    assert.match(out.stdout, /^ {2}decision: approved \(/m);
    assert.match(out.stdout, /^ {2}decision: clarification \(/m);
    assert.match(out.stdout, /^ {2}decision: blocked \(/m);
    assert.match(out.stdout, /^3 of 3 answers mapped cleanly$/m);
  } finally {
    await soul.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--probe exits 1 when an answer does not map, naming the path", async () => {
  const dir = await Deno.makeTempDir();
  const server = serveApi(() => ({ results: [] }));
  try {
    await Deno.writeTextFile(
      join(dir, "target.json"),
      JSON.stringify({ preset: "openai-moderation", url: `${server.url}/v1/moderations` }),
    );
    const out = await runTask("simulate", ["--target", "target.json", "--probe"], options(dir, {}));
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /decision: none: invalid_decision: Answer has no 'results\.0\./);
    assert.match(out.stdout, /^0 of 3 answers mapped cleanly$/m);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad target files and settings stop before the run with one line and exit 2", async () => {
  const dir = await Deno.makeTempDir();
  const files: Record<string, string> = {
    "broken.json": "{ nope",
    "preset.json": '{"preset": "gpt-guard"}',
    "body.json": '{"body": {"text": "hello"}}',
    "env.json": '{"headers": {"Authorization": "Bearer ${OPENAI_API_KEY}"}}',
    "remote.json": '{"preset": "openai-moderation"}',
  };
  for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(join(dir, name), text);
  const cases: [string[], RegExp][] = [
    [
      ["--target", "broken.json"],
      /^error: Cannot use target file 'broken\.json' as it is not valid JSON/,
    ],
    [
      ["--target", "preset.json"],
      /^error: Cannot use target file 'preset\.json' as 'preset' must be one of soul, openai-moderation, openai-chat, llama-guard: current value is "gpt-guard"$/m,
    ],
    [["--target", "body.json"], /^error: .*'body' must hold \{\{input\}\}/],
    [
      ["--target", "env.json"],
      /^error: .*needs \$\{OPENAI_API_KEY\}, and reading it is not permitted: add --allow-env=OPENAI_API_KEY$/m,
    ],
    [
      ["--target", "remote.json"],
      /^error: Cannot reach api\.openai\.com:443 .*: add --allow-net=api\.openai\.com:443$/m,
    ],
    [
      ["--target", "missing.json"],
      /^error: Cannot use --target 'missing\.json' as it does not exist$/m,
    ],
    [["--probe"], /^error: Cannot use --probe without --target/],
    [
      ["--target", "preset.json", "--soul-url", "http://127.0.0.1:9"],
      /^error: Cannot use --soul-url with --target/,
    ],
    [
      ["--soul-url", "http://user:hunter2-pw@127.0.0.1:8787"],
      /^error: Cannot use --soul-url as it must carry no credentials: current value is 'http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:8787\/'$/m,
    ],
  ];
  try {
    for (const [args, expected] of cases) {
      const out = await runTask(
        "simulate",
        ["--use-real-soul", ...args, "--max-requests", "1"],
        options(dir, { SOUL_REAL_ENABLED: "true", OPENAI_API_KEY: "not-granted-key" }),
      );
      assert.equal(out.code, 2, `${args.join(" ")}: ${out.stderr}`);
      assert.match(out.stderr, expected, args.join(" "));
      assert.equal(out.stderr.includes("hunter2"), false);
      assert.equal(out.stderr.includes("not-granted-key"), false);
      assert.equal(out.stderr.trim().split("\n").filter((l) => l.startsWith("error:")).length, 1);
    }
    const entries = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.equal(entries.includes("buddy_traffic_metrics.json"), false, "no run started");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a FIFO, a device, an oversize or an ungranted target (or flags) file is one line and exit 2, never a hang", async () => {
  const dir = await Deno.makeTempDir();
  const outside = await Deno.makeTempDir();
  try {
    assert.equal(
      (await new Deno.Command("mkfifo", { args: [join(dir, "t.fifo")] }).output()).code,
      0,
    );
    await Deno.writeTextFile(join(dir, "big.json"), `{"x": "${"a".repeat(1024 * 1024)}"}`);
    await Deno.writeTextFile(join(outside, "t.json"), '{"url": "http://127.0.0.1:9/v1"}');
    await Deno.writeTextFile(join(outside, "ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    await Deno.writeTextFile(
      join(dir, "tls.json"),
      JSON.stringify({ url: "https://127.0.0.1:9/v1", ca_file: join(outside, "ca.pem") }),
    );
    await Deno.writeTextFile(
      join(dir, "fifo-ca.json"),
      '{"url": "https://127.0.0.1:9/v1", "ca_file": "t.fifo"}',
    );
    const ca = join(outside, "ca.pem");
    const devices = taskFlags("simulate").map((flag) =>
      flag.startsWith("--allow-read=") ? `${flag},/dev/zero` : flag
    );
    const cases: [string[], RegExp, RegExp | null, string[]?][] = [
      [
        ["--target", "t.fifo"],
        /^error: Cannot use --target 't\.fifo' as it is a FIFO, not a regular file$/,
        /^hint: run '.*--help' for usage$/,
      ],
      [
        ["--target", "big.json"],
        /^error: Cannot use --target 'big\.json' as it is larger than the 1 MB a target file may be$/,
        null,
      ],
      [
        ["--target", "/dev/zero"],
        /^error: Cannot use --target '\/dev\/zero' as it is a character device, not a regular file$/,
        null,
        devices,
      ],
      [
        ["--target", "/dev/zero"],
        /^error: Cannot use --target '\/dev\/zero' as reading it is not permitted: add --allow-read=\/dev\/zero$/,
        /^hint: run with --allow-read=\/dev\/zero added to the deno run command line/,
      ],
      [
        ["--target", join(outside, "t.json")],
        new RegExp(`as reading it is not permitted: add --allow-read=${join(outside, "t.json")}$`),
        new RegExp(`^hint: run with --allow-read=${join(outside, "t.json")} added`),
      ],
      [
        ["--flags", join(outside, "t.json")],
        new RegExp(`as reading it is not permitted: add --allow-read=${join(outside, "t.json")}$`),
        new RegExp(`^hint: run with --allow-read=${join(outside, "t.json")} added`),
      ],
      [
        ["--target", "tls.json"],
        new RegExp(
          `'ca_file' names '${ca}', and reading it is not permitted: add --allow-read=${ca}$`,
        ),
        new RegExp(`^hint: run with --allow-read=${ca} added`),
      ],
      [
        ["--target", "fifo-ca.json"],
        /'ca_file' must name a readable PEM file \(it is a FIFO, not a regular file\)/,
        null,
      ],
    ];
    for (const [args, error, hint, flags] of cases) {
      const out = await runTask(
        "simulate",
        ["--use-real-soul", ...args, "--max-requests", "1"],
        options(dir, { SOUL_REAL_ENABLED: "true" }, flags),
      );
      const label = `${args.join(" ")}: ${out.stderr}`;
      assert.equal(out.code, 2, label);
      const lines = out.stderr.trim().split("\n");
      assert.ok(lines.length <= 2, label);
      assert.match(lines[0] ?? "", error, label);
      if (hint !== null) assert.match(lines[1] ?? "", hint, label);
    }
    const entries = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.equal(entries.includes("buddy_traffic_metrics.json"), false, "no run started");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("a symlink in the working directory that leads out of it is refused, naming where it leads", async () => {
  const dir = await Deno.makeTempDir();
  const outside = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(outside, "t.json"), '{"url": "http://127.0.0.1:9/v1"}');
    await Deno.writeTextFile(join(outside, "corpus.jsonl"), '{"input": "hello"}\n');
    await Deno.symlink(join(outside, "t.json"), join(dir, "t.json"));
    await Deno.symlink(join(outside, "corpus.jsonl"), join(dir, "corpus.jsonl"));
    await Deno.symlink(outside, join(dir, "linked"));
    const real = await Deno.realPath(outside);
    const cases: [string[], string][] = [
      [["--use-real-soul", "--target", "t.json"], "Cannot use --target 't.json'"],
      [["--use-real-soul", "--target", "linked/t.json"], "Cannot use --target 'linked/t.json'"],
      [["--corpus", "corpus.jsonl"], "Cannot use --corpus"],
      [["--flags", "t.json"], "Cannot use --flags 't.json'"],
      [["--file", "linked/m.json"], "Cannot write metrics file 'linked/m.json'"],
    ];
    for (const [args, named] of cases) {
      const out = await runTask(
        "simulate",
        [...args, "--max-requests", "1"],
        options(dir, { SOUL_REAL_ENABLED: "true" }),
      );
      const label = `${args.join(" ")}: ${out.stderr}`;
      assert.equal(out.code, 2, label);
      const first = out.stderr.split("\n")[0] ?? "";
      assert.ok(first.startsWith(`error: ${named}`), label);
      assert.match(
        first,
        new RegExp(
          `resolves to '${real}/[a-z.]+', outside the working directory .*: name that path and grant it$`,
        ),
        label,
      );
      assert.ok(out.stderr.trim().split("\n").length <= 2, label);
    }
    const entries = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.equal(entries.includes("buddy_traffic_metrics.json"), false, "no run started");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("POST /api/target switches a running simulator to its target file, and SIGHUP back", async () => {
  const dir = await Deno.makeTempDir();
  const server = serveApi(moderationHandler);
  await Deno.writeTextFile(
    join(dir, "target.json"),
    JSON.stringify({
      preset: "openai-moderation",
      url: `${server.url}/v1/moderations`,
      headers: { Authorization: "Bearer ${BUDDY_TEST_SECRET}" },
    }),
  );
  await Deno.writeTextFile(join(dir, "soul.flags"), "SOUL_REAL_ENABLED=false\n");
  const sim = new TaskProcess(
    "simulate",
    [
      "--use-real-soul",
      "--target",
      "target.json",
      "--flags",
      "soul.flags",
      "--serve",
      "127.0.0.1:0",
      "--interval-min",
      "1",
      "--interval-max",
      "2",
      "--duration",
      "30s",
    ],
    options(dir, { BUDDY_TEST_SECRET: SECRET }, flagsWithEnv("BUDDY_TEST_SECRET")),
  );
  try {
    const [, base] = await sim.waitForLine(
      /Serving the dashboard on (http:\/\/127\.0\.0\.1:\d+)\//,
    );
    assert.equal(server.received.length, 0, "the run starts on the reference engine");
    const response = await fetch(`${base}/api/target`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "http" }),
    });
    assert.deepEqual(await response.json(), {
      switched: true,
      target: `http openai-moderation ${server.url}/v1/moderations`,
    });
    await waitUntil("requests at the target file's service", () => server.received.length > 10);
    assert.equal(server.received[0]!.headers["authorization"], `Bearer ${SECRET}`);
    assert.match(server.received[0]!.headers["user-agent"] ?? "", /^buddy-traffic\/\d+\.\d+\.\d+$/);
    sim.kill("SIGHUP");
    await sim.waitForLine(/^Target switched to reference: SIGHUP$/);
    const end = await sim.stop("SIGINT");
    assert.equal(end.code, 0, end.stderr);
    assert.equal(end.stdout.includes(SECRET) || end.stderr.includes(SECRET), false);
  } finally {
    sim.kill("SIGKILL");
    await sim.finished();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
