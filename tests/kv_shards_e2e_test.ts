import assert from "node:assert/strict";
import { join } from "node:path";
import { openKvStore } from "../lib/store/kv_open.ts";
import { readKvShard, readKvShards, readKvVersion } from "../lib/store/kv_reader.ts";
import { checkKvStore } from "../lib/store/kv_check.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { runTask, TaskProcess, waitFor } from "./_tasks.ts";

/** The arguments of a quiet `simulate` run on the KV store in the granted data directory, then `args`. */
function kvArgs(args: string[]): string[] {
  return ["--quiet", "--kv", "buddy_traffic_data/store.kv", ...args];
}

/** Every request counted in the totals is in exactly one report or rollup. */
function assertTotalsAdd(doc: MetricsDocument): void {
  assert.equal(
    doc.cumulative.total_requests,
    [...doc.rollups, ...doc.reports].reduce((n, x) => n + x.total_requests, 0),
  );
}

Deno.test("three simulators write their own shards of one KV store at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kv_shards_e2e_" });
  const path = join(dir, "buddy_traffic_data", "store.kv");
  const shards = ["eu-1", "eu-2", "us-1"];
  const runs = shards.map((shard, i) =>
    runTask(
      "simulate",
      kvArgs([
        "--shard",
        shard,
        "--seed",
        String(101 + i),
        "--interval-min",
        "0.5",
        "--interval-max",
        "0.5",
        "--no-adaptive",
        "--max-requests",
        "2500",
        "--report-interval",
        "500",
      ]),
      { cwd: dir },
    )
  );
  // A reader polls the store the whole time, as the dashboard does.
  await waitFor(async () => {
    try {
      await Deno.stat(path);
      return true;
    } catch {
      return false;
    }
  });
  const reader = await openKvStore(path, { create: false });
  let done = false;
  // Reads that found a shard between its first report and its last: the writes were under way.
  let midRunReads = 0;
  const requestsSeen = new Map<string, number>();
  const polling = (async () => {
    let seen = -1n;
    while (!done) {
      const version = await readKvVersion(reader);
      if (version !== seen) {
        assert.ok(version > seen, `version went back from ${seen} to ${version}`);
        seen = version;
        let midRun = false;
        for (const { shard, doc } of await readKvShards(reader)) {
          assertTotalsAdd(doc);
          const requests = doc.status.requests;
          assert.ok(requests >= (requestsSeen.get(shard) ?? 0), `${shard} went back`);
          requestsSeen.set(shard, requests);
          if (doc.status.state === "running" && requests > 0 && requests < 2500) midRun = true;
        }
        if (midRun) midRunReads++;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const results = await Promise.all(runs);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
  } finally {
    done = true;
    await polling;
  }
  try {
    const all = await readKvShards(reader);
    assert.deepEqual(all.map((s) => s.shard), shards);
    all.forEach(({ doc }, i) => {
      assert.equal(doc.status.state, "stopped");
      assert.equal(doc.status.requests, 2500);
      assert.equal(doc.runs.length, 1);
      assert.equal(doc.runs[0]!.seed, 101 + i);
      assert.equal(doc.cumulative.total_requests, 2500);
      assertTotalsAdd(doc);
      assert.equal(doc.reports.at(-1)!.kind, "final");
    });
    assert.equal(new Set(all.map((s) => s.doc.runs[0]!.run_id)).size, 3);
    assert.deepEqual(await checkKvStore(reader), []);
    assert.ok(midRunReads >= 1, "the reader never read a shard while it was being written");
  } finally {
    reader.close();
  }
});

Deno.test("a simulator killed with SIGKILL leaves its shard whole, and a restart on this host takes it over at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kv_shards_e2e_" });
  const path = join(dir, "buddy_traffic_data", "store.kv");
  const fast = ["--interval-min", "0", "--interval-max", "0", "--report-interval", "200"];
  const victim = new TaskProcess("simulate", kvArgs([...fast, "--shard", "k", "--seed", "1"]), {
    cwd: dir,
  });
  const other = new TaskProcess("simulate", kvArgs([...fast, "--shard", "o", "--seed", "2"]), {
    cwd: dir,
  });
  let kv: Deno.Kv | null = null;
  try {
    await waitFor(async () => {
      try {
        kv ??= await openKvStore(path, { create: false });
        return ((await readKvShard(kv, "k"))?.reports.length ?? 0) >= 3;
      } catch {
        return false;
      }
    });
  } finally {
    victim.kill("SIGKILL");
  }
  assert.equal((await victim.finished()).signal, "SIGKILL");
  const store = kv as Deno.Kv | null;
  assert.ok(store !== null);
  try {
    // The other simulator keeps writing next to the dead one's shard.
    const version = await readKvVersion(store);
    await waitFor(async () => (await readKvVersion(store)) > version + 1n);
    assert.deepEqual(await checkKvStore(store), []);
    const doc = await readKvShard(store, "k");
    assert.ok(doc !== null);
    assert.equal(doc.status.state, "running");
    assert.ok(doc.reports.length >= 3);
    assertTotalsAdd(doc);

    // The dead simulator's pid no longer holds the shard's lock on this host: a restart
    // takes the shard over at once, well inside the lease, and continues its history.
    const restart = await runTask(
      "simulate",
      kvArgs([...fast, "--shard", "k", "--max-requests", "100"]),
      { cwd: dir },
    );
    assert.equal(restart.code, 0, restart.stderr);
    const continued = await readKvShard(store, "k");
    assert.ok(continued !== null);
    assert.equal(continued.runs.length, 2);
    assert.equal(continued.status.state, "stopped");
    assert.equal(continued.cumulative.total_requests, doc.cumulative.total_requests + 100);
    assertTotalsAdd(continued);

    // A live simulator's shard is still refused, naming the holder.
    const busy = await runTask(
      "simulate",
      kvArgs([...fast, "--shard", "o", "--max-requests", "100"]),
      { cwd: dir },
    );
    assert.equal(busy.code, 2, busy.stderr);
    assert.match(
      busy.stderr,
      /^error: Cannot use shard 'o' as another simulator \(pid \d+ on host [^)]+\) is writing it; last write \d+ s ago: use another --shard or stop that simulator\n/,
    );
  } finally {
    const status = await other.stop("SIGINT");
    assert.equal(status.code, 0);
    const done = await readKvShard(store, "o");
    assert.equal(done?.status.state, "stopped");
    assertTotalsAdd(done!);
    assert.deepEqual(await checkKvStore(store), []);
    store.close();
  }
});
