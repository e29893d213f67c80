import assert from "node:assert/strict";
import fc from "fast-check";
import { createRandom, MAX_SEED, randomSeed } from "../lib/traffic/random.ts";

const seed = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

Deno.test("createRandom() gives the same sequence for the same seed", () => {
  fc.assert(
    fc.property(seed, (s) => {
      const a = createRandom(s);
      const b = createRandom(s);
      for (let i = 0; i < 50; i++) assert.equal(a.next(), b.next());
    }),
  );
});

Deno.test("createRandom() gives different sequences for different seeds", () => {
  fc.assert(
    fc.property(seed, seed, (s, t) => {
      fc.pre(s !== t);
      const a = createRandom(s);
      const b = createRandom(t);
      const first = Array.from({ length: 8 }, () => a.next());
      const second = Array.from({ length: 8 }, () => b.next());
      assert.notDeepEqual(first, second);
    }),
  );
});

Deno.test("createRandom() uses the high bits of seeds above 2^32", () => {
  const low = createRandom(7);
  const high = createRandom(7 + 2 ** 32);
  assert.notEqual(low.next(), high.next());
});

Deno.test("createRandom() stays in range for next(), int(), pick() and chance()", () => {
  fc.assert(
    fc.property(seed, fc.integer({ min: 1, max: 1000 }), (s, n) => {
      const random = createRandom(s);
      const items = ["a", "b", "c"];
      for (let i = 0; i < 100; i++) {
        const x = random.next();
        assert.ok(x >= 0 && x < 1);
        const k = random.int(n);
        assert.ok(Number.isInteger(k) && k >= 0 && k < n);
        assert.ok(items.includes(random.pick(items)));
        assert.equal(random.chance(0), false);
        assert.equal(random.chance(1), true);
      }
    }),
  );
});

Deno.test("createRandom() spreads int(10) evenly over 100,000 draws", () => {
  const random = createRandom(12345);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) counts[random.int(10)]!++;
  // Binomial(100000, 0.1): sd is about 95, so 6 sd is about 570.
  for (const count of counts) assert.ok(Math.abs(count - 10_000) < 570, `count ${count}`);
});

Deno.test("createRandom() rejects negative, fractional and unsafe seeds", () => {
  for (const bad of [-1, 1.5, NaN, Infinity, MAX_SEED + 1]) {
    assert.throws(() => createRandom(bad), {
      name: "RangeError",
      message:
        `Cannot create random source as 'seed' must be a non-negative safe integer: current value is ${bad}`,
    });
  }
  assert.doesNotThrow(() => createRandom(0));
  assert.doesNotThrow(() => createRandom(MAX_SEED));
});

Deno.test("createRandom() refuses to pick from an empty list", () => {
  assert.throws(() => createRandom(1).pick([]), {
    name: "RangeError",
    message: "Cannot pick from an empty list",
  });
});

Deno.test("randomSeed() returns a valid seed", () => {
  for (let i = 0; i < 100; i++) {
    const s = randomSeed();
    assert.ok(Number.isSafeInteger(s) && s >= 0 && s <= MAX_SEED);
    assert.doesNotThrow(() => createRandom(s));
  }
});
