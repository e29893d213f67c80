import assert from "node:assert/strict";
import fc from "fast-check";
import { RequestLog } from "../lib/metrics/request_log.ts";
import type { RequestRecord } from "../lib/model/record.ts";
import { createRecordStream } from "./_builders.ts";

function records(n: number, seed = 1): RequestRecord[] {
  const stream = createRecordStream({ seed, errorRate: 0.2 });
  return Array.from({ length: n }, () => {
    const r = stream.next();
    // The log rebuilds ids from sequence numbers, as the generator makes them.
    return { ...r, id: `r-${r.seq}` };
  });
}

Deno.test("RequestLog gives back the most recent records, equal to what was pushed", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 120 }), (cap, n) => {
      const log = new RequestLog(cap);
      const all = records(n);
      for (const r of all) log.push(r);
      const kept = all.slice(Math.max(0, n - cap));
      assert.deepEqual(log.last(), kept);
      assert.deepEqual(log.last(3), kept.slice(-3));
      assert.equal(log.size, Math.min(cap, n));
      assert.equal(log.pushed, n);
    }),
    { numRuns: 50 },
  );
});

Deno.test("RequestLog keeps failures, outcomes and flags of every record", () => {
  const log = new RequestLog(8);
  const all = records(200, 7);
  for (const r of all) log.push(r);
  const back = log.last();
  assert.ok(back.some((r) => !r.success && r.error !== null));
  assert.deepEqual(back, all.slice(-8));
});

Deno.test("RequestLog rejects a capacity below 1", () => {
  assert.throws(() => new RequestLog(0), { message: /current value is 0/ });
});
