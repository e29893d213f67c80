import assert from "node:assert/strict";
import { writeText } from "../lib/cli/write_text.ts";

Deno.test("writeText() writes everything to a sink that takes a few bytes at a time", () => {
  const taken: number[] = [];
  const sink = {
    writeSync(p: Uint8Array): number {
      const n = Math.min(3, p.length);
      taken.push(...p.subarray(0, n));
      return n;
    },
  };
  writeText(sink, "naïve — ok ✓\n");
  assert.equal(new TextDecoder().decode(new Uint8Array(taken)), "naïve — ok ✓\n");
});
