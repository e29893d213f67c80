/**
 * `--remote-write URL`: every 5 s the simulator's `/metrics` series (live
 * counters, histograms, gauges and alert states) are queued, labelled
 * `job="buddy_traffic"` and the run's shard as `shard` and `instance`, and
 * sent by a {@linkcode RemoteWriter}. At the end one last batch carries the
 * final figures, and a line tells what was sent and dropped.
 *
 * @module
 */
import type { MetricsDocument } from "../model/metrics_document.ts";
import { liveExposition, type LiveMetrics } from "../server/app.ts";
import { RemoteWriter, seriesFromExposition } from "../server/remote_write.ts";

/** Seconds between two batches. */
export const REMOTE_WRITE_INTERVAL_MS = 5000;

/** What the pusher reads and where it reports. */
export interface RemotePushOptions {
  /** The receiver. */
  url: string;
  /** The run's shard: the `shard` and `instance` labels. */
  shard: string;
  /** The document, once there is one. */
  document(): MetricsDocument | null;
  /** The live figures. */
  live(): LiveMetrics;
  /** Unix ms now. */
  now(): number;
  /** Writes a line to stderr. */
  err(line: string): void;
  /** Batches kept while the receiver is down. @default {60} */
  maxBatches?: number;
  /** Between two batches, ms. @default {REMOTE_WRITE_INTERVAL_MS} */
  intervalMs?: number;
  /** The fetch used (tests). */
  fetch?: typeof fetch;
}

/** A running pusher. */
export interface RemotePush {
  /** The writer (its counters). */
  readonly writer: RemoteWriter;
  /** Samples once now and sends what is queued. */
  push(): Promise<void>;
  /** Stops the timer, sends the final batch, reports the counts. */
  close(): Promise<void>;
}

/** Starts pushing every `intervalMs`. */
export function startRemotePush(options: RemotePushOptions): RemotePush {
  const writer = new RemoteWriter({
    url: options.url,
    ...(options.maxBatches === undefined ? {} : { maxBatches: options.maxBatches }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onState: options.err,
  });
  const labels = { job: "buddy_traffic", shard: options.shard, instance: options.shard };
  const push = async () => {
    const doc = options.document();
    if (doc === null) return;
    const text = liveExposition(doc, options.live());
    writer.enqueue(seriesFromExposition(text, options.now(), labels));
    await writer.flush();
  };
  const timer = setInterval(() => void push(), options.intervalMs ?? REMOTE_WRITE_INTERVAL_MS);
  return {
    writer,
    push,
    async close() {
      clearInterval(timer);
      await push();
      const c = writer.counts;
      options.err(
        `Remote write: ${c.sentSamples} samples sent in ${c.sentBatches} batches, ` +
          `${c.droppedSamples} dropped, ${c.queued} batches unsent`,
      );
    },
  };
}
