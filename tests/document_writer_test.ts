import assert from "node:assert/strict";
import { DocumentWriter } from "../lib/simulate/document_writer.ts";
import { sleep } from "../lib/simulate/clock.ts";
import { FakeClock } from "./_fake_clock.ts";

function recorder(clock: FakeClock, writeMs = 10) {
  const starts: number[] = [];
  const write = () => {
    starts.push(clock.now());
    return sleep(clock, writeMs);
  };
  return { starts, write };
}

Deno.test("DocumentWriter writes at once when idle and coalesces requests made meanwhile", async () => {
  const clock = new FakeClock();
  const { starts, write } = recorder(clock);
  const writer = new DocumentWriter({ write, clock, minIntervalMs: 0 });
  await clock.drive((async () => {
    writer.schedule();
    writer.schedule();
    writer.schedule();
    await sleep(clock, 50);
  })());
  assert.deepEqual(starts, [0, 10]);
});

Deno.test("DocumentWriter starts at most one write per interval and always writes the last state", async () => {
  const clock = new FakeClock();
  const { starts, write } = recorder(clock, 5);
  const writer = new DocumentWriter({ write, clock, minIntervalMs: 1000 });
  await clock.drive((async () => {
    for (let i = 0; i < 30; i++) {
      writer.schedule();
      await sleep(clock, 100);
    }
    await sleep(clock, 2000);
  })());
  assert.deepEqual(starts, [0, 1000, 2000, 3000]);
});

Deno.test("DocumentWriter.flush() writes immediately and reports its failure", async () => {
  const clock = new FakeClock();
  let fail = false;
  const starts: number[] = [];
  const errors: unknown[] = [];
  const writer = new DocumentWriter({
    write: () => {
      starts.push(clock.now());
      return fail ? Promise.reject(new Error("disk full")) : Promise.resolve();
    },
    clock,
    minIntervalMs: 1000,
    onError: (e) => errors.push(e),
  });
  await clock.drive((async () => {
    writer.schedule();
    await sleep(clock, 10);
    fail = true;
    writer.schedule();
    await sleep(clock, 2000);
    await assert.rejects(writer.flush(), { message: "disk full" });
  })());
  assert.deepEqual(starts, [0, 1000, 2010]);
  assert.equal(errors.length, 1);
});
