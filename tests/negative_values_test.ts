import assert from "node:assert/strict";
import { joinNegativeValues } from "../lib/cli/negative_values.ts";

Deno.test("joinNegativeValues() joins a long flag with a negative number after it", () => {
  assert.deepEqual(joinNegativeValues(["--max-requests", "-5", "--quiet"]), [
    "--max-requests=-5",
    "--quiet",
  ]);
  assert.deepEqual(joinNegativeValues(["--rate", "-.5"]), ["--rate=-.5"]);
});

Deno.test("joinNegativeValues() leaves everything else alone", () => {
  const same = [
    ["--max-requests", "5"],
    ["--file", "-"],
    ["--seed=-1", "--quiet"],
    ["-h", "-5"],
    ["--quiet", "--fresh"],
    ["--"],
  ];
  for (const args of same) assert.deepEqual(joinNegativeValues(args), args);
});
