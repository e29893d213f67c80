/**
 * `dashboard.ts --serve`: the server without a simulator in the process.
 * Reads the metrics file or KV store on a timer (and at once when the file
 * changes), publishes each new state to the event hub, and serves the web
 * dashboard, JSON, server-sent events and Prometheus text of it, until
 * Ctrl+C or SIGTERM. This is how a KV store that several simulators (or
 * scheduled batches) write into is watched from a browser.
 *
 * @module
 */
import type { AlertRule } from "../alerts/rules.ts";
import { safeText } from "../fmt/sanitize.ts";
import { EventHub } from "../server/event_hub.ts";
import { type ListenAddress, serveError, serverUrl, startServer } from "../server/serve.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";
import type { MetricsSource, SourceResult } from "../store/metrics_source.ts";
import { Wakeup } from "./wakeup.ts";
import { parseLiveTick } from "../view/live_tick.ts";

/** Where the served dashboard reports what it does. */
export interface ServeIo {
  /** A line of normal output. */
  out(line: string): void;
  /** A line of diagnostics. */
  err(line: string): void;
}

/** Options for {@linkcode serveDashboard}. */
export interface ServeDashboardOptions {
  /** What to read. */
  source: MetricsSource;
  /** Where to listen. */
  listen: ListenAddress;
  /** Access token, or null (only allowed on loopback). */
  token: string | null;
  /** Seconds between reads. */
  intervalS: number;
  /** Alert rules. */
  rules: readonly AlertRule[];
  /** Ends the server. */
  signal: AbortSignal;
  /** Wakes a read early (a file change); returns a function that stops watching. */
  watch?: (onChange: () => void) => () => void;
  /** Called once the socket listens. */
  onListen?: (addr: ListenAddress) => void;
}

/**
 * A key that changes whenever the document has something new: a write
 * always moves `updated_at` or adds a report.
 */
export function changeKey(doc: MetricsDocument): string {
  const last = doc.reports.at(-1);
  return [
    doc.status.state,
    doc.status.updated_at,
    doc.status.requests,
    doc.reports.length,
    doc.rollups.length,
    last?.run_id ?? "",
    last?.id ?? 0,
    doc.runs.length,
  ].join("|");
}

/** Serves until `signal` aborts; resolves to the exit code. */
export async function serveDashboard(options: ServeDashboardOptions, io: ServeIo): Promise<number> {
  const hub = new EventHub({ rules: options.rules });
  let doc: MetricsDocument | null = null;
  let lastKey = "";
  let lastProblem = "";
  const apply = (result: SourceResult) => {
    if (result.kind === "ok") {
      lastProblem = "";
      // With several shards, any shard's change counts (the merged status shows only the newest).
      const key = result.parts === undefined
        ? changeKey(result.doc)
        : result.parts.map((p) => `${p.label}:${changeKey(p.doc)}`).join("\n");
      if (key === lastKey) return;
      lastKey = key;
      doc = result.doc;
      hub.publishReport(doc, result.parts);
      return;
    }
    // Said once per distinct problem, not at every read.
    if (result.message === lastProblem) return;
    lastProblem = result.message;
    io.err(`${result.kind === "waiting" ? "waiting" : "warning"}: ${safeText(result.message)}`);
  };
  // A document is served from the first request on; a problem is said once
  // the server listens, so a refusal to listen comes alone.
  const first = await options.source.read();
  if (first.kind === "ok") apply(first);
  let server;
  try {
    server = await startServer({
      hostname: options.listen.hostname,
      port: options.listen.port,
      ...(options.token === null ? {} : { token: options.token }),
      getDocument: () => doc,
      hub,
    });
  } catch (error) {
    throw serveError(error, `${options.listen.hostname}:${options.listen.port}`);
  }
  options.onListen?.(server.addr);
  io.out(
    `Serving the dashboard of ${safeText(options.source.label)} on ${
      serverUrl(server.addr)
    } (read every ${options.intervalS} s); Ctrl+C to stop`,
  );
  if (first.kind !== "ok") apply(first);
  const wake = new Wakeup();
  const stopWatching = options.watch?.(() => wake.fire());
  const onAbort = () => wake.fire();
  options.signal.addEventListener("abort", onAbort);
  const stopRelay = relayLive(options.source, hub);
  try {
    while (!options.signal.aborted) {
      await wake.wait(options.intervalS * 1000);
      if (options.signal.aborted) break;
      apply(await options.source.read());
    }
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    stopRelay();
    stopWatching?.();
    await server.shutdown();
  }
  return 0;
}

/**
 * Passes the simulator's live status on to the page each second: every new
 * status the source reads (the file beside a metrics file, or a server's
 * `/api/live`) becomes a `tick` event, so the Live section moves between
 * reports. Returns the function that stops it.
 */
export function relayLive(source: MetricsSource, hub: EventHub, everyMs = 1000): () => void {
  const readLive = source.readLive;
  if (readLive === undefined) return () => {};
  let busy = false;
  let last = -Infinity;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const tick = parseLiveTick(await readLive.call(source));
      if (tick !== null && tick.at > last) {
        last = tick.at;
        hub.publishTick(tick);
      }
    } finally {
      busy = false;
    }
  }, everyMs);
  return () => clearInterval(timer);
}
