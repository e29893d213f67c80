import assert from "node:assert/strict";
import { join } from "node:path";
import { acquireFileLease } from "../lib/store/file_lease.ts";
import { MetricsFileError } from "../lib/model/metrics_file_error.ts";
import { fileStore } from "../lib/store/metrics_store.ts";
import { buildDocument } from "./_builders.ts";

async function rejectsKind(promise: Promise<unknown>, kind: string): Promise<MetricsFileError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MetricsFileError, `expected MetricsFileError, got ${error}`);
    assert.equal(error.kind, kind);
    assert.ok(!error.message.includes("\n"));
    return error;
  }
  throw new Error("expected a rejection");
}

Deno.test("acquireFileLease() refuses a second holder in one line naming pid, host and last write", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "m.json");
  const first = await acquireFileLease(path);
  try {
    const busy = await rejectsKind(acquireFileLease(path), "in_use");
    assert.match(
      busy.message,
      new RegExp(
        `^Cannot write metrics file '.*m\\.json': another simulator holds it \\(pid ${Deno.pid} on host .+, last write \\d+ s ago\\): use another --file`,
      ),
    );
  } finally {
    first.release();
  }
  // Released: the lock file is gone and the next holder takes the file at once.
  await assert.rejects(Deno.stat(`${path}.lock`), Deno.errors.NotFound);
  (await acquireFileLease(path)).release();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("acquireFileLease() takes over a holder whose lease ran out, and the old holder learns it", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "m.json");
  const old = await acquireFileLease(path, { leaseMs: 60_000 });
  const later = Date.now() + 61_000;
  const taker = await acquireFileLease(path, { leaseMs: 60_000, clock: () => later });
  const lost = await rejectsKind(old.check(), "conflict");
  assert.match(lost.message, /another simulator has taken it over/);
  await taker.check();
  old.release(); // must not remove the taker's lock file
  await Deno.stat(`${path}.lock`);
  taker.release();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("fileStore() holds the file from prepare() to close() and writes through the lease", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "m.json");
  const a = fileStore(path);
  await a.prepare({ fresh: false });
  await a.write(buildDocument());
  const b = fileStore(path);
  await rejectsKind(b.prepare({ fresh: false }), "in_use");
  a.close();
  const taken = await b.prepare({ fresh: false });
  assert.ok(taken.previous !== null);
  b.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("fileStore() names the lock file's grant when it is refused", async () => {
  const dir = await Deno.makeTempDir();
  const script = join(dir, "probe.ts");
  const store = new URL("../lib/store/metrics_store.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { fileStore } from "${store}";\n` +
      `try { await fileStore("m.json").prepare({ fresh: false }); } catch (e) { console.log(e.message); }\n`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      `--allow-read=${dir},${new URL("..", import.meta.url).pathname}`,
      `--allow-write=${dir}/m.json`,
      script,
    ],
    cwd: dir,
  }).output();
  assert.equal(
    new TextDecoder().decode(out.stdout).trim(),
    "Cannot write metrics file 'm.json': permission denied: run with --allow-write=m.json.lock (a metrics file is written with --allow-write=m.json,m.json.tmp,m.json.lock,m.json.live.json,m.json.live.json.tmp,buddy_traffic_data)",
  );
  await Deno.remove(dir, { recursive: true });
});
