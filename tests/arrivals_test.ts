import assert from "node:assert/strict";
import { meanRate, nextGap } from "../lib/load/arrivals.ts";
import { createRandom } from "../lib/traffic/random.ts";

Deno.test("nextGap() draws uniform gaps inside the interval with the right mean", () => {
  const random = createRandom(7);
  let sum = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    const gap = nextGap(random, { min: 50, max: 200 }, "uniform");
    assert.ok(gap >= 50 && gap <= 200);
    sum += gap;
  }
  assert.ok(Math.abs(sum / n - 125) < 1, `mean ${sum / n}`);
});

Deno.test("nextGap() draws poisson gaps with the same mean rate", () => {
  const random = createRandom(11);
  let sum = 0;
  let over = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    const gap = nextGap(random, { min: 50, max: 200 }, "poisson");
    assert.ok(gap >= 0);
    if (gap > 200) over++;
    sum += gap;
  }
  assert.ok(Math.abs(sum / n - 125) < 2.5, `mean ${sum / n}`);
  // An exponential gap exceeds 1.6x its mean about 20 % of the time; uniform never does.
  assert.ok(over / n > 0.17 && over / n < 0.23, `share over 200 ms ${over / n}`);
});

Deno.test("nextGap() is 0 for the as-fast-as-possible interval", () => {
  const random = createRandom(1);
  assert.equal(nextGap(random, { min: 0, max: 0 }, "uniform"), 0);
  assert.equal(nextGap(random, { min: 0, max: 0 }, "poisson"), 0);
});

Deno.test("meanRate() converts an interval to requests per second", () => {
  assert.equal(meanRate({ min: 50, max: 200 }), 8);
  assert.equal(meanRate({ min: 0.5, max: 1.5 }), 1000);
  assert.equal(meanRate({ min: 0, max: 0 }), Infinity);
});
