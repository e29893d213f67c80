import assert from "node:assert/strict";
import fc from "fast-check";
import { Histogram, mergeHistograms } from "../lib/metrics/histogram.ts";
import { MIN_INDEXABLE } from "../lib/model/histogram_data.ts";

function exactQuantile(sorted: number[], q: number): number {
  const rank = q * (sorted.length - 1);
  return sorted[Math.floor(rank)] ?? 0;
}

const values = fc.array(fc.double({ min: 1e-4, max: 1e5, noNaN: true }), {
  minLength: 1,
  maxLength: 400,
});

Deno.test("Histogram.quantile() is within the stated relative accuracy of the exact rank", () => {
  fc.assert(
    fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
      const h = new Histogram({ accuracy: 0.01 });
      for (const x of xs) h.add(x);
      const sorted = xs.slice().sort((a, b) => a - b);
      const exact = exactQuantile(sorted, q);
      const got = h.quantile(q);
      assert.ok(
        Math.abs(got - exact) <= 0.01 * exact + 1e-12,
        `q=${q} exact=${exact} got=${got}`,
      );
    }),
  );
});

Deno.test("Histogram.merge() equals the histogram of the union", () => {
  fc.assert(
    fc.property(values, values, (a, b) => {
      const ha = new Histogram();
      const hb = new Histogram();
      const all = new Histogram();
      for (const x of a) ha.add(x), all.add(x);
      for (const x of b) hb.add(x), all.add(x);
      ha.merge(hb);
      const merged = ha.toData();
      const union = all.toData();
      assert.deepEqual(merged.bins, union.bins);
      assert.equal(merged.offset, union.offset);
      assert.equal(merged.count, union.count);
      assert.equal(merged.min, union.min);
      assert.equal(merged.max, union.max);
      assert.ok(Math.abs(merged.sum - union.sum) <= 1e-9 * Math.abs(union.sum));
    }),
  );
});

Deno.test("mergeHistograms() is associative and order-independent", () => {
  fc.assert(
    fc.property(values, values, values, (a, b, c) => {
      const make = (xs: number[]) => {
        const h = new Histogram();
        for (const x of xs) h.add(x);
        return h;
      };
      const left = mergeHistograms([mergeHistograms([make(a), make(b)]), make(c)]).toData();
      const right = mergeHistograms([make(c), mergeHistograms([make(b), make(a)])]).toData();
      assert.deepEqual(left.bins, right.bins);
      assert.equal(left.offset, right.offset);
      assert.equal(left.count, right.count);
    }),
  );
});

Deno.test("Histogram quantiles are monotone in q", () => {
  fc.assert(
    fc.property(values, (xs) => {
      const h = new Histogram();
      for (const x of xs) h.add(x);
      let previous = -Infinity;
      for (let q = 0; q <= 1.0001; q += 0.05) {
        const v = h.quantile(Math.min(1, q));
        assert.ok(v >= previous);
        previous = v;
      }
    }),
  );
});

Deno.test("Histogram round-trips through its JSON form", () => {
  const h = new Histogram();
  for (const x of [0, 0.0005, 0.01, 0.2, 3, 50, 1200]) h.add(x);
  const data = JSON.parse(JSON.stringify(h.toData()));
  const back = Histogram.fromData(data);
  assert.deepEqual(back.toData(), h.toData());
  assert.equal(back.quantile(0.5), h.quantile(0.5));
  assert.equal(back.count, 7);
  assert.equal(back.min, 0);
  assert.equal(back.max, 1200);
});

Deno.test("Histogram counts zero, negative and non-finite values in the zero bucket", () => {
  const h = new Histogram();
  h.add(0);
  h.add(-3);
  h.add(NaN);
  h.add(2);
  const data = h.toData();
  assert.equal(data.zero, 3);
  assert.equal(data.count, 4);
  assert.equal(data.min, 0);
  assert.equal(data.max, 2);
  assert.equal(h.quantile(0.5), 0);
});

Deno.test("Histogram.countAtOrBelow() counts values up to a limit", () => {
  const h = new Histogram();
  for (const x of [0.001, 0.002, 1, 2, 3, 10, 100]) h.add(x);
  assert.equal(h.countAtOrBelow(0.0001), 0);
  assert.equal(h.countAtOrBelow(0.5), 2);
  assert.equal(h.countAtOrBelow(5), 5);
  assert.equal(h.countAtOrBelow(1000), 7);
});

Deno.test("Histogram.countAtOrBelow() counts a value lying exactly on the limit", () => {
  const h = new Histogram();
  for (const x of [0, 0.5, 1, 2, 5, 10, 100]) h.add(x);
  assert.equal(h.countAtOrBelow(0), 1);
  assert.equal(h.countAtOrBelow(0.5), 2);
  assert.equal(h.countAtOrBelow(1), 3);
  assert.equal(h.countAtOrBelow(2), 4);
  assert.equal(h.countAtOrBelow(5), 5);
  assert.equal(h.countAtOrBelow(10), 6);
  assert.equal(h.countAtOrBelow(100), 7, "the limit is the largest value");
});

Deno.test("Histogram counts a value exactly on a bucket's upper bound at that bound", () => {
  // Bucket i holds (gamma^(i-1), gamma^i]; put a value on that bound for every bucket
  // from 1 µs to 100 s, with a larger value beside it so the count is not simply the total.
  const accuracy = 0.01;
  const gamma = (1 + accuracy) / (1 - accuracy);
  const first = Math.ceil(Math.log(1e-3) / Math.log(gamma));
  const last = Math.floor(Math.log(1e5) / Math.log(gamma));
  for (let i = first; i <= last; i++) {
    const bound = gamma ** i;
    const h = new Histogram({ accuracy });
    h.add(bound);
    h.add(bound);
    h.add(bound * 10);
    assert.equal(h.countAtOrBelow(bound), 2, `bound of bucket ${i}: ${bound}`);
    const got = h.quantile(0.25);
    assert.ok(
      Math.abs(got - bound) <= accuracy * bound * (1 + 1e-9),
      `bound of bucket ${i}: ${bound}, quantile ${got}`,
    );
  }
});

Deno.test("Histogram counts a value exactly at MIN_INDEXABLE in the zero bucket", () => {
  const h = new Histogram();
  h.add(MIN_INDEXABLE);
  h.add(MIN_INDEXABLE * 1.5);
  const data = h.toData();
  assert.equal(data.zero, 1);
  assert.deepEqual(data.bins.reduce((a, b) => a + b, 0), 1);
  assert.equal(h.countAtOrBelow(MIN_INDEXABLE), 1);
});

Deno.test("an empty Histogram reports zeros", () => {
  const h = new Histogram();
  assert.equal(h.quantile(0.99), 0);
  assert.equal(h.mean, 0);
  assert.deepEqual(h.toData(), {
    accuracy: 0.01,
    count: 0,
    sum: 0,
    min: 0,
    max: 0,
    zero: 0,
    offset: 0,
    bins: [],
  });
});

Deno.test("Histogram rejects merging different accuracies and bad accuracy", () => {
  assert.throws(() => new Histogram({ accuracy: 0.01 }).merge(new Histogram({ accuracy: 0.02 })), {
    message: /different accuracy/,
  });
  assert.throws(() => new Histogram({ accuracy: 0 }), { message: /current value is 0/ });
});
