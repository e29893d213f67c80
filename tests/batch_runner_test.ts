import assert from "node:assert/strict";
import { type BatchResult, BatchRunner, describeOutcome } from "../lib/simulate/batch_runner.ts";

/** A batch that finishes when the test says so. */
function gate() {
  let open!: (result: BatchResult) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<BatchResult>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { done, open, fail };
}

Deno.test("BatchRunner skips a firing while a batch runs and never runs two at once", async () => {
  const gates = [gate(), gate()];
  let running = 0;
  let most = 0;
  const ran: number[] = [];
  const runner = new BatchRunner(async (batch) => {
    ran.push(batch);
    running++;
    most = Math.max(most, running);
    try {
      return await gates[batch - 1]!.done;
    } finally {
      running--;
    }
  });
  const first = runner.fire();
  assert.equal(runner.busy, true);
  const overlapping = await runner.fire();
  assert.deepEqual(overlapping, {
    kind: "skipped",
    batch: null,
    reason: "batch 1 is still running",
  });
  gates[0]!.open({ kind: "done" });
  assert.deepEqual(await first, { kind: "done", batch: 1 });
  assert.equal(runner.busy, false);
  const second = runner.fire();
  gates[1]!.open({ kind: "done" });
  assert.deepEqual(await second, { kind: "done", batch: 2 });
  assert.deepEqual(ran, [1, 2]);
  assert.equal(most, 1);
  assert.equal(runner.started, 2);
});

Deno.test("BatchRunner reports a failed batch and runs the next firing", async () => {
  let calls = 0;
  const runner = new BatchRunner((batch) => {
    calls++;
    if (batch === 1) return Promise.reject(new Error("store unreachable"));
    return Promise.resolve({ kind: "done" });
  });
  const failed = await runner.fire();
  assert.equal(failed.kind, "failed");
  assert.equal(failed.kind === "failed" && (failed.error as Error).message, "store unreachable");
  assert.deepEqual(await runner.fire(), { kind: "done", batch: 2 });
  assert.equal(calls, 2);
});

Deno.test("BatchRunner gives a batch number back when the store was busy", async () => {
  const results: BatchResult[] = [
    { kind: "skipped", reason: "shard 'hourly' is held by another simulator" },
    { kind: "done" },
  ];
  const seen: number[] = [];
  const runner = new BatchRunner((batch) => {
    seen.push(batch);
    return Promise.resolve(results.shift()!);
  });
  assert.deepEqual(await runner.fire(), {
    kind: "skipped",
    batch: null,
    reason: "shard 'hourly' is held by another simulator",
  });
  assert.deepEqual(await runner.fire(), { kind: "done", batch: 1 });
  assert.deepEqual(seen, [1, 1]);
  assert.equal(runner.started, 1);
});

Deno.test("BatchRunner.idle() waits for the batch in progress", async () => {
  const g = gate();
  const runner = new BatchRunner(() => g.done);
  void runner.fire();
  let idle = false;
  const waiting = runner.idle().then(() => (idle = true));
  await Promise.resolve();
  assert.equal(idle, false);
  g.open({ kind: "done" });
  await waiting;
  assert.equal(idle, true);
});

Deno.test("describeOutcome() gives one log line per firing outcome", () => {
  const at = new Date("2026-11-27T04:00:00.250Z");
  assert.deepEqual(describeOutcome({ kind: "done", batch: 3 }, at, "2026-11-27 05:00 UTC"), {
    line: "Batch 3 done; next batch at 2026-11-27 05:00 UTC",
    error: false,
  });
  assert.deepEqual(
    describeOutcome({ kind: "skipped", batch: null, reason: "batch 2 is still running" }, at, ""),
    { line: "Firing at 2026-11-27T04:00:00.250Z skipped: batch 2 is still running", error: false },
  );
  assert.deepEqual(
    describeOutcome({ kind: "failed", batch: 4, error: new Error("disk full\n  at x") }, at, ""),
    { line: "error: batch 4 failed: disk full", error: true },
  );
});
