import assert from "node:assert/strict";
import { killLoop } from "../bench/kill_loop.ts";

// The long loop (100 kills in each mode) is bench/kill_loop.ts; this is its short version.
for (const mode of ["file", "kv"] as const) {
  Deno.test(`kill -9 six times in ${mode} mode leaves the store whole, loses nothing and is taken over at once`, async () => {
    const r = await killLoop(mode, 6);
    assert.ok(r.kills >= 4, `${r.kills} kills`);
    assert.deepEqual(
      { unreadable: r.unreadable, lost: r.lost, refused: r.refused },
      { unreadable: 0, lost: 0, refused: 0 },
    );
    assert.ok(r.requests > 0);
  });
}
