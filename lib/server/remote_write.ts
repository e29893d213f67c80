/**
 * Prometheus remote write, for simulators that cannot be scraped (Deno
 * Deploy batches): the `/metrics` exposition is sampled every few seconds,
 * its series labelled with `job`, `shard` and `instance`, queued in a
 * bounded queue and sent as a snappy-compressed protobuf `WriteRequest`.
 * When the receiver is down, batches wait in the queue and are retried in
 * order; once the queue is full the oldest batch is dropped and its samples
 * counted.
 *
 * @module
 */
import * as snappy from "snappyjs";

/** One label of a series. */
export interface Label {
  /** Label name (`__name__` for the metric name). */
  name: string;
  /** Label value. */
  value: string;
}

/** One series with its samples. */
export interface TimeSeries {
  /** Labels, sorted by name, `__name__` among them. */
  labels: Label[];
  /** Samples: a value and a Unix time in ms. */
  samples: { value: number; timestamp: number }[];
}

const compress = (snappy as unknown as {
  compress(data: Uint8Array): Uint8Array<ArrayBuffer>;
}).compress;

/** Protobuf writer for the few wire types a `WriteRequest` needs. */
class ProtoWriter {
  #buf = new Uint8Array(1024);
  #len = 0;

  #ensure(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  varint(value: number): void {
    this.#ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.#buf[this.#len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buf[this.#len++] = v;
  }

  bytes(field: number, data: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    this.#ensure(data.length);
    this.#buf.set(data, this.#len);
    this.#len += data.length;
  }

  double(field: number, value: number): void {
    this.varint((field << 3) | 1);
    this.#ensure(8);
    new DataView(this.#buf.buffer).setFloat64(this.#len, value, true);
    this.#len += 8;
  }

  /** A non-negative int64 field (timestamps). */
  uint(field: number, value: number): void {
    this.varint(field << 3);
    this.varint(value);
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

const utf8 = new TextEncoder();

/** Encodes a `prometheus.WriteRequest` (timeseries = 1; labels = 1, samples = 2). */
export function encodeWriteRequest(series: readonly TimeSeries[]): Uint8Array {
  const request = new ProtoWriter();
  for (const s of series) {
    const ts = new ProtoWriter();
    for (const label of s.labels) {
      const l = new ProtoWriter();
      l.bytes(1, utf8.encode(label.name));
      l.bytes(2, utf8.encode(label.value));
      ts.bytes(1, l.finish());
    }
    for (const sample of s.samples) {
      const p = new ProtoWriter();
      p.double(1, sample.value);
      p.uint(2, Math.round(sample.timestamp));
      ts.bytes(2, p.finish());
    }
    request.bytes(1, ts.finish());
  }
  return request.finish();
}

/** The request body: the encoded `WriteRequest`, snappy block-compressed. */
export function writeRequestBody(series: readonly TimeSeries[]): Uint8Array<ArrayBuffer> {
  return compress(encodeWriteRequest(series));
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, ch: string) => ch === "n" ? "\n" : ch);
}

function parseValue(text: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  return Number(text);
}

/**
 * The samples of an exposition text as series at `timestamp`, each with the
 * `extra` labels added (they win over the exposition's), labels sorted.
 */
export function seriesFromExposition(
  text: string,
  timestamp: number,
  extra: Readonly<Record<string, string>>,
): TimeSeries[] {
  const out: TimeSeries[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (match === null) continue;
    const labels = new Map<string, string>([["__name__", match[1]!]]);
    for (const [, name, value] of (match[2] ?? "").matchAll(LABEL)) {
      labels.set(name!, unescapeLabel(value!));
    }
    for (const [name, value] of Object.entries(extra)) labels.set(name, value);
    out.push({
      labels: [...labels].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
        .map(([name, value]) => ({ name, value })),
      samples: [{ value: parseValue(match[3]!), timestamp }],
    });
  }
  return out;
}

/** Options of {@linkcode RemoteWriter}. */
export interface RemoteWriterOptions {
  /** The receiver, e.g. `http://127.0.0.1:9090/api/v1/write`. */
  url: string;
  /** Batches kept while the receiver is down; the oldest is dropped beyond. @default {60} */
  maxBatches?: number;
  /** Time limit of one request, ms. @default {5000} */
  timeoutMs?: number;
  /** The fetch used (tests). @default {globalThis.fetch} */
  fetch?: typeof fetch;
  /** Told once when sending starts failing, and once when it works again. */
  onState?: (line: string) => void;
}

/** Counters of a {@linkcode RemoteWriter}. */
export interface RemoteWriteCounts {
  /** Batches the receiver accepted. */
  sentBatches: number;
  /** Samples the receiver accepted. */
  sentSamples: number;
  /** Samples dropped: the queue was full, or the receiver refused them (4xx). */
  droppedSamples: number;
  /** Failed sends (network errors and 5xx; the batch stays queued). */
  failures: number;
  /** Batches waiting. */
  queued: number;
}

/** A bounded queue of batches and the one sender that empties it in order. */
export class RemoteWriter {
  readonly #options: Required<Omit<RemoteWriterOptions, "onState">> & RemoteWriterOptions;
  readonly #queue: TimeSeries[][] = [];
  #sending: Promise<void> | null = null;
  #failing = false;
  readonly #counts = { sentBatches: 0, sentSamples: 0, droppedSamples: 0, failures: 0 };

  /** Creates a writer; nothing is sent until {@linkcode flush}. */
  constructor(options: RemoteWriterOptions) {
    this.#options = {
      maxBatches: 60,
      timeoutMs: 5000,
      fetch: globalThis.fetch.bind(globalThis),
      ...options,
    };
  }

  /** The counters so far. */
  get counts(): RemoteWriteCounts {
    return { ...this.#counts, queued: this.#queue.length };
  }

  /** Queues a batch; drops (and counts) the oldest batch when the queue is full. */
  enqueue(batch: TimeSeries[]): void {
    if (batch.length === 0) return;
    this.#queue.push(batch);
    while (this.#queue.length > this.#options.maxBatches) {
      this.#counts.droppedSamples += samplesOf(this.#queue.shift()!);
    }
  }

  /** Sends the queued batches in order, stopping at the first failure; one flush at a time. */
  flush(): Promise<void> {
    this.#sending ??= this.#send().finally(() => {
      this.#sending = null;
    });
    return this.#sending;
  }

  async #send(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue[0]!;
      const outcome = await this.#post(batch);
      if (outcome === "retry") {
        this.#counts.failures++;
        return;
      }
      this.#queue.shift();
      if (outcome === "sent") {
        this.#counts.sentBatches++;
        this.#counts.sentSamples += samplesOf(batch);
      } else {
        this.#counts.droppedSamples += samplesOf(batch);
      }
    }
  }

  async #post(batch: TimeSeries[]): Promise<"sent" | "refused" | "retry"> {
    const { url, timeoutMs, fetch } = this.#options;
    let status: number;
    let reason = "";
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Encoding": "snappy",
          "Content-Type": "application/x-protobuf",
          "X-Prometheus-Remote-Write-Version": "0.1.0",
        },
        body: writeRequestBody(batch),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      reason = (await res.text()).split("\n")[0]?.slice(0, 200) ?? "";
    } catch (error) {
      status = 0;
      reason = error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
    }
    if (status >= 200 && status < 300) {
      if (this.#failing) this.#options.onState?.(`Remote write to ${url} works again`);
      this.#failing = false;
      return "sent";
    }
    const retry = status === 0 || status === 429 || status >= 500;
    if (!this.#failing) {
      this.#options.onState?.(
        `Remote write to ${url} failed (${status === 0 ? "no answer" : `HTTP ${status}`}${
          reason === "" ? "" : `: ${reason}`
        }); ${retry ? "batches wait in the queue" : "the batch is dropped"}`,
      );
    }
    this.#failing = true;
    return retry ? "retry" : "refused";
  }
}

function samplesOf(batch: readonly TimeSeries[]): number {
  let n = 0;
  for (const s of batch) n += s.samples.length;
  return n;
}
