/**
 * The dashboard's command line: the flag table (names, defaults, help),
 * validation (one-line {@linkcode UsageError}s) and the help text.
 *
 * @module
 */
import { parseDecimal } from "../cli/parse_decimal.ts";
import { quote } from "../fmt/quote.ts";
import { tokenFlags } from "../cli/token_file.ts";
import { DEFAULT_APDEX_T_MS } from "../alerts/health.ts";
import { parseDuration } from "../fmt/duration.ts";
import { UsageError } from "../cli/usage_error.ts";
import { type FlagSpec, formatFlagHelp } from "../cli/flag_table.ts";
import { parseFlags } from "../cli/parse_flags.ts";
import { DEFAULT_FILE } from "../model/metrics_document.ts";
import { kvFlag, shardFlags } from "../cli/kv_flags.ts";
import { type ListenAddress, parseServeOption, requiresToken } from "../server/serve.ts";

/** Validated dashboard settings. */
export interface DashboardOptions {
  /** Refresh interval in seconds. @default {10} */
  intervalS: number;
  /** Metrics file (ignored with `url`). @default {"buddy_traffic_metrics.json"} */
  file: string;
  /** Server base URL, or null to read the file. @default {null} */
  url: string | null;
  /** Deno KV store to read (every shard, merged), or null. @default {null} */
  kv: string | null;
  /** The one shard of the KV store to show, or null for all of them. @default {null} */
  shard: string | null;
  /**
   * `[HOST:]PORT` to serve the web dashboard, JSON, events and Prometheus text on, or null.
   * @default {null}
   */
  serve: string | null;
  /** `serve` parsed. @default {null} */
  listen: ListenAddress | null;
  /** Access token for a server that needs one, or null. @default {$BUDDY_TRAFFIC_TOKEN, else null} */
  token: string | null;
  /** File to read the access token from (instead of `token`), or null. @default {null} */
  tokenFile: string | null;
  /** Rules file, or null for the default rules. @default {null} */
  rulesPath: string | null;
  /** Apdex threshold T in ms. @default {5} */
  apdexTMs: number;
  /** Print one frame and exit. @default {false} */
  once: boolean;
  /** Colour allowed (false with `--no-color`). @default {true} */
  color: boolean;
  /** Show the help text. @default {false} */
  help: boolean;
  /** Show the version. @default {false} */
  version: boolean;
}

/** Default refresh interval, seconds (from the product description). */
export const DEFAULT_INTERVAL_S = 10;

/** The flags of the dashboard: names, values, defaults and help, in help order. */
export const DASHBOARD_FLAGS = [
  {
    name: "interval",
    value: "N",
    default: String(DEFAULT_INTERVAL_S),
    help: "Refresh every N seconds, and at once when the file changes",
  },
  { name: "file", value: "PATH", default: DEFAULT_FILE, help: "Metrics file to read" },
  {
    name: "url",
    value: "URL",
    help: "Read GET URL/api/metrics from a buddy-traffic server instead of a file",
  },
  {
    name: "kv",
    value: "PATH",
    help: "Read a Deno KV store: every shard merged, with a line per shard",
  },
  { name: "shard", value: "NAME", help: "With --kv: show this shard alone" },
  {
    name: "serve",
    value: "[HOST:]PORT",
    help: "Instead of drawing in the terminal, serve what the file or KV store\n" +
      "holds: web dashboard, JSON, events and Prometheus text (host\n" +
      "defaults to 127.0.0.1; another host needs --token). Ctrl+C stops",
  },
  {
    name: "token",
    value: "TOKEN",
    default: "$BUDDY_TRAFFIC_TOKEN",
    described: true,
    help: "Access token of the server read by --url or served by --serve\n{default}" +
      " (visible in ps: prefer --token-file)",
  },
  {
    name: "token-file",
    value: "PATH",
    help: "Read the access token from a file (not visible in ps as --token is)",
  },
  {
    name: "rules",
    value: "FILE",
    help: "JSON rules file overriding alert thresholds, 'for' and 'keep_firing_for'",
  },
  {
    name: "apdex-t",
    value: "MS",
    default: String(DEFAULT_APDEX_T_MS),
    help: "Apdex threshold T in milliseconds",
  },
  { name: "once", help: "Print one frame and exit: 0, or 1 when a HIGH alert is firing" },
  {
    name: "no-color",
    help: "No colours (also when NO_COLOR is set or the output is not a terminal)",
  },
  { name: "help", short: "h", help: "Show this help" },
  { name: "version", help: "Show the version" },
] as const satisfies readonly FlagSpec[];

/** The `--help` text. */
export const DASHBOARD_HELP =
  `Live terminal dashboard of a buddy-traffic metrics file, KV store or server

Usage: deno task dashboard [options]

${formatFlagHelp(DASHBOARD_FLAGS, { width: 16 })}

Keys: q or Ctrl+C quits.
Exit codes: 0 ok, 1 a HIGH alert is firing (--once), 2 bad flags or unusable input.`;

/** Parses and validates the dashboard's arguments; throws {@linkcode UsageError}. */
export function parseDashboardArgs(
  args: readonly string[],
  env: { get(name: string): string | undefined } = { get: () => undefined },
): DashboardOptions {
  const flags = parseFlags(args, DASHBOARD_FLAGS);
  const intervalS = parseInterval(flags.value("interval"));
  const apdexTMs = parseApdexT(flags.value("apdex-t"));
  const file = flags.value("file");
  if (file.trim() === "") throw new UsageError("Cannot use --file as it is empty");
  const urlText = flags.string("url");
  if (urlText !== undefined && flags.has("file")) {
    throw new UsageError("Cannot use --file and --url together: pick one source");
  }
  const url = urlText === undefined ? null : parseUrl(urlText);
  const kv = kvFlag(flags.string("kv"));
  if (kv !== null && (flags.has("file") || url !== null)) {
    throw new UsageError("Cannot use --kv with --file or --url: pick one source");
  }
  const shardText = flags.string("shard");
  const shard = shardFlags(shardText === undefined ? [] : [shardText], kv)[0] ?? null;
  const { token, tokenFile } = tokenFlags(
    flags.string("token"),
    flags.string("token-file"),
    env.get("BUDDY_TRAFFIC_TOKEN"),
  );
  const serve = flags.string("serve") ?? null;
  let listen: ListenAddress | null = null;
  if (serve !== null) {
    if (url !== null) {
      throw new UsageError(
        "Cannot use --serve with --url: the server at that URL serves it already",
      );
    }
    if (flags.boolean("once")) throw new UsageError("Cannot use --serve with --once: pick one");
    listen = parseServeOption(serve);
    const { hostname } = listen;
    // Checked here too, so the refusal comes before anything is read or printed.
    if (requiresToken(hostname) && token === null && tokenFile === null) {
      throw new UsageError(
        `Cannot serve on '${hostname}' without a token: use --token or bind to 127.0.0.1`,
      );
    }
  }
  return {
    intervalS,
    file,
    url,
    kv,
    shard,
    serve,
    listen,
    token,
    tokenFile,
    rulesPath: flags.string("rules") ?? null,
    apdexTMs,
    once: flags.boolean("once"),
    color: !flags.boolean("no-color"),
    help: flags.boolean("help"),
    version: flags.boolean("version"),
  };
}

/** `--interval`: a duration of at least 0.1 s (a bare number is seconds), in seconds. */
function parseInterval(text: string): number {
  let ms = NaN;
  try {
    ms = parseDuration(text);
  } catch {
    // reported below with the flag's name
  }
  if (!(ms >= 100 && ms <= 86_400_000)) {
    throw new UsageError(
      `Cannot use --interval as it must be a number of seconds from 0.1 to 86400: current value is ${
        quote(text)
      }`,
    );
  }
  return ms / 1000;
}

/** `--apdex-t`: a number of milliseconds > 0. */
function parseApdexT(text: string): number {
  const v = parseDecimal(text);
  if (!Number.isFinite(v) || v <= 0 || v > 3_600_000) {
    throw new UsageError(
      `Cannot use --apdex-t as it must be a number of milliseconds > 0 and at most 3600000: current value is ${
        quote(text)
      }`,
    );
  }
  return v;
}

/** `--url`: an http or https base URL, without trailing slashes. */
function parseUrl(text: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(text);
  } catch {
    // reported below
  }
  if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new UsageError(
      `Cannot use --url as it must be an http:// or https:// URL: current value is '${text}'`,
    );
  }
  return text.replace(/\/+$/, "");
}

/** The metrics file the dashboard reads (and watches for changes), or null with --url or --kv. */
export function watchedFile(options: DashboardOptions): string | null {
  return options.url === null && options.kv === null ? options.file : null;
}
