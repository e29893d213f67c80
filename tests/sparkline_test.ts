import assert from "node:assert/strict";
import { sparkline } from "../lib/render/sparkline.ts";

Deno.test("sparkline() maps the range onto eight blocks", () => {
  assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█");
  assert.equal(sparkline([5, 5, 5]), "▁▁▁");
});

Deno.test("sparkline() keeps the most recent values and draws gaps as spaces", () => {
  assert.equal(sparkline([0, 7, 0, 7], 2), "▁█");
  assert.equal(sparkline([1, null, 3]), "▁ █");
  assert.equal(sparkline([]), "");
  assert.equal(sparkline([null, null]), "  ");
});
