/**
 * Command-line options of `simulate.ts`: parsing, defaults (the product
 * description's), validation with one-line messages, and the help text.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { UsageError, usageErrorFromParseArgs } from "../cli/usage_error.ts";
import { parseDuration } from "../fmt/duration.ts";
import { ARRIVALS } from "../load/arrivals.ts";
import { joinNegativeValues } from "../cli/negative_values.ts";
import { type Mix } from "../model/category.ts";
import { DEFAULT_MIX, formatMix, parseMix } from "../traffic/categories.ts";
import { MAX_SEED } from "../traffic/random.ts";
import { type Arrival, DEFAULT_FILE, type FaultConfig } from "../model/metrics_document.ts";
import { type CronSchedule, CronScheduleError, parseCronSchedule } from "./cron_schedule.ts";
import { kvFlag, shardFlags } from "../cli/kv_flags.ts";
import { parseServeOption, requiresToken } from "../server/serve.ts";
import { parseSoulUrl } from "../soul/http_target.ts";

/** Everything `simulate.ts` was asked to do, validated. */
export interface SimulatorOptions {
  /** Print help and exit. */
  help: boolean;
  /** Print the version and exit. */
  version: boolean;
  /** Metrics file path. */
  file: string;
  /** Deno KV store path, or null to write the metrics file. */
  kv: string | null;
  /** Shard of the KV store this simulator writes (null: the default shard). */
  shard: string | null;
  /** Cron schedule of bounded batches, or null for one run. */
  cron: CronSchedule | null;
  /** Keep an existing file aside instead of continuing its history. */
  fresh: boolean;
  /** No console output but errors. */
  quiet: boolean;
  /** Seed, or null to choose one. */
  seed: number | null;
  /** Corpus file to replay, or null. */
  corpus: string | null;
  /** Category weights. */
  mix: Mix;
  /** Level 1 minimum interval, ms. */
  intervalMin: number;
  /** Level 1 maximum interval, ms. */
  intervalMax: number;
  /** Arrival process. */
  arrival: Arrival;
  /** Whether load levels adapt. */
  adaptive: boolean;
  /** In-flight cap. */
  concurrency: number;
  /** Per-request timeout, ms. */
  timeoutMs: number;
  /** Report every N requests. */
  reportInterval: number;
  /** Report at least every N seconds. */
  reportSeconds: number;
  /** Stop after N requests, or null. */
  maxRequests: number | null;
  /** Stop after N seconds, or null. */
  durationS: number | null;
  /** Rolling request log size. */
  logSize: number;
  /** Fault injection of the embedded engine. */
  faults: FaultConfig;
  /** Ask for the real Soul API (honoured when SOUL_REAL_ENABLED=true). */
  useRealSoul: boolean;
  /** Soul API base URL given on the command line, or null. */
  soulUrl: string | null;
  /** Settings file re-read on SIGHUP, or null. */
  flagsFile: string | null;
  /** `[HOST:]PORT` to serve the dashboard on, or null. */
  serve: string | null;
  /** Server access token, or null. */
  token: string | null;
}

/** Version printed by `--version` and recorded in nothing else. */
export const VERSION = "1.0.0";

/** The help text of `simulate.ts`. */
export const HELP = `buddy-traffic simulate ${VERSION}
Drive continuous, categorized synthetic traffic against a Soul decision pipeline
and write the metrics file.

Usage: deno task simulate [options]

Stop conditions (unlimited by default; Ctrl+C stops with a final report):
  --max-requests N       Stop after N requests
  --duration D           Stop after a duration such as 90s, 10m, 2h

Traffic:
  --seed N               Seed for reproducible traffic and intervals (default: random, recorded)
  --mix LIST             Category weights, e.g. simple=40,adversarial=20
                         (default: ${formatMix(DEFAULT_MIX)})
  --corpus FILE.jsonl    Replay your own inputs: one JSON object a line with
                         "input" and optional "category", "family", "expect"

Load:
  --interval-min MS      Min request interval at Level 1 (default: 50)
  --interval-max MS      Max request interval at Level 1 (default: 200)
                         0 and 0 send as fast as possible
  --arrival KIND         uniform (default) or poisson (same mean rate)
  --no-adaptive          Pin the load level (default: adapt 1-3 to stability)
  --concurrency N        Max requests in flight (default: 64)
  --timeout-ms MS        Per-request timeout (default: 5000)

Reports:
  --file PATH            Metrics file (default: ${DEFAULT_FILE})
  --kv PATH              Write into a Deno KV store instead of a file; several
                         simulators can share one store, each with its own --shard
  --shard NAME           This simulator's shard of the KV store (default: default)
  --fresh                Keep the existing history aside and start a new one
                         (default: continue the existing file's or shard's history)
  --report-interval N    Report every N requests (default: 500), at most once a second
  --report-seconds S     Report at least every S seconds (default: 300)
  --log-size N           Rolling in-memory request log (default: 10000)
  --quiet                Print nothing but errors

Scheduled batches:
  --cron "SCHEDULE"      Run a batch (bounded by --max-requests or --duration) at each
                         firing of a five-field UTC cron schedule, e.g. "0 * * * *"
                         hourly, appending to the same file or shard; a firing while
                         a batch still runs is skipped. Runs until Ctrl+C

Faults of the embedded engine (for exercising alerts; rates 0..1, default 0):
  --fault-rate R         Fail with an injected error
  --slow-rate R          Answer slowly, after --slow-ms more (default: 100)
  --slow-ms MS
  --throw-rate R         Throw an unexpected exception
  --malformed-rate R     Answer with a malformed decision

Real Soul API:
  --use-real-soul        Use the HTTP Soul API (needs SOUL_REAL_ENABLED=true)
  --soul-url URL         Soul API base URL (default: $SOUL_API_URL or http://127.0.0.1:8787)
  --flags FILE           Settings file re-read on SIGHUP to switch targets live

Server:
  --serve [HOST:]PORT    Serve JSON, events, Prometheus text and a web dashboard
                         (host defaults to 127.0.0.1)
  --token TOKEN          Access token, required off loopback (or $BUDDY_TRAFFIC_TOKEN)

  -h, --help             Show this help
  --version              Show the version

Exit codes: 0 done (also after Ctrl+C), 2 invalid flags or input (also a KV shard
another simulator holds or took over), 1 unexpected failure.`;

/** Flag definitions for `node:util` parseArgs. */
const FLAGS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  file: { type: "string" },
  kv: { type: "string" },
  shard: { type: "string" },
  cron: { type: "string" },
  fresh: { type: "boolean" },
  quiet: { type: "boolean" },
  seed: { type: "string" },
  mix: { type: "string" },
  corpus: { type: "string" },
  "interval-min": { type: "string" },
  "interval-max": { type: "string" },
  arrival: { type: "string" },
  "no-adaptive": { type: "boolean" },
  concurrency: { type: "string" },
  "timeout-ms": { type: "string" },
  "report-interval": { type: "string" },
  "report-seconds": { type: "string" },
  "max-requests": { type: "string" },
  duration: { type: "string" },
  "log-size": { type: "string" },
  "fault-rate": { type: "string" },
  "slow-rate": { type: "string" },
  "slow-ms": { type: "string" },
  "throw-rate": { type: "string" },
  "malformed-rate": { type: "string" },
  "use-real-soul": { type: "boolean" },
  "soul-url": { type: "string" },
  flags: { type: "string" },
  serve: { type: "string" },
  token: { type: "string" },
} as const;

/** Environment variables the simulator reads. */
export interface SimulatorEnv {
  /** Returns the variable's value, or undefined. */
  get(name: string): string | undefined;
}

/** Parses and validates the simulator's command line. Throws {@linkcode UsageError}. */
export function parseSimulatorOptions(
  args: readonly string[],
  env: SimulatorEnv = { get: () => undefined },
): SimulatorOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: joinNegativeValues(args),
      options: FLAGS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw usageErrorFromParseArgs(error);
  }
  const str = (name: keyof typeof FLAGS): string | undefined => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  const bool = (name: keyof typeof FLAGS): boolean => values[name] === true;

  const intervalMin = number("--interval-min", str("interval-min"), 50, { min: 0 });
  const intervalMax = number("--interval-max", str("interval-max"), 200, { min: 0 });
  if (intervalMin > intervalMax) {
    throw new UsageError(
      `Cannot use --interval-min ${intervalMin} as it is greater than --interval-max ${intervalMax}`,
    );
  }
  const arrivalText = str("arrival") ?? "uniform";
  const arrival = ARRIVALS.find((a) => a === arrivalText);
  if (arrival === undefined) {
    throw new UsageError(
      `Cannot use --arrival as it must be ${
        ARRIVALS.map((a) => `'${a}'`).join(" or ")
      }: current value is '${arrivalText}'`,
    );
  }
  let mix: Mix = { ...DEFAULT_MIX };
  const mixText = str("mix");
  if (mixText !== undefined) {
    try {
      mix = parseMix(mixText);
    } catch (error) {
      throw new UsageError(`Cannot use --mix: ${(error as Error).message}`);
    }
  }
  const seedText = str("seed");
  const seed = seedText === undefined
    ? null
    : number("--seed", seedText, 0, { min: 0, max: MAX_SEED, integer: true });
  const durationText = str("duration");
  let durationS: number | null = null;
  if (durationText !== undefined) {
    try {
      durationS = parseDuration(durationText) / 1000;
    } catch (error) {
      throw new UsageError(`Cannot use --duration: ${(error as Error).message}`);
    }
    if (!(durationS > 0)) {
      throw new UsageError(
        `Cannot use --duration as it must be longer than 0: current value is '${durationText}'`,
      );
    }
  }
  const maxText = str("max-requests");
  const maxRequests = maxText === undefined
    ? null
    : number("--max-requests", maxText, 0, { min: 1, integer: true });
  const file = str("file") ?? DEFAULT_FILE;
  if (file.trim() === "") throw new UsageError("Cannot use --file as it is empty");
  const kv = kvFlag(str("kv"));
  if (kv !== null && str("file") !== undefined) {
    throw new UsageError("Cannot use --file with --kv: the metrics go to one or the other");
  }
  const shardText = str("shard");
  const shard = shardFlags(shardText === undefined ? [] : [shardText], kv)[0] ?? null;
  const cron = parseCron(str("cron"), maxRequests, durationS, str("serve"));
  const token = str("token") ?? env.get("BUDDY_TRAFFIC_TOKEN") ?? null;
  const soulUrl = str("soul-url") ?? null;
  if (soulUrl !== null) parseSoulUrl(soulUrl, "--soul-url");
  const serve = serveFlag(str("serve"), token === "" ? null : token);

  return {
    help: bool("help"),
    version: bool("version"),
    file,
    kv,
    shard,
    cron,
    fresh: bool("fresh"),
    quiet: bool("quiet"),
    seed,
    corpus: str("corpus") ?? null,
    mix,
    intervalMin,
    intervalMax,
    arrival,
    adaptive: !bool("no-adaptive"),
    concurrency: number("--concurrency", str("concurrency"), 64, {
      min: 1,
      max: 100_000,
      integer: true,
    }),
    timeoutMs: number("--timeout-ms", str("timeout-ms"), 5000, { min: 1, max: 3_600_000 }),
    reportInterval: number("--report-interval", str("report-interval"), 500, {
      min: 1,
      integer: true,
    }),
    reportSeconds: number("--report-seconds", str("report-seconds"), 300, {
      min: 0.1,
      max: 86_400,
    }),
    maxRequests,
    durationS,
    logSize: number("--log-size", str("log-size"), 10_000, {
      min: 1,
      max: 10_000_000,
      integer: true,
    }),
    faults: {
      fault_rate: number("--fault-rate", str("fault-rate"), 0, { min: 0, max: 1 }),
      slow_rate: number("--slow-rate", str("slow-rate"), 0, { min: 0, max: 1 }),
      slow_ms: number("--slow-ms", str("slow-ms"), 100, { min: 0, max: 3_600_000 }),
      throw_rate: number("--throw-rate", str("throw-rate"), 0, { min: 0, max: 1 }),
      malformed_rate: number("--malformed-rate", str("malformed-rate"), 0, { min: 0, max: 1 }),
    },
    useRealSoul: bool("use-real-soul"),
    soulUrl,
    flagsFile: str("flags") ?? null,
    serve,
    token: token === "" ? null : token,
  };
}

function parseCron(
  text: string | undefined,
  maxRequests: number | null,
  durationS: number | null,
  serve: string | undefined,
): CronSchedule | null {
  if (text === undefined) return null;
  let schedule: CronSchedule;
  try {
    schedule = parseCronSchedule(text);
  } catch (error) {
    if (error instanceof CronScheduleError) {
      throw new UsageError(`Cannot use --cron as ${error.message}`);
    }
    throw error;
  }
  if (maxRequests === null && durationS === null) {
    throw new UsageError(
      "Cannot use --cron without --max-requests or --duration: each batch must be bounded",
    );
  }
  if (serve !== undefined) {
    throw new UsageError(
      "Cannot use --serve with --cron: serve the history between batches with 'deno task dashboard --serve'",
    );
  }
  return schedule;
}

/** Checks `--serve`'s `[HOST:]PORT`, and that a host off loopback comes with a token. */
function serveFlag(text: string | undefined, token: string | null): string | null {
  if (text === undefined) return null;
  const { hostname } = parseServeOption(text);
  if (requiresToken(hostname) && token === null) {
    throw new UsageError(
      `Cannot serve on '${hostname}' without a token: use --token or bind to 127.0.0.1`,
    );
  }
  return text;
}

interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Parses a numeric flag value, or returns `fallback` when the flag is absent. */
function number(
  flag: string,
  text: string | undefined,
  fallback: number,
  rule: NumberRule,
): number {
  if (text === undefined) return fallback;
  const trimmed = text.trim();
  const value = trimmed === "" ? NaN : Number(trimmed);
  const kind = rule.integer ? "an integer" : "a number";
  const bounds = rule.max !== undefined && rule.min !== undefined
    ? ` from ${rule.min} to ${rule.max}`
    : rule.min !== undefined
    ? ` >= ${rule.min}`
    : "";
  if (
    !Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) ||
    (rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)
  ) {
    throw new UsageError(
      `Cannot use ${flag} as it must be ${kind}${bounds}: current value is '${text}'`,
    );
  }
  return value;
}
