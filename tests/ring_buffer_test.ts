import assert from "node:assert/strict";
import fc from "fast-check";
import { RingBuffer } from "../lib/metrics/ring_buffer.ts";

Deno.test("RingBuffer keeps the most recent items in order", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.array(fc.integer(), { maxLength: 200 }),
      (cap, xs) => {
        const ring = new RingBuffer<number>(cap);
        for (const x of xs) ring.push(x);
        assert.deepEqual(ring.toArray(), xs.slice(Math.max(0, xs.length - cap)));
        assert.equal(ring.size, Math.min(cap, xs.length));
        assert.equal(ring.pushed, xs.length);
        assert.deepEqual(ring.last(3), xs.slice(Math.max(0, xs.length - cap)).slice(-3));
      },
    ),
  );
});

Deno.test("RingBuffer rejects a capacity below 1", () => {
  assert.throws(() => new RingBuffer(0), { message: /current value is 0/ });
});
