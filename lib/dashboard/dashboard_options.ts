/**
 * The dashboard's command line: flags, defaults, validation (one-line
 * {@linkcode UsageError}s) and the help text.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { joinNegativeValues } from "../cli/negative_values.ts";
import { DEFAULT_APDEX_T_MS } from "../alerts/health.ts";
import { parseDuration } from "../fmt/duration.ts";
import { UsageError, usageErrorFromParseArgs } from "../cli/usage_error.ts";
import { DEFAULT_FILE } from "../model/metrics_document.ts";
import { kvFlag, shardFlags } from "../cli/kv_flags.ts";
import { type ListenAddress, parseServeOption, requiresToken } from "../server/serve.ts";

/** Validated dashboard settings. */
export interface DashboardOptions {
  /** Refresh interval in seconds. */
  intervalS: number;
  /** Metrics file (ignored with `url`). */
  file: string;
  /** Server base URL, or null to read the file. */
  url: string | null;
  /** Deno KV store to read (every shard, merged), or null. */
  kv: string | null;
  /** The one shard of the KV store to show, or null for all of them. */
  shard: string | null;
  /** `[HOST:]PORT` to serve the web dashboard, JSON, events and Prometheus text on, or null. */
  serve: string | null;
  /** `serve` parsed. */
  listen: ListenAddress | null;
  /** Access token for a server that needs one, or null. */
  token: string | null;
  /** Rules file, or null for the default rules. */
  rulesPath: string | null;
  /** Apdex threshold T in ms. */
  apdexTMs: number;
  /** Print one frame and exit. */
  once: boolean;
  /** Colour allowed (false with `--no-color`). */
  color: boolean;
  /** Show the help text. */
  help: boolean;
}

/** Default refresh interval, seconds (from the product description). */
export const DEFAULT_INTERVAL_S = 10;

/** The `--help` text. */
export const DASHBOARD_HELP =
  `Live terminal dashboard of a buddy-traffic metrics file, KV store or server

Usage: deno task dashboard [options]

Options:
  --interval N    Refresh every N seconds, and at once when the file changes (default: ${DEFAULT_INTERVAL_S})
  --file PATH     Metrics file to read (default: ${DEFAULT_FILE})
  --url URL       Read GET URL/api/metrics from a buddy-traffic server instead of a file
  --kv PATH       Read a Deno KV store: every shard merged, with a line per shard
  --shard NAME    With --kv: show this shard alone
  --serve [HOST:]PORT
                  Instead of drawing in the terminal, serve what the file or KV store
                  holds: web dashboard, JSON, events and Prometheus text (host
                  defaults to 127.0.0.1; another host needs --token). Ctrl+C stops
  --token TOKEN   Access token of the server read by --url or served by --serve
                  (default: $BUDDY_TRAFFIC_TOKEN)
  --rules FILE    JSON rules file overriding alert thresholds, 'for' and 'keep_firing_for'
  --apdex-t MS    Apdex threshold T in milliseconds (default: ${DEFAULT_APDEX_T_MS})
  --once          Print one frame and exit: 0, or 1 when a HIGH alert is firing
  --no-color      No colours (also when NO_COLOR is set or the output is not a terminal)
  --help          Show this help

Keys: q or Ctrl+C quits.
Exit codes: 0 ok, 1 a HIGH alert is firing (--once), 2 bad flags or unusable input.`;

/** Parses and validates the dashboard's arguments; throws {@linkcode UsageError}. */
export function parseDashboardArgs(
  args: readonly string[],
  env: { get(name: string): string | undefined } = { get: () => undefined },
): DashboardOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(args),
      strict: true,
      allowPositionals: false,
      options: {
        interval: { type: "string" },
        file: { type: "string" },
        url: { type: "string" },
        kv: { type: "string" },
        shard: { type: "string" },
        serve: { type: "string" },
        token: { type: "string" },
        rules: { type: "string" },
        "apdex-t": { type: "string" },
        once: { type: "boolean", default: false },
        "no-color": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw usageErrorFromParseArgs(error);
  }
  let intervalS = DEFAULT_INTERVAL_S;
  if (values.interval !== undefined) {
    let ms = NaN;
    try {
      ms = parseDuration(values.interval);
    } catch {
      // reported below with the flag's name
    }
    if (!(ms >= 100)) {
      throw new UsageError(
        `Cannot use --interval as it must be a number of seconds >= 0.1: current value is '${values.interval}'`,
      );
    }
    intervalS = ms / 1000;
  }
  let apdexTMs = DEFAULT_APDEX_T_MS;
  if (values["apdex-t"] !== undefined) {
    const v = Number(values["apdex-t"]);
    if (values["apdex-t"].trim() === "" || !Number.isFinite(v) || v <= 0) {
      throw new UsageError(
        `Cannot use --apdex-t as it must be a number of milliseconds > 0: current value is '${
          values["apdex-t"]
        }'`,
      );
    }
    apdexTMs = v;
  }
  if (values.file !== undefined && values.file.trim() === "") {
    throw new UsageError("Cannot use --file as it is empty");
  }
  let url: string | null = null;
  if (values.url !== undefined) {
    if (values.file !== undefined) {
      throw new UsageError("Cannot use --file and --url together: pick one source");
    }
    let parsed: URL | null = null;
    try {
      parsed = new URL(values.url);
    } catch {
      // reported below
    }
    if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      throw new UsageError(
        `Cannot use --url as it must be an http:// or https:// URL: current value is '${values.url}'`,
      );
    }
    url = values.url.replace(/\/+$/, "");
  }
  const kv = kvFlag(values.kv);
  if (kv !== null) {
    if (values.file !== undefined || url !== null) {
      throw new UsageError("Cannot use --kv with --file or --url: pick one source");
    }
  }
  const shard = shardFlags(values.shard === undefined ? [] : [values.shard], kv)[0] ?? null;
  const token = values.token ?? env.get("BUDDY_TRAFFIC_TOKEN") ?? "";
  const serve = values.serve ?? null;
  let listen: ListenAddress | null = null;
  if (serve !== null) {
    if (url !== null) {
      throw new UsageError(
        "Cannot use --serve with --url: the server at that URL serves it already",
      );
    }
    if (values.once) throw new UsageError("Cannot use --serve with --once: pick one");
    listen = parseServeOption(serve);
    const { hostname } = listen;
    // Checked here too, so the refusal comes before anything is read or printed.
    if (requiresToken(hostname) && token === "") {
      throw new UsageError(
        `Cannot serve on '${hostname}' without a token: use --token or bind to 127.0.0.1`,
      );
    }
  }
  return {
    intervalS,
    file: values.file ?? DEFAULT_FILE,
    url,
    kv,
    shard,
    serve,
    listen,
    token: token === "" ? null : token,
    rulesPath: values.rules ?? null,
    apdexTMs,
    once: values.once,
    color: !values["no-color"],
    help: values.help,
  };
}

/** The metrics file the dashboard reads (and watches for changes), or null with --url or --kv. */
export function watchedFile(options: DashboardOptions): string | null {
  return options.url === null && options.kv === null ? options.file : null;
}
