/**
 * Where the dashboard gets its metrics document: the metrics file, or a
 * buddy-traffic server's `GET /api/metrics`. Every read returns a result,
 * never throws, so the dashboard keeps retrying after any failure.
 *
 * @module
 */
import { MetricsFileError } from "../model/metrics_file_error.ts";
import { parseDocument, readMetricsFile } from "./metrics_file.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";
import { liveStatusPath, MAX_LIVE_BYTES, readLiveStatus } from "./live_status_file.ts";

/** One shard of a source that merges several (e.g. a KV store's shards). */
export interface SourcePart {
  /** What to show, e.g. `store.kv shard eu-1` (user input: sanitise before printing). */
  label: string;
  /** The shard's own document. */
  doc: MetricsDocument;
}

/** The outcome of one read. */
export type SourceResult =
  | {
    kind: "ok";
    /** The document shown (with several parts: their exact merge). */
    doc: MetricsDocument;
    /** The documents merged into `doc`, one per store shard; the frame lists them with more than one. */
    parts?: SourcePart[];
  }
  | { kind: "waiting"; message: string; hint: string }
  | { kind: "error"; message: string };

/** A place metrics documents are read from. */
export interface MetricsSource {
  /** What to show as the source (a path or URL; untrusted only in the sense of user input). */
  readonly label: string;
  /** Reads the current document. */
  read(): Promise<SourceResult>;
  /**
   * Reads the simulator's live figures of the last second (small, cheap to
   * read each second): the raw object, untrusted, or null when there are none.
   */
  readLive?(): Promise<Record<string, unknown> | null>;
}

/** The hint shown while there is no metrics data yet. */
export const WAITING_HINT =
  "Start the simulator with 'deno task simulate'; the first report comes after --report-interval requests (try --report-interval 100)";

/** Reads the metrics file at `path`; a missing or empty file means "waiting". */
export function fileSource(path: string): MetricsSource {
  return {
    label: path,
    async read(): Promise<SourceResult> {
      try {
        return { kind: "ok", doc: await readMetricsFile(path) };
      } catch (error) {
        return fromError(error, path);
      }
    },
    readLive: () => readLiveStatus(liveStatusPath(path)),
  };
}

/** Options for {@linkcode urlSource}. */
export interface UrlSourceOptions {
  /**
   * Milliseconds before a request is abandoned.
   * @default {5000}
   */
  timeoutMs?: number;
  /** The fetch function (tests may inject one). @default {globalThis.fetch} */
  fetch?: typeof fetch;
  /** Access token sent as `Authorization: Bearer`, for a server that needs one. */
  token?: string;
}

/** Reads `GET {url}/api/metrics` from a buddy-traffic server. */
export function urlSource(url: string, options: UrlSourceOptions = {}): MetricsSource {
  const base = url.replace(/\/+$/, "");
  const endpoint = `${base}/api/metrics`;
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = options.token === undefined
    ? { accept: "application/json" }
    : { accept: "application/json", authorization: `Bearer ${options.token}` };
  return {
    label: base,
    async read(): Promise<SourceResult> {
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          signal: AbortSignal.timeout(timeoutMs),
          headers,
        });
      } catch (error) {
        const why = error instanceof DOMException && error.name === "TimeoutError"
          ? `no answer within ${timeoutMs} ms`
          : firstLine(error);
        return { kind: "error", message: `Cannot reach the server at '${base}': ${why}` };
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        return {
          kind: "error",
          message: `Cannot read the answer of '${endpoint}': ${firstLine(error)}`,
        };
      }
      if (response.status === 503 && text.includes("Waiting for metrics data")) {
        // The server is up but the simulator has not written its first report yet.
        return {
          kind: "waiting",
          message: `The server at '${base}' has no metrics yet`,
          hint: WAITING_HINT,
        };
      }
      if (response.status === 401) {
        return {
          kind: "error",
          message:
            `The server at '${base}' needs an access token: use --token or BUDDY_TRAFFIC_TOKEN`,
        };
      }
      if (!response.ok) {
        return {
          kind: "error",
          message: `Server at '${base}' answered ${response.status} ${response.statusText}`.trim(),
        };
      }
      try {
        return { kind: "ok", doc: parseDocument(text, endpoint) };
      } catch (error) {
        return fromError(error, endpoint);
      }
    },
    async readLive(): Promise<Record<string, unknown> | null> {
      try {
        const response = await doFetch(`${base}/api/live`, {
          signal: AbortSignal.timeout(timeoutMs),
          headers,
        });
        const text = await response.text();
        if (!response.ok || text.length > MAX_LIVE_BYTES) return null;
        const value: unknown = JSON.parse(text);
        return value !== null && typeof value === "object" && !Array.isArray(value)
          ? value as Record<string, unknown>
          : null;
      } catch {
        return null;
      }
    },
  };
}

function fromError(error: unknown, where: string): SourceResult {
  if (error instanceof MetricsFileError) {
    if (error.kind === "missing") {
      return {
        kind: "waiting",
        message: `No metrics file at '${where}' yet`,
        hint: WAITING_HINT,
      };
    }
    if (error.kind === "empty") {
      return {
        kind: "waiting",
        message: `The metrics file '${where}' is still empty`,
        hint: WAITING_HINT,
      };
    }
    return { kind: "error", message: error.message };
  }
  return { kind: "error", message: `Cannot read '${where}': ${firstLine(error)}` };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
