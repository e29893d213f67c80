/**
 * Prometheus remote write: the hand-encoded protobuf, the series read from
 * the exposition, the bounded queue that counts drops, and a real
 * Prometheus receiving a simulator's series.
 */
import assert from "node:assert/strict";
import * as snappy from "snappyjs";
import {
  encodeWriteRequest,
  RemoteWriter,
  seriesFromExposition,
  type TimeSeries,
  writeRequestBody,
} from "../lib/server/remote_write.ts";
import { parseSimulatorOptions } from "../lib/simulate/simulate_options.ts";
import { freePort, metricsFileWrites, runTask } from "./_tasks.ts";
import { instantQuery, PROMETHEUS, skipWithout, startPrometheus } from "./_prometheus_stack.ts";

/** A small protobuf reader: field number to the list of raw values (bytes, or numbers). */
function decode(buf: Uint8Array): Map<number, (Uint8Array | number)[]> {
  const fields = new Map<number, (Uint8Array | number)[]>();
  let i = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++]!;
      v += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) return v;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const [field, wire] = [tag >> 3, tag & 7];
    let value: Uint8Array | number;
    if (wire === 0) value = varint();
    else if (wire === 1) {
      value = new DataView(buf.buffer, buf.byteOffset + i, 8).getFloat64(0, true);
      i += 8;
    } else if (wire === 2) {
      const len = varint();
      value = buf.subarray(i, i + len);
      i += len;
    } else throw new Error(`wire type ${wire}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

function decodeRequest(buf: Uint8Array): TimeSeries[] {
  const text = new TextDecoder();
  return (decode(buf).get(1) ?? []).map((ts) => {
    const f = decode(ts as Uint8Array);
    return {
      labels: (f.get(1) ?? []).map((l) => {
        const lf = decode(l as Uint8Array);
        return {
          name: text.decode(lf.get(1)![0] as Uint8Array),
          value: text.decode(lf.get(2)![0] as Uint8Array),
        };
      }),
      samples: (f.get(2) ?? []).map((s) => {
        const sf = decode(s as Uint8Array);
        return { value: sf.get(1)![0] as number, timestamp: sf.get(2)![0] as number };
      }),
    };
  });
}

const SERIES: TimeSeries[] = [
  {
    labels: [{ name: "__name__", value: "up" }, { name: "job", value: 'é"x' }],
    samples: [{ value: 1.5, timestamp: 1_764_000_000_123 }],
  },
  { labels: [{ name: "__name__", value: "n" }], samples: [{ value: -Infinity, timestamp: 0 }] },
];

Deno.test("a WriteRequest encodes labels and samples as Prometheus's protobuf", () => {
  const bytes = encodeWriteRequest(SERIES);
  // First series, first label: field 1 (LEN) > field 1 (LEN) > field 1 "__name__".
  assert.deepEqual([...bytes.subarray(0, 2)], [0x0a, bytes[1]]);
  assert.deepEqual(decodeRequest(bytes), SERIES);
  const compressed = writeRequestBody(SERIES);
  const uncompress = (snappy as unknown as { uncompress(b: Uint8Array): Uint8Array }).uncompress;
  assert.deepEqual(uncompress(compressed), bytes);
});

Deno.test("series from the exposition: escaped labels, extra labels win, sorted, +Inf", () => {
  const text = [
    "# HELP a_total A.",
    "# TYPE a_total counter",
    'a_total{type="we\\"ird\\\\x\\ny",shard="inner"} 3',
    'b_bucket{le="+Inf"} 7',
    "c 1e-05",
    "",
  ].join("\n");
  const series = seriesFromExposition(text, 42, { shard: "eu-1", job: "buddy_traffic" });
  assert.deepEqual(series.map((s) => s.labels), [
    [
      { name: "__name__", value: "a_total" },
      { name: "job", value: "buddy_traffic" },
      { name: "shard", value: "eu-1" },
      { name: "type", value: 'we"ird\\x\ny' },
    ],
    [
      { name: "__name__", value: "b_bucket" },
      { name: "job", value: "buddy_traffic" },
      { name: "le", value: "+Inf" },
      { name: "shard", value: "eu-1" },
    ],
    [
      { name: "__name__", value: "c" },
      { name: "job", value: "buddy_traffic" },
      { name: "shard", value: "eu-1" },
    ],
  ]);
  assert.deepEqual(series.map((s) => s.samples), [
    [{ value: 3, timestamp: 42 }],
    [{ value: 7, timestamp: 42 }],
    [{ value: 0.00001, timestamp: 42 }],
  ]);
});

function batch(n: number): TimeSeries[] {
  return [{
    labels: [{ name: "__name__", value: `m${n}` }],
    samples: [{ value: n, timestamp: n }],
  }];
}

Deno.test("the queue keeps batches while the receiver is down, drops the oldest beyond its bound, and sends in order", async () => {
  let up = false;
  const received: string[] = [];
  const lines: string[] = [];
  const writer = new RemoteWriter({
    url: "http://127.0.0.1:1/api/v1/write",
    maxBatches: 3,
    onState: (line) => lines.push(line),
    fetch: (_url, init) => {
      if (!up) return Promise.reject(new TypeError("connection refused"));
      const body = (snappy as unknown as { uncompress(b: Uint8Array): Uint8Array })
        .uncompress(init!.body as Uint8Array);
      received.push(decodeRequest(body)[0]!.labels[0]!.value);
      return Promise.resolve(new Response(null, { status: 204 }));
    },
  });
  for (let n = 1; n <= 5; n++) {
    writer.enqueue(batch(n));
    await writer.flush();
  }
  assert.deepEqual(writer.counts, {
    sentBatches: 0,
    sentSamples: 0,
    droppedSamples: 2,
    failures: 5,
    queued: 3,
  });
  assert.equal(lines.length, 1, "the failure is told once");
  assert.match(lines[0]!, /failed \(no answer: connection refused\); batches wait in the queue/);
  up = true;
  await writer.flush();
  assert.deepEqual(received, ["m3", "m4", "m5"]);
  assert.equal(writer.counts.sentBatches, 3);
  assert.equal(writer.counts.queued, 0);
  assert.match(lines[1]!, /works again/);
});

Deno.test("a receiver refusing a batch (4xx) drops it and counts its samples", async () => {
  const writer = new RemoteWriter({
    url: "http://127.0.0.1:1/w",
    fetch: () => Promise.resolve(new Response("out of order sample", { status: 400 })),
  });
  writer.enqueue(batch(1));
  await writer.flush();
  assert.deepEqual(writer.counts, {
    sentBatches: 0,
    sentSamples: 0,
    droppedSamples: 1,
    failures: 0,
    queued: 0,
  });
});

Deno.test("--remote-write takes an http or https URL", () => {
  const options = parseSimulatorOptions(["--remote-write", "http://127.0.0.1:9090/api/v1/write"]);
  assert.equal(options.remoteWrite, "http://127.0.0.1:9090/api/v1/write");
  assert.equal(parseSimulatorOptions([]).remoteWrite, null);
  assert.throws(
    () => parseSimulatorOptions(["--remote-write", "ftp://x"]),
    /--remote-write must be an http or https URL: current value is 'ftp:\/\/x'/,
  );
});

Deno.test({
  name: "simulate --remote-write: a real Prometheus receives the series, the final counts included",
  ignore: skipWithout(PROMETHEUS),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const prometheus = await startPrometheus({
      "prometheus.yml": "global:\n  scrape_interval: 15s\n",
    }, ["--web.enable-remote-write-receiver"]);
    const dir = await Deno.makeTempDir();
    try {
      const run = await runTask("simulate", [
        "--file=m.json",
        "--duration=7s",
        "--interval-min=5",
        "--interval-max=10",
        "--remote-write",
        `${prometheus.url}/api/v1/write`,
      ], { cwd: dir, writes: metricsFileWrites("m.json") });
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(await Deno.readTextFile(`${dir}/m.json`));
      const total = doc.cumulative.stats.total_requests as number;
      assert.ok(total > 100, `requests ${total}`);
      const result = await instantQuery(
        prometheus.url,
        'sum(buddy_traffic_requests_total{job="buddy_traffic",shard="default",instance="default"})',
      );
      assert.equal(Number(result[0]?.value[1]), total);
      const batches =
        /Remote write: (\d+) samples sent in (\d+) batches, 0 dropped, 0 batches unsent/
          .exec(run.stderr);
      assert.ok(batches !== null, run.stderr);
      assert.ok(Number(batches[2]) >= 2, "a batch every 5 s and the final one");
      const histogram = await instantQuery(
        prometheus.url,
        'histogram_quantile(0.5, sum by (le) (buddy_traffic_latency_seconds_bucket{shard="default"}))',
      );
      assert.ok(Number(histogram[0]?.value[1]) > 0);

      // The receiver down: the run still ends at once and says so.
      const down = await runTask("simulate", [
        "--file=n.json",
        "--duration=2s",
        "--remote-write",
        `http://127.0.0.1:${freePort()}/api/v1/write`,
      ], { cwd: dir, writes: metricsFileWrites("n.json") });
      assert.equal(down.code, 0, down.stderr);
      assert.match(down.stderr, /Remote write to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write failed/);
      assert.match(
        down.stderr,
        /Remote write: 0 samples sent in 0 batches, 0 dropped, 1 batches unsent/,
      );
    } finally {
      await prometheus.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
