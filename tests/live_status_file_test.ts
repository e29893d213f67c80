import assert from "node:assert/strict";
import {
  LIVE_KIND,
  liveStatusPath,
  MAX_LIVE_BYTES,
  readLiveStatus,
  writeLiveStatus,
} from "../lib/store/live_status_file.ts";

Deno.test("liveStatusPath() names the file beside the metrics file", () => {
  assert.equal(liveStatusPath("runs/m.json"), "runs/m.json.live.json");
});

Deno.test("writeLiveStatus() replaces the file atomically and readLiveStatus() reads it back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/m.json.live.json`;
    await writeLiveStatus(path, { requests: 1 });
    await writeLiveStatus(path, { requests: 2 });
    assert.deepEqual(await readLiveStatus(path), { kind: LIVE_KIND, requests: 2 });
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.deepEqual(names, ["m.json.live.json"], "no temp file left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeLiveStatus() refuses a status above the size bound", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/big.live.json`;
    await assert.rejects(
      writeLiveStatus(path, { pad: "x".repeat(MAX_LIVE_BYTES) }),
      /Cannot write live status '.*big\.live\.json' as it would take \d+ bytes: the limit is 16384/,
    );
    assert.equal(await readLiveStatus(path), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readLiveStatus() is null for a missing, foreign, oversized or broken file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(await readLiveStatus(`${dir}/none.json`), null);
    await Deno.writeTextFile(`${dir}/a.json`, '{"kind":"other"}');
    assert.equal(await readLiveStatus(`${dir}/a.json`), null);
    await Deno.writeTextFile(`${dir}/b.json`, "{not json");
    assert.equal(await readLiveStatus(`${dir}/b.json`), null);
    await Deno.writeTextFile(
      `${dir}/c.json`,
      `{"kind":"${LIVE_KIND}","p":"${"x".repeat(MAX_LIVE_BYTES)}"}`,
    );
    assert.equal(await readLiveStatus(`${dir}/c.json`), null);
    await Deno.writeTextFile(`${dir}/d.json`, "[1]");
    assert.equal(await readLiveStatus(`${dir}/d.json`), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
