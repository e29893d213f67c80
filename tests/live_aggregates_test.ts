import assert from "node:assert/strict";
import fc from "fast-check";
import {
  cumulativeBuckets,
  LIVE_BUCKETS_MS,
  LiveAggregates,
} from "../lib/metrics/live_aggregates.ts";
import { answeredRecord, createRecordStream, failedRecord, recordBase } from "./_builders.ts";

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

function base(seq: number, executionMs: number) {
  return recordBase(seq, {
    category: "adversarial",
    family: "role_play",
    expected: "block",
    execution_time: executionMs,
    latency: executionMs + 0.01,
    at: T0,
  });
}

Deno.test("LiveAggregates counts requests by category, expected and outcome since the start", () => {
  const live = new LiveAggregates();
  live.add(
    answeredRecord(base(1, 0.2), { confidence: 0.9, pre_validation: "failed", outcome: "blocked" }),
    T0,
  );
  live.add(
    answeredRecord(base(2, 0.3), {
      confidence: 0.2,
      pre_validation: "passed",
      outcome: "approved",
    }),
    T0 + 70_000,
  );
  live.add(failedRecord(base(3, 7), { type: "timeout", message: "slow" }), T0 + 140_000);
  assert.equal(live.requests("adversarial", "block", "blocked"), 1);
  assert.equal(live.requests("adversarial", "block", "approved"), 1);
  assert.equal(live.requests("adversarial", "block", "error"), 1);
  assert.equal(live.requests("simple", "approve", "approved"), 0);
  assert.equal(live.total.total, 3);
  assert.deepEqual(live.requestCounters().map((c) => c.outcome), ["approved", "blocked", "error"]);
});

Deno.test("LiveAggregates.window() holds only the last whole seconds", () => {
  const live = new LiveAggregates({ maxWindowS: 60 });
  const ok = (seq: number) =>
    answeredRecord(base(seq, 0.2), {
      confidence: 0.9,
      pre_validation: "failed",
      outcome: "blocked",
    });
  live.add(ok(1), T0); // second 0
  live.add(ok(2), T0 + 5_500); // second 5
  live.add(ok(3), T0 + 9_999); // second 9
  live.add(ok(4), T0 + 10_000); // second 10
  assert.equal(live.window(10, T0 + 10_000).total, 3); // seconds 1..10
  assert.equal(live.window(1, T0 + 10_000).total, 1);
  assert.equal(live.window(60, T0 + 10_000).total, 4);
  assert.equal(live.window(60, T0 + 70_000).total, 0); // all older than 60 s
  assert.equal(live.countIn(Math.floor(T0 / 1000) + 5), 1);
  assert.equal(live.total.total, 4);
});

Deno.test("LiveAggregates buckets are log-spaced from 0.05 ms to 100 ms", () => {
  assert.equal(LIVE_BUCKETS_MS[0], 0.05);
  assert.ok(LIVE_BUCKETS_MS.includes(100));
  for (let i = 1; i < LIVE_BUCKETS_MS.length; i++) {
    const ratio = LIVE_BUCKETS_MS[i]! / LIVE_BUCKETS_MS[i - 1]!;
    assert.ok(ratio >= 2 && ratio <= 10, `ratio ${ratio} at ${LIVE_BUCKETS_MS[i]}`);
  }
});

Deno.test("LiveAggregates puts a value on a bucket's bound in that bucket", () => {
  const live = new LiveAggregates();
  live.add(failedRecord(base(1, 5), { type: "timeout", message: "x" }), T0);
  const b = live.buckets("execution_time", "adversarial")!;
  const cumulative = cumulativeBuckets(b);
  assert.equal(cumulative[LIVE_BUCKETS_MS.indexOf(5)], 1);
  assert.equal(cumulative[LIVE_BUCKETS_MS.indexOf(2.5)], 0);
  assert.equal(b.sum, 5);
});

Deno.test("LiveAggregates: windows sum to the records in them and buckets end at the count", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 1, max: 60 }),
      (seed, offsets, span) => {
        const stream = createRecordStream({ seed });
        const live = new LiveAggregates();
        const times = offsets.slice().sort((a, b) => a - b).map((o) => T0 + o);
        for (const t of times) live.add(stream.next(), t);
        const now = times.at(-1)!;
        const last = Math.floor(now / 1000);
        const expected = times.filter((t) => Math.floor(t / 1000) > last - span).length;
        assert.equal(live.window(span, now).total, expected);
        assert.equal(live.total.total, times.length);
        let counted = 0;
        for (const c of live.requestCounters()) counted += c.value;
        assert.equal(counted, times.length);
        for (const field of ["execution_time", "latency"] as const) {
          let n = 0;
          for (const category of ["simple", "adversarial", "edge_case"] as const) {
            const b = live.buckets(field, category);
            if (b === undefined) continue;
            const cum = cumulativeBuckets(b);
            for (let i = 1; i < cum.length; i++) assert.ok(cum[i]! >= cum[i - 1]!);
            assert.equal(cum.at(-1), b.count);
            n += b.count;
          }
          assert.ok(n <= times.length);
        }
      },
    ),
    { numRuns: 60 },
  );
});

Deno.test("LiveAggregates rejects a window length that is not a positive integer", () => {
  assert.throws(
    () => new LiveAggregates({ maxWindowS: 0 }),
    /'maxWindowS' must be a positive integer: current value is 0/,
  );
});
