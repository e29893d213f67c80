import assert from "node:assert/strict";
import fc from "fast-check";
import {
  blobPrefix,
  KV_PREFIX,
  KvStoreError,
  pointerKey,
  type ShardPointer,
} from "../lib/store/kv_layout.ts";
import { kvStore } from "../lib/store/kv_store.ts";
import { createKvReader, readKvShard, readKvShards } from "../lib/store/kv_reader.ts";
import { appendReport } from "../lib/metrics/document.ts";
import { applyRetention } from "../lib/metrics/retention.ts";
import type { MetricsStore } from "../lib/store/metrics_store.ts";
import type { MetricsDocument, Report } from "../lib/model/metrics_document.ts";
import { buildDocument, buildReports } from "./_builders.ts";
import { withKvStore } from "./_kv_builders.ts";

const RETENTION = { maxReports: 4, maxRollups: 2, maxFamilyReports: 2 };

/** Reports an hour apart (so retention makes several hourly rollups), few requests each. */
const POOL: Report[] = buildReports({ reports: 40, requestsPerReport: 20, seed: 7 })
  .map((r, i) => ({
    ...r,
    started_at: new Date(Date.UTC(2026, 10, 25) + i * 1_800_000).toISOString(),
    ended_at: new Date(Date.UTC(2026, 10, 25) + i * 1_800_000 + 1000).toISOString(),
  }));

/** A KV handle that counts the blob chunks listed. */
function counting(kv: Deno.Kv): { kv: Deno.Kv; chunks: () => number } {
  let chunks = 0;
  const proxy = new Proxy(kv, {
    get(target, name) {
      if (name === "list") {
        return async function* (selector: Deno.KvListSelector, options?: Deno.KvListOptions) {
          for await (const entry of target.list(selector, options)) {
            if (entry.key[KV_PREFIX.length] === "blob") chunks++;
            yield entry;
          }
        };
      }
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { kv: proxy, chunks: () => chunks };
}

/** A simulator of one shard: its document, appended to and written with small retention. */
interface Writer {
  name: string;
  store: MetricsStore;
  doc: MetricsDocument;
  next: number;
}

async function startWriter(kv: Deno.Kv, name: string, fresh: boolean): Promise<Writer> {
  const store = kvStore(kv, name, { leaseMs: 0 });
  const prepared = await store.prepare({ fresh });
  const doc = prepared.previous ?? buildDocument({ reports: 0, runId: `run-${name}` });
  const last = doc.reports.at(-1) ?? doc.rollups.at(-1);
  return { name, store, doc, next: last === undefined ? 1 : last.id + last.merged_reports };
}

async function append(writer: Writer, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const report = POOL[(writer.next - 1) % POOL.length]!;
    appendReport(writer.doc, { ...report, id: writer.next++ });
    applyRetention(writer.doc, RETENTION);
  }
  await writer.store.write(writer.doc);
}

/** Every report blob the shards' pointers reference. */
async function referencedReports(kv: Deno.Kv): Promise<number> {
  let n = 0;
  for await (const e of kv.list<ShardPointer>({ prefix: pointerKey("").slice(0, -1) })) {
    if (e.value.meta !== null) n += e.value.reports.length + e.value.rollups.length;
  }
  return n;
}

Deno.test("createKvReader() reads what readKvShards() reads after any sequence of writes with retention", async () => {
  const step = fc.record({
    shard: fc.constantFrom("a", "b", "c"),
    reports: fc.integer({ min: 0, max: 3 }),
    restart: fc.constantFrom(false, false, false, false, true),
    fresh: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      await withKvStore("kv_reader_test_", async (kv) => {
        const reader = createKvReader(kv);
        const writers = new Map<string, Writer>();
        for (const s of steps) {
          let writer = writers.get(s.shard);
          if (writer === undefined || s.restart) {
            writer = await startWriter(kv, s.shard, s.restart && s.fresh);
            writers.set(s.shard, writer);
          }
          await append(writer, s.reports);
          const expected = await readKvShards(kv);
          assert.deepEqual(await reader.readShards(), expected);
          assert.equal(reader.cachedReports(), await referencedReports(kv));
          assert.deepEqual(await reader.readShard(s.shard), await readKvShard(kv, s.shard));
        }
      });
    }),
    { numRuns: 12 },
  );
});

Deno.test("createKvReader() fetches only the new meta and report blobs of the shard that changed", async () => {
  await withKvStore("kv_reader_test_", async (kv) => {
    const writers = await Promise.all(["a", "b", "c"].map((n) => startWriter(kv, n, false)));
    for (const w of writers) await append(w, 3);
    const counted = counting(kv);
    const reader = createKvReader(counted.kv);
    await reader.readShards();
    // Cold: 3 shards x (meta + 3 reports), one chunk each.
    assert.equal(counted.chunks(), 3 * 4);
    const before = counted.chunks();
    await reader.readShards();
    assert.equal(counted.chunks(), before, "unchanged shards are not read again");
    await append(writers[1]!, 1);
    const docs = await reader.readShards();
    // The new meta blob, the new report, and the report retention rewrote
    // without its per-family aggregates (the third newest).
    assert.equal(counted.chunks() - before, 3);
    assert.deepEqual(docs, await readKvShards(kv));
  });
});

Deno.test("createKvReader() returns frozen reports and new document objects at every read", async () => {
  await withKvStore("kv_reader_test_", async (kv) => {
    const writer = await startWriter(kv, "a", false);
    await append(writer, 2);
    const reader = createKvReader(kv);
    const first = await reader.readShard("a");
    const second = await reader.readShard("a");
    assert.ok(first !== null && second !== null);
    assert.notEqual(first, second);
    assert.notEqual(first.reports, second.reports);
    assert.equal(first.reports[0], second.reports[0]);
    assert.ok(Object.isFrozen(first.reports[0]!.stats));
    assert.throws(() => {
      (first.reports[0] as { id: number }).id = 9;
    }, TypeError);
    first.reports.pop();
    assert.equal((await reader.readShard("a"))!.reports.length, 2);
  });
});

Deno.test("createKvReader() forgets a shard whose pointer is gone", async () => {
  await withKvStore("kv_reader_test_", async (kv) => {
    const writer = await startWriter(kv, "gone", false);
    await append(writer, 2);
    const reader = createKvReader(kv);
    assert.equal((await reader.readShards()).length, 1);
    assert.equal(reader.cachedReports(), 2);
    await kv.delete(pointerKey("gone"));
    assert.deepEqual(await reader.readShards(), []);
    assert.equal(reader.cachedReports(), 0);
    assert.equal(await reader.readShard("gone"), null);
  });
});

/** The message a read fails with, or "ok". */
async function failure(read: Promise<unknown>): Promise<string> {
  try {
    await read;
    return "ok";
  } catch (error) {
    assert.ok(error instanceof KvStoreError, String(error));
    return `${error.kind}: ${error.message}`;
  }
}

/** Rewrites chunk 0 of a blob of shard "s" in place (as damage would). */
async function overwrite(kv: Deno.Kv, id: string, text: string | null): Promise<void> {
  const key = [...blobPrefix("s", id), 0];
  if (text === null) await kv.delete(key);
  else await kv.set(key, new TextEncoder().encode(text));
}

const DAMAGE: {
  name: string;
  want: RegExp;
  damage: (kv: Deno.Kv, p: ShardPointer) => Promise<unknown>;
}[] = [
  {
    name: "a report blob is missing",
    want: /^corrupt: Cannot read shard .s.: blob .\w+. is missing \(0 of 1 chunks found\)$/,
    damage: (kv, p) => overwrite(kv, p.reports[1]!.id, null),
  },
  {
    name: "the meta blob is missing",
    want: /^corrupt: Cannot read shard .s.: blob .\w+. is missing \(0 of 1 chunks found\)$/,
    damage: (kv, p) => overwrite(kv, p.meta!.id, null),
  },
  {
    name: "a report blob has an extra chunk",
    want:
      /^corrupt: Cannot read shard .s.: blob .\w+. has 2 chunks of \d+ bytes, expected 1 of \d+$/,
    damage: (kv, p) => kv.set([...blobPrefix("s", p.reports[0]!.id), 1], new Uint8Array(1)),
  },
  {
    name: "a report blob is not JSON",
    want:
      /^corrupt: Cannot read shard .s.: not valid JSON: unexpected character at line 1, column \d+$/,
    damage: async (kv, p) => {
      const r = p.reports[0]!;
      await kv.set(pointerKey("s"), { ...p, reports: [{ ...r, bytes: 3 }, ...p.reports.slice(1)] });
      await overwrite(kv, r.id, "{x}");
    },
  },
  {
    name: "a report is invalid",
    want: /^corrupt: Cannot read shard .s.: reports\[1\]\.run_id is missing \(expected a string\)$/,
    damage: async (kv, p) => {
      const r = p.reports[1]!;
      const text = '{"id":2}';
      await kv.set(pointerKey("s"), {
        ...p,
        reports: [p.reports[0]!, { ...r, bytes: text.length }, ...p.reports.slice(2)],
      });
      await overwrite(kv, r.id, text);
    },
  },
  {
    name: "two report blobs join into two reports",
    want: /^ok$/,
    damage: async (kv, p) => {
      const [a, b] = [p.reports[0]!, p.reports[1]!];
      const both = new TextDecoder().decode(
        (await kv.get<Uint8Array>([
          ...blobPrefix("s", a.id),
          0,
        ])).value!,
      ) + "," + new TextDecoder().decode(
        (await kv.get<Uint8Array>([
          ...blobPrefix("s", b.id),
          0,
        ])).value!,
      );
      await kv.set(pointerKey("s"), {
        ...p,
        reports: [{ ...a, bytes: new TextEncoder().encode(both).length }, ...p.reports.slice(2)],
      });
      await overwrite(kv, a.id, both);
    },
  },
  {
    name: "the meta blob is not an object",
    want: /^corrupt: Cannot read shard 's': its meta blob is not a JSON object$/,
    damage: async (kv, p) => {
      await kv.set(pointerKey("s"), { ...p, meta: { ...p.meta!, bytes: 2 } });
      await overwrite(kv, p.meta!.id, "[]");
    },
  },
  {
    name: "the meta is of another schema version",
    want:
      /^corrupt: Cannot read shard .s.: written with schema version 99, this buddy-traffic reads version 1 /,
    damage: async (kv, p) => {
      const meta = JSON.parse(
        new TextDecoder().decode(
          (await kv.get<Uint8Array>([...blobPrefix("s", p.meta!.id), 0]))
            .value!,
        ),
      );
      const text = JSON.stringify({ ...meta, schema_version: 99 });
      await kv.set(pointerKey("s"), { ...p, meta: { ...p.meta!, bytes: text.length } });
      await overwrite(kv, p.meta!.id, text);
    },
  },
  {
    name: "a report uses another histogram accuracy",
    want:
      /reports\[2\]\.schedule_lag_histogram\.accuracy must be the accuracy of the file's other histograms \(0\.01\): got 0\.02$/,
    damage: async (kv, p) => {
      const r = p.reports[2]!;
      const report = JSON.parse(
        new TextDecoder().decode((await kv.get<Uint8Array>([...blobPrefix("s", r.id), 0])).value!),
      );
      report.schedule_lag_histogram.accuracy = 0.02;
      report.stats.execution_time.accuracy = 0.02;
      const text = JSON.stringify(report);
      const reports = p.reports.slice();
      reports[2] = { ...r, bytes: new TextEncoder().encode(text).length };
      await kv.set(pointerKey("s"), { ...p, reports });
      await overwrite(kv, r.id, text);
    },
  },
];

for (const { name, want, damage } of DAMAGE) {
  Deno.test(`createKvReader() fails as readKvShard() does when ${name}`, async () => {
    await withKvStore("kv_reader_test_", async (kv) => {
      const writer = await startWriter(kv, "s", false);
      await append(writer, 3);
      const warm = createKvReader(kv);
      await warm.readShards();
      const pointer = (await kv.get<ShardPointer>(pointerKey("s"))).value!;
      await damage(kv, pointer);
      const expected = await failure(readKvShard(kv, "s"));
      assert.match(expected, want);
      assert.equal(await failure(createKvReader(kv).readShard("s")), expected);
      assert.equal(await failure(createKvReader(kv).readShards()), expected);
      if (expected === "ok") {
        assert.deepEqual(await createKvReader(kv).readShard("s"), await readKvShard(kv, "s"));
      }
      // A reader that cached the blobs before the damage reads what is there now, or fails as well.
      const again = await failure(warm.readShard("s"));
      assert.ok(again === expected || again === "ok", again);
    });
  });
}
