import assert from "node:assert/strict";
import { join } from "node:path";
import {
  asideKey,
  blobPrefix,
  CHUNK_BYTES,
  KV_PREFIX,
  type KvStoreError,
  pendingBlob,
  pointerKey,
  type ShardPointer,
  validateShardName,
  writeBlobs,
} from "../lib/store/kv_layout.ts";
import { openKvStore } from "../lib/store/kv_open.ts";
import { kvStore } from "../lib/store/kv_store.ts";
import { listKvShards, readKvShard, readKvShards, readKvVersion } from "../lib/store/kv_reader.ts";
import { checkKvStore } from "../lib/store/kv_check.ts";
import { encodeDocument } from "../lib/store/metrics_file.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { buildDocument } from "./_builders.ts";

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "kv_store_test_" });
}

/** Opens a fresh store file in a temp dir; returns the handle and the path. */
async function tempKv(): Promise<{ kv: Deno.Kv; path: string; dir: string }> {
  const dir = await tempDir();
  const path = join(dir, "store.kv");
  return { kv: await openKvStore(path), path, dir };
}

/** Ids of every blob stored under a shard. */
async function blobIds(kv: Deno.Kv, shard: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const prefix = blobPrefix(shard);
  for await (const e of kv.list({ prefix })) ids.add(String(e.key[prefix.length]));
  return ids;
}

async function pointer(kv: Deno.Kv, shard: string): Promise<ShardPointer> {
  const p = (await kv.get<ShardPointer>(pointerKey(shard))).value;
  assert.ok(p !== null);
  return p;
}

/** The document with only `reports` replaced (same frozen report objects). */
function withReports(doc: MetricsDocument, reports: MetricsDocument["reports"]): MetricsDocument {
  return { ...doc, reports };
}

async function rejects(promise: Promise<unknown>, kind: string): Promise<KvStoreError> {
  try {
    await promise;
  } catch (error) {
    const e = error as KvStoreError;
    assert.equal(e.name, "KvStoreError", String(error));
    assert.equal(e.kind, kind, e.message);
    assert.ok(!e.message.includes("\n"), e.message);
    return e;
  }
  assert.fail(`expected a KvStoreError of kind ${kind}`);
}

// A report with per-family aggregates is larger than one KV value.
const DOC = buildDocument({ reports: 14 });

Deno.test("write() then readKvShard() gives back the document, byte for byte", async () => {
  const { kv } = await tempKv();
  try {
    const store = kvStore(kv, "eu-1", { label: "store.kv" });
    assert.equal(store.label, "store.kv (shard eu-1)");
    assert.deepEqual(await store.prepare({ fresh: false }), { previous: null, keptAside: null });
    assert.equal(await readKvShard(kv, "eu-1"), null);
    await store.write(DOC);
    const p = await pointer(kv, "eu-1");
    assert.ok(p.reports.some((r) => r.bytes > 65_536 && r.chunks >= 2), "a report spans chunks");
    const back = await readKvShard(kv, "eu-1");
    assert.deepEqual(back, DOC);
    assert.deepEqual(encodeDocument(back!), encodeDocument(DOC));
    assert.equal(await readKvShard(kv, "other"), null);
    assert.deepEqual(await checkKvStore(kv), []);
  } finally {
    kv.close();
  }
});

Deno.test("write() does not rewrite a report already written and deletes dropped blobs one commit later", async () => {
  const { kv } = await tempKv();
  try {
    const store = kvStore(kv, "a");
    await store.prepare({ fresh: false });
    await store.write(withReports(DOC, DOC.reports.slice(0, -1)));
    const first = await blobIds(kv, "a");
    const before = await pointer(kv, "a");
    await store.write(DOC);
    const second = await blobIds(kv, "a");
    const added = [...second].filter((id) => !first.has(id));
    assert.equal(added.length, 2, "the new report and the new meta only");
    const after = await pointer(kv, "a");
    assert.deepEqual(after.reports.slice(0, -1), before.reports);
    // The previous meta stays one more commit for readers of the previous pointer.
    assert.ok(second.has(before.meta!.id));

    // Retention drops the oldest report: its blob survives this commit, not the next.
    const dropped = after.reports[0]!.id;
    const trimmed = withReports(DOC, DOC.reports.slice(1));
    await store.write(trimmed);
    assert.ok((await blobIds(kv, "a")).has(dropped));
    await store.write(trimmed);
    const last = await blobIds(kv, "a");
    assert.ok(!last.has(dropped));
    assert.ok(!last.has(before.meta!.id));
    assert.equal(last.size, DOC.reports.length - 1 + 2, "live reports, meta and one old meta");
    assert.deepEqual(await readKvShard(kv, "a"), trimmed);
  } finally {
    kv.close();
  }
});

Deno.test("prepare() continues a shard's history without rewriting its reports", async () => {
  const { kv } = await tempKv();
  try {
    const first = kvStore(kv, "a");
    await first.prepare({ fresh: false });
    await first.write({ ...DOC, status: { ...DOC.status, state: "stopped" } });
    const blobs = await blobIds(kv, "a");
    const second = kvStore(kv, "a");
    const { previous, keptAside } = await second.prepare({ fresh: false });
    assert.equal(keptAside, null);
    assert.ok(previous !== null);
    assert.deepEqual(previous.reports, DOC.reports);
    assert.ok(Object.isFrozen(previous.reports[0]));
    await second.write(previous);
    const added = [...await blobIds(kv, "a")].filter((id) => !blobs.has(id));
    assert.equal(added.length, 1, "only the meta is new");
  } finally {
    kv.close();
  }
});

Deno.test("prepare() refuses a shard a live simulator writes, and the old writer then conflicts", async () => {
  const { kv } = await tempKv();
  try {
    let now = 1_000_000;
    const clock = () => now;
    const alive = () => "alive" as const;
    const a = kvStore(kv, "eu-1", { leaseMs: 60_000, pid: 111, clock, host: "h1" });
    await a.prepare({ fresh: false });
    await a.write(DOC);
    now += 3_000;
    const b = kvStore(kv, "eu-1", { leaseMs: 60_000, pid: 222, clock, pidState: alive });
    const busy = await rejects(b.prepare({ fresh: false }), "in_use");
    assert.equal(
      busy.message,
      "Cannot use shard 'eu-1' as another simulator (pid 111 on host h1) is writing it; last write 3 s ago: use another --shard or wait 57 s",
    );
    // After the lease, the shard is taken over; the old writer keeps nothing.
    now += 60_000;
    const taken = await b.prepare({ fresh: false });
    assert.deepEqual(taken.previous, DOC);
    const blobs = await blobIds(kv, "eu-1");
    const lost = await rejects(a.write(DOC), "conflict");
    assert.equal(
      lost.message,
      "Cannot write shard 'eu-1' as another simulator has taken it over",
    );
    assert.deepEqual(await blobIds(kv, "eu-1"), blobs, "the loser's blobs are removed");
    await rejects(a.write(DOC), "conflict");
    assert.equal((await pointer(kv, "eu-1")).pid, 222);
    await b.write(taken.previous!);
    assert.deepEqual(await checkKvStore(kv), []);
  } finally {
    kv.close();
  }
});

Deno.test("prepare() takes over at once a shard whose writer died on this host", async () => {
  const { kv } = await tempKv();
  try {
    const a = kvStore(kv, "k", { leaseMs: 900_000, pid: 4242, host: "here" });
    await a.prepare({ fresh: false });
    await a.write(DOC);
    const asked: string[] = [];
    const b = kvStore(kv, "k", {
      leaseMs: 900_000,
      pidState: (pid, host) => {
        asked.push(`${pid}@${host}`);
        return "dead";
      },
    });
    assert.deepEqual((await b.prepare({ fresh: false })).previous, DOC);
    assert.deepEqual(asked, ["4242@here"]);
    await rejects(a.write(DOC), "conflict");
  } finally {
    kv.close();
  }
});

Deno.test("prepare() takes a stopped shard at once", async () => {
  const { kv } = await tempKv();
  try {
    const a = kvStore(kv, "s", { leaseMs: 600_000 });
    await a.prepare({ fresh: false });
    await a.write({ ...DOC, status: { ...DOC.status, state: "stopped" } });
    const b = kvStore(kv, "s", { leaseMs: 600_000 });
    assert.ok((await b.prepare({ fresh: false })).previous !== null);
  } finally {
    kv.close();
  }
});

Deno.test("prepare({fresh}) keeps the old history aside with its blobs", async () => {
  const { kv } = await tempKv();
  try {
    const a = kvStore(kv, "x", { leaseMs: 0 });
    await a.prepare({ fresh: false });
    await a.write(DOC);
    const old = await pointer(kv, "x");
    const b = kvStore(kv, "x", { leaseMs: 0 });
    const at = new Date(Date.UTC(2026, 10, 27, 3, 15, 0, 123));
    const result = await b.prepare({ fresh: true, now: () => at });
    assert.deepEqual(result, {
      previous: null,
      keptAside: "shard 'x' kept aside as 'x.20261127T031500Z'",
    });
    assert.deepEqual((await kv.get(asideKey("x", "20261127T031500Z"))).value, old);
    assert.equal(await readKvShard(kv, "x"), null);
    assert.deepEqual(await readKvShards(kv), []);
    assert.deepEqual(await listKvShards(kv), ["x"]);
    for (const ref of [old.meta!, ...old.reports]) {
      assert.ok((await blobIds(kv, "x")).has(ref.id), "kept-aside blobs stay");
    }
    assert.deepEqual(await checkKvStore(kv), []);
    // A second fresh start in the same second gets its own name.
    await b.write(DOC);
    const c = kvStore(kv, "x");
    assert.equal(
      (await c.prepare({ fresh: true, now: () => at })).keptAside,
      "shard 'x' kept aside as 'x.20261127T031500Z-2'",
    );
  } finally {
    kv.close();
  }
});

Deno.test("prepare() deletes blobs left by a writer killed before its commit", async () => {
  const { kv } = await tempKv();
  try {
    const a = kvStore(kv, "c", { leaseMs: 0 });
    await a.prepare({ fresh: false });
    await a.write(withReports(DOC, DOC.reports.slice(0, 3)));
    const live = await blobIds(kv, "c");
    // The crash: blobs written, no pointer commit.
    const bytes = new TextEncoder().encode(JSON.stringify(DOC.reports[3]));
    const orphan = pendingBlob(bytes);
    await writeBlobs(kv, "c", [orphan, pendingBlob(new Uint8Array(CHUNK_BYTES * 2 + 5))]);
    assert.equal((await blobIds(kv, "c")).size, live.size + 2);
    assert.deepEqual(await checkKvStore(kv), [], "unreferenced blobs are not problems");
    const b = kvStore(kv, "c");
    await b.prepare({ fresh: false });
    assert.deepEqual(await blobIds(kv, "c"), live);
    assert.deepEqual(await readKvShard(kv, "c"), withReports(DOC, DOC.reports.slice(0, 3)));
  } finally {
    kv.close();
  }
});

Deno.test("readKvShard() reads the new pointer when a writer replaced the blobs it was reading", async () => {
  const { kv } = await tempKv();
  try {
    const store = kvStore(kv, "r");
    await store.prepare({ fresh: false });
    const first = withReports(DOC, DOC.reports.slice(0, 4));
    const last = withReports(DOC, DOC.reports.slice(6, 9));
    await store.write(first);
    // This reader gets the first pointer, then the writer commits twice
    // (dropping the blobs of the first) before the reader fetches them.
    let gets = 0;
    const slow = {
      get: async (key: Deno.KvKey) => {
        const entry = await kv.get(key);
        if (gets++ === 0) {
          await store.write(withReports(DOC, DOC.reports.slice(4, 6)));
          await store.write(last);
        }
        return entry;
      },
      list: (selector: Deno.KvListSelector) => kv.list(selector),
    } as unknown as Deno.Kv;
    assert.deepEqual(await readKvShard(slow, "r"), last);
    assert.equal(gets, 2);
  } finally {
    kv.close();
  }
});

Deno.test("write() of more reports than a pointer lists fails in one line and keeps nothing", async () => {
  const { kv } = await tempKv();
  try {
    const store = kvStore(kv, "big", { label: "store.kv" });
    await store.prepare({ fresh: false });
    const tiny = Array.from({ length: 1500 }, (_, i) => Object.freeze({ id: i + 1 }));
    const doc = withReports(DOC, tiny as unknown as MetricsDocument["reports"]);
    const e = await rejects(store.write(doc), "invalid");
    assert.equal(
      e.message,
      "Cannot write store.kv (shard big): its 1500 reports and 0 rollups are more than one shard can list (keep fewer reports)",
    );
    assert.equal((await blobIds(kv, "big")).size, 0);
    await store.write(DOC);
    assert.deepEqual(await readKvShard(kv, "big"), DOC);
  } finally {
    kv.close();
  }
});

Deno.test("readKvShard() and checkKvStore() report a damaged shard in one line", async () => {
  const { kv } = await tempKv();
  try {
    const a = kvStore(kv, "d");
    await a.prepare({ fresh: false });
    await a.write(DOC);
    const p = await pointer(kv, "d");
    const big = p.reports.find((r) => r.chunks >= 2)!;
    await kv.delete([...blobPrefix("d", big.id), 1]);
    const e = await rejects(readKvShard(kv, "d"), "corrupt");
    assert.equal(
      e.message,
      `Cannot read shard 'd': blob '${big.id}' is missing (1 of ${big.chunks} chunks found)`,
    );
    assert.deepEqual(await checkKvStore(kv), [
      `shard 'd': blob '${big.id}' is missing (1 of ${big.chunks} chunks found)`,
    ]);

    await kv.set([...blobPrefix("e", "m"), 0], new TextEncoder().encode('{"schema":"other"}'));
    await kv.set(pointerKey("e"), {
      ...p,
      shard: "e",
      meta: { id: "m", chunks: 1, bytes: 18 },
      reports: [],
      rollups: [],
    });
    await rejects(readKvShard(kv, "e"), "corrupt");
    await kv.set(pointerKey("f"), { hello: "world" });
    const bad = await rejects(readKvShard(kv, "f"), "corrupt");
    assert.equal(
      bad.message,
      "Cannot read shard 'f': its entry is not a buddy-traffic shard pointer",
    );
    const problems = await checkKvStore(kv);
    assert.equal(problems.length, 3, problems.join("\n"));
    assert.match(problems[1]!, /^shard 'e': /);
    assert.equal(problems[2], "shard 'f': its entry is not a buddy-traffic shard pointer");
  } finally {
    kv.close();
  }
});

Deno.test("openKvStore() errors are one line: missing, directory, not a KV store", async () => {
  const dir = await tempDir();
  const missing = join(dir, "none.kv");
  const e = await rejects(openKvStore(missing, { create: false }), "missing");
  assert.equal(e.message, `KV store '${missing}' does not exist`);
  await rejects(openKvStore(dir), "invalid");
  await rejects(openKvStore(join(dir, "no", "x.kv")), "invalid");
  const json = join(dir, "metrics.json");
  await Deno.writeTextFile(json, JSON.stringify({ schema: "buddy-traffic/metrics" }));
  const notKv = await rejects(openKvStore(json), "invalid");
  assert.equal(
    notKv.message,
    `Cannot open KV store '${json}': it is not a Deno KV store (a metrics JSON file is read with --file)`,
  );
  // Creating is fine for writers.
  const kv = await openKvStore(missing);
  kv.close();
  const again = await openKvStore(missing, { create: false });
  assert.equal(await readKvVersion(again), 0n);
  again.close();
});

Deno.test("openKvStore() without permission or without Deno KV says what to change", async () => {
  const { kv, path, dir } = await tempKv();
  kv.close();
  const script = join(dir, "open.ts");
  const module = new URL("../lib/store/kv_open.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { openKvStore } from "${module}";\n` +
      `try { await openKvStore(${
        JSON.stringify(path)
      }); } catch (e) { console.log(e.kind + "|" + e.message); }\n`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--unstable-kv", `--allow-read=${dir}`, script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.equal(
    text,
    `permission|Cannot open KV store '${path}': permission denied: run with --allow-read=${path} --allow-write=${path} (Deno KV needs both, even to read), or keep the store in buddy_traffic_data/, which the tasks grant`,
  );
  const stable = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", `--allow-read=${dir}`, `--allow-write=${dir}`, script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(
    new TextDecoder().decode(stable.stdout).trim(),
    `invalid|Cannot open KV store '${path}': Deno KV is not enabled: run with --unstable-kv`,
  );
});

Deno.test("validateShardName() accepts 1-64 safe characters and rejects the rest", () => {
  for (const ok of ["default", "eu-1", "a", "A.b_c-9", "x".repeat(64)]) {
    assert.equal(validateShardName(ok), ok);
  }
  for (const bad of ["", ".hidden", "a/b", "a b", "é", "x".repeat(65)]) {
    assert.throws(() => validateShardName(bad), (e: Error) => {
      assert.match(e.message, /^Cannot use --shard as it must be 1-64 letters/);
      return true;
    });
  }
  assert.throws(
    () => validateShardName("a\nb"),
    { message: /current value is 'a\\u000ab'$/ },
  );
});

Deno.test("shards written in parallel through separate handles are all read back whole", async () => {
  const { kv: main, path } = await tempKv();
  const names = ["s1", "s2", "s3", "s4"];
  const docs = names.map((_, i) =>
    buildDocument({ reports: 4, requestsPerReport: 200, runId: `run-${i}`, seed: i + 1 })
  );
  const handles = await Promise.all(names.map(() => openKvStore(path)));
  // A reader reads every shard in passes while the writers write; each writer waits,
  // after each of its writes, for a pass begun after it, so the reader sees every state.
  let reading = true;
  let passesStarted = 0;
  let waiters: { pass: number; wake: () => void }[] = [];
  const seen = new Map<string, Set<number>>(names.map((n) => [n, new Set()]));
  const reader = (async () => {
    try {
      while (reading) {
        const pass = ++passesStarted;
        for (const { shard, doc } of await readKvShards(main)) {
          const i = names.indexOf(shard);
          const n = doc.reports.length;
          assert.deepEqual(doc, withReports(docs[i]!, docs[i]!.reports.slice(0, n)), shard);
          seen.get(shard)!.add(n);
        }
        waiters = waiters.filter((w) => w.pass > pass || (w.wake(), false));
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      for (const w of waiters) w.wake();
    }
  })();
  /** Resolves once a read pass that began after this call has ended. */
  const nextPass = () =>
    new Promise<void>((wake) => waiters.push({ pass: passesStarted + 1, wake }));
  try {
    await Promise.all(names.map(async (name, i) => {
      const store = kvStore(handles[i]!, name, { ownsKv: true });
      await store.prepare({ fresh: false });
      const doc = docs[i]!;
      for (let n = 1; n <= doc.reports.length; n++) {
        await store.write(withReports(doc, doc.reports.slice(0, n)));
        await nextPass();
      }
      store.close();
    }));
  } finally {
    reading = false;
    await reader;
  }
  const shards = await readKvShards(main);
  assert.deepEqual(shards.map((s) => s.shard), names);
  shards.forEach((s, i) => assert.deepEqual(s.doc, docs[i]));
  const ids = shards.flatMap((s) => s.doc.reports.map((r) => `${r.run_id}:${r.id}`));
  assert.equal(new Set(ids).size, 16);
  // Four prepares and sixteen writes.
  assert.equal(await readKvVersion(main), 20n);
  assert.deepEqual(await checkKvStore(main), []);
  // The reader saw each shard after each of its writes, and never a torn document.
  for (const [shard, lengths] of seen) assert.deepEqual([...lengths].sort(), [1, 2, 3, 4], shard);
  main.close();
});

Deno.test("the key prefix is versioned", () => {
  assert.deepEqual([...KV_PREFIX], ["buddy-traffic", "v1"]);
});
