/**
 * End-to-end tests of the simulator's live machinery and verdict, running the
 * real script with the task's permissions: `/metrics` and `tick` events move
 * before any report, and `--check` exits as the visualizer judges the file.
 */
import assert from "node:assert/strict";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { metricsFileWrites, runTask, TaskProcess, UNTIMED_RULES } from "./_tasks.ts";
import { readLiveStatus } from "../lib/store/live_status_file.ts";

const ADVERSARIAL_ONLY = "--mix=simple=0,multi_step=0,low_confidence=0,high_confidence=0," +
  "conflicting_gates=0,clarification=0,edge_case=0,adversarial=100";

/** Sum of every `buddy_traffic_requests_total` sample. */
function requestsTotal(text: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const m = /^buddy_traffic_requests_total\{[^}]*\} (\d+)$/.exec(line);
    if (m !== null) sum += Number(m[1]);
  }
  return sum;
}

/** Reads server-sent events of type `type` from `url` until `count` arrived. */
async function readEvents(url: string, type: string, count: number): Promise<unknown[]> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const out: unknown[] = [];
  let buffer = "";
  try {
    for await (const text of response.body!.pipeThrough(new TextDecoderStream())) {
      buffer += text;
      const frames = buffer.split("\n\n");
      buffer = frames.pop() ?? "";
      for (const frame of frames) {
        const lines = frame.split("\n");
        if (!lines.includes(`event: ${type}`)) continue;
        const data = lines.find((l) => l.startsWith("data: "));
        if (data !== undefined) out.push(JSON.parse(data.slice("data: ".length)));
        if (out.length >= count) return out;
      }
    }
  } finally {
    controller.abort();
  }
  throw new Error(`event stream ended after ${out.length} '${type}' events`);
}

Deno.test("simulate --serve: /metrics and tick events move each second before any report", async () => {
  const dir = await Deno.makeTempDir();
  const sim = new TaskProcess("simulate", [
    "--file=m.json",
    "--serve=0",
    "--duration=60s",
    "--seed=3",
    "--interval-min=5",
    "--interval-max=10",
    "--report-interval=1000000",
    "--report-seconds=3600",
  ], { cwd: dir, writes: metricsFileWrites("m.json") });
  try {
    const [, url] = await sim.waitForLine(/Serving the dashboard on (http:\S+)/);
    const first = requestsTotal(await (await fetch(`${url}metrics`)).text());
    // Four ticks observed on the event stream, then a second scrape.
    const ticks = await readEvents(`${url}api/events`, "tick", 4) as {
      at: number;
      requests: number;
      running: boolean;
      alerts: unknown[];
    }[];
    const metrics = await (await fetch(`${url}metrics`)).text();
    const second = requestsTotal(metrics);
    assert.ok(second > first, `requests_total rose from ${first} to ${second}`);
    const doc = await (await fetch(`${url}api/metrics`)).json();
    assert.equal(doc.reports.length, 0, "no report was written yet");
    // One tick per wall-clock second, each with more requests than the last.
    const seconds = ticks.map((t) => Math.floor(t.at / 1000));
    for (let i = 1; i < ticks.length; i++) {
      assert.equal(seconds[i]! - seconds[i - 1]!, 1, `ticks at seconds ${seconds.join(", ")}`);
      assert.ok(ticks[i]!.requests > ticks[i - 1]!.requests);
    }
    assert.ok(ticks.every((t) => t.running && t.alerts.length === DEFAULT_RULES.length));
    // Histograms: +Inf equals _count, on log-spaced bounds from 0.05 ms.
    const count = /^buddy_traffic_latency_seconds_count\{category="simple"\} (\d+)$/m.exec(metrics);
    const inf = /^buddy_traffic_latency_seconds_bucket\{category="simple",le="\+Inf"\} (\d+)$/m
      .exec(metrics);
    assert.ok(count !== null && inf !== null);
    assert.equal(inf[1], count[1]);
    assert.match(metrics, /le="0\.00005"/);
    assert.match(
      metrics,
      /^buddy_traffic_alert\{rule_id="low_success_rate",severity="critical",state="ok"\} 1$/m,
    );
    // The live status file beside the metrics file follows the ticks.
    const live = await readLiveStatus(`${dir}/m.json.live.json`);
    assert.ok(live !== null && typeof live.requests === "number" && live.requests > 0);
  } finally {
    await sim.stop("SIGINT");
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("simulate --check exits 1 when a HIGH rule failed, as visualize --check judges the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const args = [
      "--file=m.json",
      "--max-requests=300",
      "--interval-min=0",
      "--interval-max=0",
      "--fault-rate=0.3",
      "--seed=1",
      "--rules=untimed.json",
    ];
    await Deno.writeTextFile(`${dir}/untimed.json`, UNTIMED_RULES);
    const plain = await runTask("simulate", args, {
      cwd: dir,
      writes: metricsFileWrites("m.json"),
    });
    assert.equal(plain.code, 0, "without --check a failed rule is reported, not an exit code");
    assert.match(plain.stdout, /^Verdict over 300 requests since \S+$/m);
    assert.match(plain.stdout, /^ {2}✗ HIGH {3}low_success_rate +\d+(\.\d+)?% {2}>= 90%$/m);
    assert.match(plain.stdout, /^ {2}✓ HIGH {3}unhandled_exceptions +0 {2}<= 0$/m);
    assert.match(plain.stdout, /^ {2}health [\d.]+ \((Excellent|Good|Fair|Poor)\) {3}Apdex /m);
    assert.match(plain.stdout, /^ {2}latency p50 [\d.]+ ms {2}p95 [\d.]+ ms {2}p99 /m);
    assert.match(plain.stdout, /^ {2}adversarial blocked [\d.]+% {3}benign over-blocked [\d.]+%$/m);
    assert.match(
      plain.stdout,
      /1 HIGH rule failed, 1 MEDIUM rule failed \(--check exits 1 on HIGH\)$/m,
    );

    const checked = await runTask("simulate", [...args, "--fresh", "--check"], {
      cwd: dir,
      writes: metricsFileWrites("m.json"),
    });
    assert.equal(checked.code, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^FAIL: 1 HIGH rule failed, 1 MEDIUM rule failed \(exit 1\)$/m);
    const since = /same gate: deno task visualize --file m\.json --check --since (\S+)$/m
      .exec(checked.stdout)?.[1];
    assert.ok(since !== undefined, checked.stdout);
    const gate = await runTask("visualize", [
      "--file=m.json",
      "--check",
      `--since=${since}`,
      "--rules=untimed.json",
    ], {
      cwd: dir,
    });
    assert.equal(gate.code, 1, gate.stdout);
    assert.match(gate.stdout, /HIGH {3}low_success_rate/);
    for (const line of checked.stdout.split("\n")) {
      assert.ok(line.length <= 100, `a line of ${line.length} columns: ${line}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("simulate --check passes a MEDIUM failure unless --strict", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const args = [
      "--file=m.json",
      "--max-requests=150",
      "--interval-min=1",
      "--interval-max=2",
      "--seed=1",
      ADVERSARIAL_ONLY,
      "--check",
      "--rules=untimed.json",
    ];
    await Deno.writeTextFile(`${dir}/untimed.json`, UNTIMED_RULES);
    const lenient = await runTask("simulate", args, {
      cwd: dir,
      writes: metricsFileWrites("m.json"),
    });
    assert.equal(lenient.code, 0, lenient.stdout + lenient.stderr);
    assert.match(lenient.stdout, /^ {2}✗ MEDIUM unusual_pre_validation_rate +0% {2}25%\.\.50%$/m);
    assert.match(lenient.stdout, /^PASS: 1 MEDIUM rule failed \(exit 0\)$/m);
    const strict = await runTask("simulate", [...args, "--fresh", "--strict"], {
      cwd: dir,
      writes: metricsFileWrites("m.json"),
    });
    assert.equal(strict.code, 1, strict.stdout + strict.stderr);
    assert.match(strict.stdout, /^FAIL: 1 MEDIUM rule failed \(exit 1\)$/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("simulate --rules judges the run with the file's thresholds; a bad rules file stops it before the metrics file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const args = [
      "--file=m.json",
      "--max-requests=200",
      "--interval-min=0",
      "--interval-max=0",
      "--fault-rate=0.03",
      "--seed=2",
      "--check",
      "--rules=strict.json",
    ];
    await Deno.writeTextFile(
      `${dir}/strict.json`,
      JSON.stringify({
        rules: [
          { id: "low_success_rate", threshold: 99.5 },
          { id: "slow_single_request", enabled: false },
          { id: "high_avg_execution_time", enabled: false },
        ],
      }),
    );
    const judged = await runTask("simulate", args, {
      cwd: dir,
      writes: metricsFileWrites("m.json"),
    });
    assert.equal(judged.code, 1, judged.stdout + judged.stderr);
    assert.match(judged.stdout, /^ {2}✗ HIGH {3}low_success_rate +\d+(\.\d+)?% {2}>= 99\.5%$/m);
    assert.doesNotMatch(judged.stdout, /slow_single_request/);

    await Deno.writeTextFile(`${dir}/bad.json`, '{"rules": [{"id": "no_such_rule"}]}');
    await Deno.remove(`${dir}/m.json`);
    const bad = await runTask("simulate", ["--file=m.json", "--rules=bad.json"], {
      cwd: dir,
      writes: metricsFileWrites("m.json"),
    });
    assert.equal(bad.code, 2, bad.stdout + bad.stderr);
    const lines = bad.stderr.trim().split("\n");
    assert.match(lines[0]!, /^error: .*no_such_rule/);
    assert.ok(lines.length <= 2, bad.stderr);
    await assert.rejects(Deno.stat(`${dir}/m.json`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
