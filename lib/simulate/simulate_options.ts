/**
 * Command-line options of `simulate.ts`: the flag table (names, defaults:
 * the product description's, help), parsing, validation with one-line
 * messages, and the help text.
 *
 * @module
 */
import { UsageError } from "../cli/usage_error.ts";
import { quote } from "../fmt/quote.ts";
import { type FlagSpec, formatFlagHelp } from "../cli/flag_table.ts";
import { parseFlags } from "../cli/parse_flags.ts";
import { VERSION } from "../cli/version.ts";
import { parseDuration } from "../fmt/duration.ts";
import { parseDecimal } from "../cli/parse_decimal.ts";
import { tokenFlags } from "../cli/token_file.ts";
import { ARRIVALS } from "../load/arrivals.ts";
import { type Mix } from "../model/category.ts";
import { DEFAULT_MIX, formatMix, parseMix } from "../traffic/categories.ts";
import { MAX_SEED } from "../traffic/random.ts";
import { type Arrival, DEFAULT_FILE, type FaultConfig } from "../model/metrics_document.ts";
import { DEFAULT_SHARD } from "../store/kv_layout.ts";
import { DEFAULT_SOUL_URL } from "../soul/http_target.ts";
import { type CronSchedule, CronScheduleError, parseCronSchedule } from "./cron_schedule.ts";
import { kvFlag, shardFlags } from "../cli/kv_flags.ts";
import { parseServeOption, requiresToken } from "../server/serve.ts";
import { parseSoulUrl } from "../soul/http_target.ts";

/** Everything `simulate.ts` was asked to do, validated. */
export interface SimulatorOptions {
  /** Print help and exit. @default {false} */
  help: boolean;
  /** Print the version and exit. @default {false} */
  version: boolean;
  /** Metrics file path. @default {"buddy_traffic_metrics.json"} */
  file: string;
  /** Deno KV store path, or null to write the metrics file. @default {null} */
  kv: string | null;
  /** Shard of the KV store this simulator writes (null: the default shard). @default {null} */
  shard: string | null;
  /** Cron schedule of bounded batches, or null for one run. @default {null} */
  cron: CronSchedule | null;
  /** Keep an existing file aside instead of continuing its history. @default {false} */
  fresh: boolean;
  /** No console output but errors. @default {false} */
  quiet: boolean;
  /** Exit 1 when a HIGH rule failed over the run. @default {false} */
  check: boolean;
  /** With `check`, MEDIUM rules fail too. @default {false} */
  strict: boolean;
  /** `--rules` file for the verdict, `--check` and the live alerts, or null for the built-in rules. @default {null} */
  rules: string | null;
  /** Seed, or null to choose one. @default {null} */
  seed: number | null;
  /** Corpus file to replay, or null. @default {null} */
  corpus: string | null;
  /** Category weights. @default {DEFAULT_MIX} */
  mix: Mix;
  /** Level 1 minimum interval, ms. @default {50} */
  intervalMin: number;
  /** Level 1 maximum interval, ms. @default {200} */
  intervalMax: number;
  /** Arrival process. @default {"uniform"} */
  arrival: Arrival;
  /** Whether load levels adapt. @default {true} */
  adaptive: boolean;
  /** In-flight cap. @default {64} */
  concurrency: number;
  /** Per-request timeout, ms. @default {5000} */
  timeoutMs: number;
  /** Report every N requests. @default {500} */
  reportInterval: number;
  /** Report at least every N seconds. @default {300} */
  reportSeconds: number;
  /** Stop after N requests, or null. @default {null} */
  maxRequests: number | null;
  /** Stop after N seconds, or null. @default {null} */
  durationS: number | null;
  /** Rolling request log size. @default {10000} */
  logSize: number;
  /** Fault injection of the embedded engine. @default {no faults, slow answers 100 ms later} */
  faults: FaultConfig;
  /** Ask for the real Soul API (honoured when SOUL_REAL_ENABLED=true). @default {false} */
  useRealSoul: boolean;
  /** Soul API base URL given on the command line, or null. @default {null} */
  soulUrl: string | null;
  /** Settings file re-read on SIGHUP, or null. @default {null} */
  flagsFile: string | null;
  /** Target file describing the real service, or null. @default {null} */
  targetFile: string | null;
  /** Probe the target file with three inputs instead of running. @default {false} */
  probe: boolean;
  /** Most requests sent a second, or null for no cap. @default {null} */
  maxRps: number | null;
  /** `[HOST:]PORT` to serve the dashboard on, or null. @default {null} */
  serve: string | null;
  /** Server access token, or null. @default {$BUDDY_TRAFFIC_TOKEN, else null} */
  token: string | null;
  /** File to read the server access token from (instead of `token`), or null. @default {null} */
  tokenFile: string | null;
  /** Prometheus remote-write receiver the live series are pushed to, or null. @default {null} */
  remoteWrite: string | null;
}

const STOP = "Stop conditions (Ctrl+C stops with a final report):";
const FAULTS = "Faults of the embedded engine (for exercising alerts; rates 0..1):";

/** The flags of `simulate.ts`: names, values, defaults and help, in help order. */
export const SIMULATE_FLAGS = [
  {
    name: "max-requests",
    value: "N",
    default: "unlimited",
    described: true,
    help: "Stop after N requests",
    section: STOP,
  },
  {
    name: "duration",
    value: "D",
    default: "unlimited",
    described: true,
    help: "Stop after a duration such as 90s, 10m, 2h",
    section: STOP,
  },
  {
    name: "seed",
    value: "N",
    default: "random, recorded",
    described: true,
    help: "Seed for reproducible traffic and intervals",
    section: "Traffic:",
  },
  {
    name: "mix",
    value: "LIST",
    default: formatMix(DEFAULT_MIX),
    help: "Category weights, e.g. simple=40,adversarial=20\n{default}",
    section: "Traffic:",
  },
  {
    name: "corpus",
    value: "FILE.jsonl",
    help:
      'Replay your own inputs: one JSON object a line with\n"input" and optional "category", "family", "expect"',
    section: "Traffic:",
  },
  {
    name: "interval-min",
    value: "MS",
    default: "50",
    help: "Min request interval at Level 1",
    section: "Load:",
  },
  {
    name: "interval-max",
    value: "MS",
    default: "200",
    help: "Max request interval at Level 1 {default}\n0 and 0 send as fast as possible",
    section: "Load:",
  },
  {
    name: "arrival",
    value: "KIND",
    default: "uniform",
    help: "uniform or poisson, at the same mean rate",
    section: "Load:",
  },
  {
    name: "no-adaptive",
    default: "adapt 1-3 to stability",
    described: true,
    help: "Pin the load level",
    section: "Load:",
  },
  {
    name: "concurrency",
    value: "N",
    default: "64",
    help: "Max requests in flight",
    section: "Load:",
  },
  {
    name: "timeout-ms",
    value: "MS",
    default: "5000",
    help: "Per-request timeout",
    section: "Load:",
  },
  {
    name: "max-rps",
    value: "N",
    default: "unlimited",
    described: true,
    help: "Send at most N requests a second (paid APIs);\nrequests held back count as late",
    section: "Load:",
  },
  {
    name: "file",
    value: "PATH",
    default: DEFAULT_FILE,
    help: "Metrics file",
    section: "Reports:",
  },
  {
    name: "kv",
    value: "PATH",
    help: "Write into a Deno KV store instead of a file; several\n" +
      "simulators can share one store, each with its own --shard",
    section: "Reports:",
  },
  {
    name: "shard",
    value: "NAME",
    default: DEFAULT_SHARD,
    help: "This simulator's shard of the KV store",
    section: "Reports:",
  },
  {
    name: "fresh",
    default: "continue the existing file's or shard's history",
    described: true,
    help: "Keep the existing history aside and start a new one\n{default}",
    section: "Reports:",
  },
  {
    name: "report-interval",
    value: "N",
    default: "500",
    help: "Report every N requests {default}, at most once a second",
    section: "Reports:",
  },
  {
    name: "report-seconds",
    value: "S",
    default: "300",
    help: "Report at least every S seconds",
    section: "Reports:",
  },
  {
    name: "log-size",
    value: "N",
    default: "10000",
    help: "Rolling in-memory request log",
    section: "Reports:",
  },
  { name: "quiet", help: "Print nothing but errors", section: "Reports:" },
  {
    name: "check",
    help: "At the end, exit 1 when a HIGH alert rule failed over the run\n" +
      "(judged as 'visualize.ts --check' judges the file)",
    section: "Reports:",
  },
  { name: "strict", help: "With --check, MEDIUM alert rules fail too", section: "Reports:" },
  {
    name: "rules",
    value: "FILE",
    help: "JSON rules file overriding the alert rules' thresholds by id,\n" +
      "for the verdict, --check and the live alerts (as visualize.ts --rules)",
    section: "Reports:",
  },
  {
    name: "cron",
    value: '"SCHEDULE"',
    help: "Run a batch (bounded by --max-requests or --duration) at each\n" +
      'firing of a five-field UTC cron schedule, e.g. "0 * * * *"\n' +
      "hourly, appending to the same file or shard; a firing while\n" +
      "a batch still runs is skipped. Runs until Ctrl+C",
    section: "Scheduled batches:",
  },
  {
    name: "fault-rate",
    value: "R",
    default: "0",
    help: "Fail with an injected error",
    section: FAULTS,
  },
  {
    name: "slow-rate",
    value: "R",
    default: "0",
    help: "Answer slowly, --slow-ms later",
    section: FAULTS,
  },
  {
    name: "slow-ms",
    value: "MS",
    default: "100",
    help: "How much later a slow answer comes",
    section: FAULTS,
  },
  {
    name: "throw-rate",
    value: "R",
    default: "0",
    help: "Throw an unexpected exception",
    section: FAULTS,
  },
  {
    name: "malformed-rate",
    value: "R",
    default: "0",
    help: "Answer with a malformed decision",
    section: FAULTS,
  },
  {
    name: "leak-rate",
    value: "R",
    default: "0",
    help: "Approve this share of the requests the engine blocks\n(reason fault:leak)",
    section: FAULTS,
  },
  {
    name: "overblock-rate",
    value: "R",
    default: "0",
    help:
      "Block this share of the requests the engine approves or\nsends to clarification (reason fault:overblock)",
    section: FAULTS,
  },
  {
    name: "use-real-soul",
    help: "Use the HTTP Soul API (needs SOUL_REAL_ENABLED=true)",
    section: "Real Soul API:",
  },
  {
    name: "soul-url",
    value: "URL",
    default: `$SOUL_API_URL or ${DEFAULT_SOUL_URL}`,
    described: true,
    help: "Soul API base URL",
    section: "Real Soul API:",
  },
  {
    name: "flags",
    value: "FILE",
    help: "Settings file re-read on SIGHUP to switch targets live",
    section: "Real Soul API:",
  },
  {
    name: "target",
    value: "FILE",
    help: "Target file (JSON or YAML): any service, its headers,\n" +
      "body template and response mapping (docs/targets.md)",
    section: "Real Soul API:",
  },
  {
    name: "probe",
    help: "With --target: send one benign, one ambiguous and one\n" +
      "harmful input, show each answer and decision; exit 0\n" +
      "when all three map cleanly, 1 otherwise",
    section: "Real Soul API:",
  },
  {
    name: "serve",
    value: "[HOST:]PORT",
    help: "Serve JSON, events, Prometheus text and a web dashboard\n(host defaults to 127.0.0.1)",
    section: "Server:",
  },
  {
    name: "token",
    value: "TOKEN",
    default: "$BUDDY_TRAFFIC_TOKEN",
    described: true,
    help: "Access token, required off loopback (visible in ps: prefer --token-file)",
    section: "Server:",
  },
  {
    name: "token-file",
    value: "PATH",
    help: "Read the access token from a file (not visible in ps as --token is)",
    section: "Server:",
  },
  {
    name: "remote-write",
    value: "URL",
    help: "Push the /metrics series every 5 s to a Prometheus remote-write\n" +
      "receiver (e.g. http://127.0.0.1:9090/api/v1/write), labelled\n" +
      "job, shard and instance",
    section: "Server:",
  },
  { name: "help", short: "h", help: "Show this help", section: "" },
  { name: "version", help: "Show the version", section: "" },
] as const satisfies readonly FlagSpec[];

/** The help text of `simulate.ts`. */
export const HELP = `buddy-traffic simulate ${VERSION}
Drive continuous, categorized synthetic traffic against a Soul decision pipeline
and write the metrics file.

Usage: deno task simulate [options]

${formatFlagHelp(SIMULATE_FLAGS)}

Exit codes: 0 done (also after Ctrl+C), 1 a HIGH rule failed over the run under --check
(MEDIUM too with --strict), an answer that did not map to a decision under --probe, or an
unexpected failure, 2 invalid flags or input (also a KV shard another simulator holds or
took over).`;

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
  const flags = parseFlags(args, SIMULATE_FLAGS);
  const str = flags.string;
  const value = flags.value;
  const bool = flags.boolean;

  const intervalMin = number("--interval-min", value("interval-min"), { min: 0, max: 3_600_000 });
  const intervalMax = number("--interval-max", value("interval-max"), { min: 0, max: 3_600_000 });
  if (intervalMin > intervalMax) {
    throw new UsageError(
      `Cannot use --interval-min ${intervalMin} as it is greater than --interval-max ${intervalMax}`,
    );
  }
  const arrivalText = value("arrival");
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
    : number("--seed", seedText, { min: 0, max: MAX_SEED, integer: true });
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
    : number("--max-requests", maxText, { min: 1, integer: true });
  const file = value("file");
  if (file.trim() === "") throw new UsageError("Cannot use --file as it is empty");
  const kv = kvFlag(str("kv"));
  if (kv !== null && flags.has("file")) {
    throw new UsageError("Cannot use --file with --kv: the metrics go to one or the other");
  }
  const shardText = str("shard");
  const shard = shardFlags(shardText === undefined ? [] : [shardText], kv)[0] ?? null;
  const cron = parseCron(str("cron"), maxRequests, durationS, str("serve"));
  if (bool("strict") && !bool("check")) {
    throw new UsageError(
      "Cannot use --strict without --check: it only changes what --check fails on",
    );
  }
  if (cron !== null && bool("check")) {
    throw new UsageError(
      "Cannot use --check with --cron: a schedule never ends; gate the history with 'deno task visualize --check'",
    );
  }
  const { token, tokenFile } = tokenFlags(
    str("token"),
    str("token-file"),
    env.get("BUDDY_TRAFFIC_TOKEN"),
  );
  const soulUrl = str("soul-url") ?? null;
  if (soulUrl !== null) parseSoulUrl(soulUrl, "--soul-url");
  const targetFile = str("target") ?? null;
  if (targetFile !== null && soulUrl !== null) {
    throw new UsageError(
      "Cannot use --soul-url with --target: put the endpoint in the target file's 'url'",
    );
  }
  if (targetFile !== null && targetFile.trim() === "") {
    throw new UsageError("Cannot use --target as it is empty");
  }
  const probe = bool("probe");
  if (probe && targetFile === null) {
    throw new UsageError("Cannot use --probe without --target: the probe checks a target file");
  }
  const maxRpsText = str("max-rps");
  const maxRps = maxRpsText === undefined
    ? null
    : number("--max-rps", maxRpsText, { min: 0.001, max: 1_000_000 });
  const serve = serveFlag(str("serve"), token ?? (tokenFile === null ? null : "(file)"));
  const remoteWrite = remoteWriteFlag(str("remote-write"));

  return {
    help: bool("help"),
    version: bool("version"),
    file,
    kv,
    shard,
    cron,
    fresh: bool("fresh"),
    quiet: bool("quiet"),
    check: bool("check"),
    strict: bool("strict"),
    rules: str("rules") ?? null,
    seed,
    corpus: str("corpus") ?? null,
    mix,
    intervalMin,
    intervalMax,
    arrival,
    adaptive: !bool("no-adaptive"),
    concurrency: number("--concurrency", value("concurrency"), {
      min: 1,
      max: 100_000,
      integer: true,
    }),
    timeoutMs: number("--timeout-ms", value("timeout-ms"), { min: 1, max: 3_600_000 }),
    reportInterval: number("--report-interval", value("report-interval"), {
      min: 1,
      integer: true,
    }),
    reportSeconds: number("--report-seconds", value("report-seconds"), {
      min: 0.1,
      max: 86_400,
    }),
    maxRequests,
    durationS,
    logSize: number("--log-size", value("log-size"), {
      min: 1,
      max: 10_000_000,
      integer: true,
    }),
    faults: faultRates({
      fault_rate: number("--fault-rate", value("fault-rate"), { min: 0, max: 1 }),
      slow_rate: number("--slow-rate", value("slow-rate"), { min: 0, max: 1 }),
      slow_ms: number("--slow-ms", value("slow-ms"), { min: 0, max: 3_600_000 }),
      throw_rate: number("--throw-rate", value("throw-rate"), { min: 0, max: 1 }),
      malformed_rate: number("--malformed-rate", value("malformed-rate"), { min: 0, max: 1 }),
      leak_rate: number("--leak-rate", value("leak-rate"), { min: 0, max: 1 }),
      overblock_rate: number("--overblock-rate", value("overblock-rate"), { min: 0, max: 1 }),
    }),
    useRealSoul: bool("use-real-soul"),
    soulUrl,
    flagsFile: str("flags") ?? null,
    targetFile,
    probe,
    maxRps,
    serve,
    token,
    tokenFile,
    remoteWrite,
  };
}

/** Checks `--remote-write`: an http or https URL. */
function remoteWriteFlag(text: string | undefined): string | null {
  if (text === undefined) return null;
  const url = URL.parse(text);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError(
      `--remote-write must be an http or https URL: current value is ${quote(text)}`,
    );
  }
  return url.href;
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

/**
 * Checks that the rates of the faults that replace an answer (an error, an
 * exception, a malformed answer) add up to at most 1, as `soul.ts` does; a
 * slow answer is still an answer and adds to none of them.
 */
function faultRates(faults: FaultConfig): FaultConfig {
  const total = faults.fault_rate + faults.throw_rate + faults.malformed_rate;
  if (total > 1) {
    throw new UsageError(
      `Cannot use --fault-rate, --throw-rate and --malformed-rate as their sum must be <= 1: current value is ${
        Number(total.toFixed(6))
      }`,
    );
  }
  return faults;
}

interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Parses a numeric flag value (given, or the table's default). */
function number(flag: string, text: string, rule: NumberRule): number {
  const value = parseDecimal(text);
  const kind = rule.integer ? "an integer" : "a number";
  // An integer above 2^53 - 1 is not exact as a JavaScript number: it is out of range.
  const max = rule.integer && value > Number.MAX_SAFE_INTEGER
    ? Math.min(rule.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
    : rule.max;
  const bounds = max !== undefined && rule.min !== undefined
    ? ` from ${rule.min} to ${max}`
    : rule.min !== undefined
    ? ` >= ${rule.min}`
    : "";
  if (
    !Number.isFinite(value) || (rule.integer && !Number.isSafeInteger(value)) ||
    (rule.min !== undefined && value < rule.min) || (max !== undefined && value > max)
  ) {
    throw new UsageError(
      `Cannot use ${flag} as it must be ${kind}${bounds}: current value is ${quote(text)}`,
    );
  }
  return value;
}
