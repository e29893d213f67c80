/**
 * Scheduled batches with a real `Deno.cron` (every minute, the shortest
 * schedule there is), real processes and real signals. Everything that needs
 * a firing shares one minute: two simulators on the same KV shard (one
 * batch runs, the other firing is skipped), a file-backed simulator, a long
 * batch stopped by SIGTERM, and the Deno Deploy entry on its own shard,
 * whose dashboard then serves both shards merged.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { checkKvStore, openKvStore, readKvShard } from "../lib/store/kv_store.ts";
import { taskFlags, taskScript } from "./_task_flags.ts";

const decoder = new TextDecoder();

/** A running process whose output is collected as it comes. */
class Running {
  readonly child: Deno.ChildProcess;
  stdout = "";
  stderr = "";
  readonly #done: Promise<void>;

  constructor(task: string, args: string[], cwd: string, env: Record<string, string> = {}) {
    this.child = new Deno.Command(Deno.execPath(), {
      args: ["run", ...taskFlags(task), taskScript(task), ...args],
      cwd,
      env: { NO_COLOR: "1", ...env },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const pump = async (stream: ReadableStream<Uint8Array>, key: "stdout" | "stderr") => {
      for await (const chunk of stream) this[key] += decoder.decode(chunk, { stream: true });
    };
    this.#done = Promise.all([pump(this.child.stdout, "stdout"), pump(this.child.stderr, "stderr")])
      .then(() => {});
  }

  /** Waits until stdout matches `pattern`; returns the match. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const m = this.stdout.match(pattern);
      if (m !== null) return m;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${pattern} in stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
  }

  /** Sends `signal` and returns the exit code. */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<number> {
    try {
      this.child.kill(signal);
    } catch {
      // already exited
    }
    const status = await this.child.status;
    await this.#done;
    return status.code;
  }
}

Deno.test({
  name: "scheduled batches fire on a real Deno.cron, never overlap, and append to their store",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const everyMinute = ["--cron", "* * * * *"];
    const sameShard = ["--kv", "store.kv", "--shard", "hourly", ...everyMinute];
    // 40 requests at the default 50-200 ms take about 5 s: both firings land inside them.
    const first = new Running(
      "simulate",
      [...sameShard, "--max-requests", "40", "--seed", "11"],
      dir,
    );
    const second = new Running(
      "simulate",
      [...sameShard, "--max-requests", "40", "--seed", "11"],
      dir,
    );
    const file = new Running("simulate", [
      ...everyMinute,
      "--max-requests",
      "20",
      "--interval-min",
      "0",
      "--interval-max",
      "0",
      "--file",
      "batches.json",
    ], dir);
    const long = new Running("simulate", [
      ...everyMinute,
      "--duration",
      "1h",
      "--report-interval",
      "20",
      "--file",
      "long.json",
    ], dir);
    const deploy = new Running("deploy", [], dir, {
      BUDDY_KV_PATH: "store.kv",
      BUDDY_SHARD: "deploy",
      BUDDY_CRON: "* * * * *",
      BUDDY_SIMULATE_FLAGS: "--max-requests 30 --interval-min 0 --interval-max 0",
      BUDDY_LISTEN: "127.0.0.1:0",
    });
    const all = [first, second, file, long, deploy];
    try {
      for (const p of [first, second, file, long]) {
        await p.waitFor(
          /Scheduled batches of .* on '\* \* \* \* \*' \(UTC\); next batch at/,
          20_000,
        );
      }
      const port = Number((await deploy.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//, 20_000))[1]);

      // The next minute comes within 60 s; each batch then takes a few seconds.
      const minute = 75_000;
      await file.waitFor(/Batch 1 done; next batch at/, minute);
      await deploy.waitFor(/Batch 1 done; next batch at/, minute);
      await long.waitFor(/Batch 1 started at/, minute);
      const ran = await Promise.race([
        first.waitFor(/Batch 1 done/, minute).then(() => [first, second]),
        second.waitFor(/Batch 1 done/, minute).then(() => [second, first]),
      ]);
      const [winner, loser] = ran as [Running, Running];
      await loser.waitFor(/Firing at .* skipped: .*shard 'hourly'/, 5_000);
      assert.doesNotMatch(loser.stdout, /Batch \d+ started/);
      assert.match(winner.stdout, /Batch 1 started at/);

      // The deployment's dashboard serves both shards of the store, merged.
      const until = Date.now() + 15_000;
      let served = 0;
      while (Date.now() < until && served !== 70) {
        const res = await fetch(`http://127.0.0.1:${port}/api/metrics`);
        const body = await res.json() as { status?: { requests?: number } };
        served = body.status?.requests ?? 0;
        if (served !== 70) await new Promise((r) => setTimeout(r, 500));
      }
      assert.equal(served, 70);

      // SIGTERM stops the long batch with its final report, and idle schedulers at once.
      for (const p of all) assert.equal(await p.stop(), 0, p.stderr);
      assert.match(long.stderr, /Stopping: the running batch writes its final report/);
      assert.match(long.stdout, /Stopped after 1 batch\(es\)/);
    } finally {
      for (const p of all) await p.stop("SIGKILL");
    }

    const batches = await readMetricsFile(join(dir, "batches.json"));
    assert.equal(batches.runs.length, 1);
    assert.equal(batches.cumulative.total_requests, 20);
    assert.equal(batches.status.state, "stopped");
    const stopped = await readMetricsFile(join(dir, "long.json"));
    assert.equal(stopped.status.state, "stopped");
    assert.notEqual(stopped.runs[0]!.ended_at, null);
    assert.equal(stopped.reports.at(-1)!.kind, "final");

    const kv = await openKvStore(join(dir, "store.kv"), { create: false });
    try {
      assert.deepEqual(await checkKvStore(kv), []);
      const hourly = (await readKvShard(kv, "hourly"))!;
      assert.equal(hourly.runs.length, 1, "one batch ran on the shared shard");
      assert.equal(hourly.runs[0]!.seed, 11);
      assert.equal(hourly.cumulative.total_requests, 40);
      const deployed = (await readKvShard(kv, "deploy"))!;
      assert.equal(deployed.runs.length, 1);
      assert.equal(deployed.cumulative.total_requests, 30);
    } finally {
      kv.close();
    }
  },
});
