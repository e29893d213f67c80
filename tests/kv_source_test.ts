import assert from "node:assert/strict";
import { KV_WAITING_HINT, kvSource } from "../lib/store/kv_source.ts";
import type { SourceResult } from "../lib/store/metrics_source.ts";
import { openKvStore } from "../lib/store/kv_open.ts";
import { blobPrefix, pointerKey, type ShardPointer } from "../lib/store/kv_layout.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { shardDocument } from "./_shard_builders.ts";
import { withKvPath, withKvStore, writeShard, writeShards } from "./_kv_builders.ts";

const EU = shardDocument("run-eu", { reports: 3, requests: 200, status: { state: "stopped" } });
const US = shardDocument("run-us", { reports: 2, requests: 150, status: { state: "stopped" } });

function okDoc(result: SourceResult): MetricsDocument {
  assert.equal(result.kind, "ok", JSON.stringify(result));
  return (result as { doc: MetricsDocument }).doc;
}

function assertOneLine(result: SourceResult, kind: "waiting" | "error"): string {
  assert.equal(result.kind, kind, JSON.stringify(result));
  const message = (result as { message: string }).message;
  assert.ok(message.length > 0);
  assert.ok(!message.includes("\n"), message);
  return message;
}

Deno.test("kvSource() waits with the hint while the store does not exist", async () => {
  await withKvPath("kv_source_", async (path) => {
    const source = kvSource(path);
    assert.equal(source.label, path);
    const result = await source.read();
    assert.deepEqual(result, {
      kind: "waiting",
      message: `KV store '${path}' does not exist`,
      hint: KV_WAITING_HINT,
    });
    // Reading did not create the store.
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
    // Once a simulator writes, the same source shows it.
    await writeShards(path, { "eu-1": EU });
    assert.equal(okDoc(await source.read()).status.requests, 600);
  });
});

Deno.test("kvSource() waits while the store has no shard", async () => {
  await withKvPath("kv_source_", async (path) => {
    (await openKvStore(path)).close();
    const result = await kvSource(path).read();
    assert.deepEqual(result, {
      kind: "waiting",
      message: "The KV store has no shard yet",
      hint: KV_WAITING_HINT,
    });
  });
});

Deno.test("kvSource() merges every shard, with one part per shard", async () => {
  await withKvPath("kv_source_", async (path) => {
    await writeShards(path, { "us-1": US, "eu-1": EU });
    const result = await kvSource(path).read();
    const doc = okDoc(result);
    assert.equal(doc.status.requests, 600 + 300);
    assert.equal(doc.cumulative.total_requests, 900);
    assert.equal(doc.cumulative.total_requests, EU.cumulative.total_requests + 300);
    assert.deepEqual(doc.runs.map((r) => r.run_id).sort(), ["run-eu", "run-us"]);
    assert.equal(doc.status.state, "stopped");
    const parts = (result as { parts?: { label: string; doc: MetricsDocument }[] }).parts;
    assert.ok(parts !== undefined);
    assert.deepEqual(parts.map((p) => p.label), ["eu-1", "us-1"]);
    assert.deepEqual(parts.map((p) => p.doc.status.requests), [600, 300]);
    assert.deepEqual(parts[0]!.doc, EU);
    assert.deepEqual(parts[1]!.doc, US);
  });
});

Deno.test("kvSource() shows a store of one shard as that shard, without parts", async () => {
  await withKvPath("kv_source_", async (path) => {
    await writeShards(path, { "eu-1": EU });
    const result = await kvSource(path).read();
    assert.deepEqual(result, { kind: "ok", doc: EU });
  });
});

Deno.test("kvSource({shard}) shows that shard alone and waits for an unknown one", async () => {
  await withKvPath("kv_source_", async (path) => {
    await writeShards(path, { "us-1": US, "eu-1": EU });
    const one = kvSource(path, { shard: "us-1" });
    assert.equal(one.label, `${path} (shard us-1)`);
    assert.deepEqual(await one.read(), { kind: "ok", doc: US });
    assert.deepEqual(await kvSource(path, { shard: "ap-1" }).read(), {
      kind: "waiting",
      message: "Shard 'ap-1' has no history yet",
      hint: KV_WAITING_HINT,
    });
  });
});

Deno.test("kvSource() returns the same result while the store is unchanged and a new one after a write", async () => {
  await withKvStore("kv_source_", async (kv, path) => {
    await writeShard(kv, "eu-1", EU);
    await writeShard(kv, "us-1", US);
    const source = kvSource(path);
    const first = await source.read();
    assert.equal(await source.read(), first, "an unchanged store is not read again");
    assert.equal(await source.read(), first);

    const more = shardDocument("run-us", {
      reports: 3,
      requests: 150,
      status: { state: "stopped" },
    });
    await writeShard(kv, "us-1", more);
    const second = await source.read();
    assert.notEqual(second, first);
    assert.equal(okDoc(second).status.requests, 600 + 450);
    assert.equal(await source.read(), second);

    // The one-shard source follows its own shard the same way.
    const single = kvSource(path, { shard: "eu-1" });
    const a = await single.read();
    assert.equal(await single.read(), a);
  });
});

/** Overwrites the first chunk of the shard's first report blob with bytes of the same length. */
async function damageReportBlob(kv: Deno.Kv, shard: string, byte: number): Promise<void> {
  const pointer = (await kv.get<ShardPointer>(pointerKey(shard))).value;
  assert.ok(pointer !== null);
  const ref = pointer.reports[0]!;
  const key = [...blobPrefix(shard, ref.id), 0];
  const chunk = (await kv.get<Uint8Array>(key)).value;
  assert.ok(chunk instanceof Uint8Array);
  // Not a single-shard write: the version counter is left alone, as a damaged disk would.
  await kv.set(key, new Uint8Array(chunk.length).fill(byte));
}

Deno.test("kvSource() reports a corrupt blob as an error in one line, never a throw", async () => {
  await withKvStore("kv_source_", async (kv, path) => {
    await writeShard(kv, "eu-1", EU);
    await writeShard(kv, "us-1", US);
    await damageReportBlob(kv, "us-1", 0x7b); // "{{{{..."
    const merged = assertOneLine(await kvSource(path).read(), "error");
    assert.match(merged, /^Cannot read shard 'us-1': /);
    const alone = assertOneLine(await kvSource(path, { shard: "us-1" }).read(), "error");
    assert.match(alone, /^Cannot read shard 'us-1': /);
    // The healthy shard alone still reads.
    assert.deepEqual(await kvSource(path, { shard: "eu-1" }).read(), { kind: "ok", doc: EU });
  });
});

Deno.test("kvSource() keeps reporting damage found after a good read until the store changes", async () => {
  await withKvStore("kv_source_", async (kv, path) => {
    await writeShard(kv, "eu-1", EU);
    await writeShard(kv, "us-1", US);
    const source = kvSource(path);
    okDoc(await source.read());
    // The shard is written again (new blobs, which the source has not read
    // yet), then one of them is damaged: the next read sees the damage...
    await writeShard(kv, "us-1", US);
    await damageReportBlob(kv, "us-1", 0x20);
    const message = assertOneLine(await source.read(), "error");
    assert.match(message, /^Cannot read shard 'us-1': /);
    // ...and so does every read after it: not the last good document again.
    assert.deepEqual(await source.read(), { kind: "error", message });
    // A fresh history of the shard repairs it.
    await writeShard(kv, "us-1", US, true);
    assert.equal(okDoc(await source.read()).status.requests, 900);
  });
});

Deno.test("kvSource() reports a shard pointer that is not one as an error", async () => {
  await withKvStore("kv_source_", async (kv, path) => {
    await kv.set(pointerKey("eu-1"), "garbage");
    const message = assertOneLine(await kvSource(path).read(), "error");
    assert.equal(
      message,
      "Cannot read shard 'eu-1': its entry is not a buddy-traffic shard pointer",
    );
  });
});

Deno.test("kvSource() turns a file that is not a KV store and a failing handle into errors", async () => {
  await withKvPath("kv_source_", async (path) => {
    await Deno.writeTextFile(path, JSON.stringify(EU));
    const message = assertOneLine(await kvSource(path).read(), "error");
    assert.match(message, /^Cannot open KV store '.*store\.kv': it is not a Deno KV store/);

    const closed = await openKvStore(`${path}.other`);
    closed.close();
    const result = await kvSource("closed.kv", { open: () => Promise.resolve(closed) }).read();
    const why = assertOneLine(result, "error");
    assert.match(why, /^Cannot read KV store 'closed\.kv': /);
  });
});
