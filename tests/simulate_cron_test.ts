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
import { openKvStore } from "../lib/store/kv_open.ts";
import { readKvShard } from "../lib/store/kv_reader.ts";
import { checkKvStore } from "../lib/store/kv_check.ts";
import { TaskProcess } from "./_tasks.ts";

Deno.test({
  name: "scheduled batches fire on a real Deno.cron, never overlap, and append to their store",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const everyMinute = ["--cron", "* * * * *"];
    const sameShard = ["--kv", "buddy_traffic_data/store.kv", "--shard", "hourly", ...everyMinute];
    // The task may write only its metrics file: each file-mode scheduler gets a directory.
    await Deno.mkdir(join(dir, "batches"));
    await Deno.mkdir(join(dir, "long"));
    // 40 requests at the default 50-200 ms take about 5 s: both firings land inside them.
    const first = new TaskProcess(
      "simulate",
      [...sameShard, "--max-requests", "40", "--seed", "11"],
      { cwd: dir },
    );
    const second = new TaskProcess(
      "simulate",
      [...sameShard, "--max-requests", "40", "--seed", "11"],
      { cwd: dir },
    );
    const file = new TaskProcess("simulate", [
      ...everyMinute,
      "--max-requests",
      "20",
      "--interval-min",
      "0",
      "--interval-max",
      "0",
    ], { cwd: join(dir, "batches") });
    const long = new TaskProcess("simulate", [
      ...everyMinute,
      "--duration",
      "1h",
      "--report-interval",
      "20",
    ], { cwd: join(dir, "long") });
    const deploy = new TaskProcess("deploy", [], {
      cwd: dir,
      env: {
        BUDDY_KV_PATH: "buddy_traffic_data/store.kv",
        BUDDY_SHARD: "deploy",
        BUDDY_CRON: "* * * * *",
        BUDDY_SIMULATE_FLAGS: "--max-requests 30 --interval-min 0 --interval-max 0",
        BUDDY_LISTEN: "127.0.0.1:0",
      },
    });
    const all = [first, second, file, long, deploy];
    try {
      for (const p of [first, second, file, long]) {
        await p.waitForLine(
          /Scheduled batches of .* on '\* \* \* \* \*' \(UTC\); next batch at/,
          20_000,
        );
      }
      const port = Number((await deploy.waitForLine(/http:\/\/127\.0\.0\.1:(\d+)\//, 20_000))[1]);

      // The next minute comes within 60 s; each batch then takes a few seconds.
      const minute = 75_000;
      await file.waitForLine(/Batch 1 done; next batch at/, minute);
      await deploy.waitForLine(/Batch 1 done; next batch at/, minute);
      await long.waitForLine(/Batch 1 started at/, minute);
      const ran = await Promise.race([
        first.waitForLine(/Batch 1 done/, minute).then(() => [first, second]),
        second.waitForLine(/Batch 1 done/, minute).then(() => [second, first]),
      ]);
      const [winner, loser] = ran as [TaskProcess, TaskProcess];
      await loser.waitForLine(/Firing at .* skipped: .*shard 'hourly'/, 5_000);
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
      for (const p of all) {
        const end = await p.stop();
        assert.equal(end.code, 0, end.stderr);
      }
      assert.match(long.stderr, /Stopping: the running batch writes its final report/);
      assert.match(long.stdout, /Stopped after 1 batch\(es\)/);
    } finally {
      for (const p of all) await p.stop("SIGKILL");
    }

    const batches = await readMetricsFile(join(dir, "batches", "buddy_traffic_metrics.json"));
    assert.equal(batches.runs.length, 1);
    assert.equal(batches.cumulative.total_requests, 20);
    assert.equal(batches.status.state, "stopped");
    const stopped = await readMetricsFile(join(dir, "long", "buddy_traffic_metrics.json"));
    assert.equal(stopped.status.state, "stopped");
    assert.notEqual(stopped.runs[0]!.ended_at, null);
    // Every completed request is in a report (the final one, unless the stop fell just after a
    // periodic report and the last window was empty).
    assert.equal(
      stopped.reports.reduce((n, r) => n + r.total_requests, 0),
      stopped.status.requests,
    );
    assert.ok(stopped.events.some((e) => e.type === "run_stopped"));

    const kv = await openKvStore(join(dir, "buddy_traffic_data", "store.kv"), { create: false });
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
