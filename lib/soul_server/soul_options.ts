/**
 * The command line of the reference Soul server (`soul.ts`): the flag table
 * (names, defaults, help), validation into {@linkcode SoulServerOptions}
 * with one-line {@linkcode UsageError}s, and the help text.
 *
 * @module
 */
import { type FlagSpec, formatFlagHelp } from "../cli/flag_table.ts";
import { parseFlags } from "../cli/parse_flags.ts";
import { UsageError } from "../cli/usage_error.ts";
import { MAX_SEED, randomSeed } from "../traffic/random.ts";
import { parseLatency, parseRate, type SoulFaults } from "./soul_faults.ts";

/** Validated settings of the server. */
export interface SoulServerOptions {
  /** Print the help and exit. @default {false} */
  help: boolean;
  /** Print the version and exit. @default {false} */
  version: boolean;
  /** Address to listen on. @default {"127.0.0.1"} */
  hostname: string;
  /** Port to listen on, 0 for any free port. @default {8787} */
  port: number;
  /** Injected faults and added latency. @default {no faults, no latency} */
  faults: SoulFaults;
  /** Seed of the fault and latency draws. @default {a random seed} */
  seed: number;
}

/** The flags of `soul.ts`: names, values, defaults and help, in help order. */
export const SOUL_FLAGS = [
  { name: "host", value: "HOST", default: "127.0.0.1", help: "Address to listen on" },
  {
    name: "port",
    value: "PORT",
    default: "8787",
    help: "Port to listen on, 0 for any free port",
  },
  {
    name: "error-rate",
    value: "R",
    default: "0",
    help: "Share of requests answered with HTTP 503, 0..1",
  },
  {
    name: "latency-ms",
    value: "MS",
    default: "0",
    help: "Fixed latency added to every answer",
  },
  {
    name: "latency",
    value: "DIST",
    help: "Latency distribution: 'fixed:N', 'uniform:A-B' or 'exp:MEAN' (ms)",
  },
  {
    name: "malformed-rate",
    value: "R",
    default: "0",
    help: "Share answered with a malformed body: half not JSON,\n" +
      "half JSON that breaks the contract, 0..1",
  },
  {
    name: "drop-rate",
    value: "R",
    default: "0",
    help: "Share whose connection is dropped mid-answer, 0..1",
  },
  {
    name: "hang-rate",
    value: "R",
    default: "0",
    help: "Share never answered until the client gives up, 0..1",
  },
  {
    name: "leak-rate",
    value: "R",
    default: "0",
    help: "Share of the engine's blocked decisions approved instead\n(reason fault:leak), 0..1",
  },
  {
    name: "overblock-rate",
    value: "R",
    default: "0",
    help:
      "Share of the engine's approvals and clarifications blocked\ninstead (reason fault:overblock), 0..1",
  },
  {
    name: "seed",
    value: "N",
    default: "random",
    described: true,
    help: "Seed of the fault and latency draws",
  },
  { name: "help", short: "h", help: "Show this help" },
  { name: "version", help: "Show the version" },
] as const satisfies readonly FlagSpec[];

/** The `--help` text of `soul.ts`. */
export const SOUL_HELP = `Usage: deno task soul [flags]

Serves the reference Soul engine over the decision contract:
  POST /v1/evaluate  {"id": "...", "input": "..."}  ->  decision JSON
  GET  /health       {"status": "ok"}

${formatFlagHelp(SOUL_FLAGS, { heading: "Flags:" })}

The task may only listen on 127.0.0.1:8787. For another host or port run
  deno run --allow-net=HOST:PORT soul.ts --host HOST --port PORT`;

/** Parses and validates the arguments of `soul.ts`; throws {@linkcode UsageError}. */
export function parseSoulOptions(args: readonly string[]): SoulServerOptions {
  const flags = parseFlags(args, SOUL_FLAGS);
  const portText = flags.value("port");
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(
      `Cannot use --port as it must be an integer in 0..65535: current value is '${portText}'`,
    );
  }
  const hostname = flags.value("host");
  if (hostname.trim() === "") {
    throw new UsageError("Cannot use --host as it must not be empty");
  }
  const latencyMs = flags.string("latency-ms");
  const latencyText = flags.string("latency");
  if (latencyMs !== undefined && latencyText !== undefined) {
    throw new UsageError("Cannot use --latency-ms and --latency together: choose one");
  }
  if (latencyMs?.includes(":")) {
    throw new UsageError(
      `Cannot use --latency-ms as it must be a number of ms (use --latency for a distribution): current value is '${latencyMs}'`,
    );
  }
  const latency = latencyText === undefined
    ? parseLatency(flags.value("latency-ms"), "--latency-ms")
    : parseLatency(latencyText, "--latency");
  const faults: SoulFaults = {
    errorRate: parseRate(flags.value("error-rate"), "--error-rate"),
    malformedRate: parseRate(flags.value("malformed-rate"), "--malformed-rate"),
    dropRate: parseRate(flags.value("drop-rate"), "--drop-rate"),
    hangRate: parseRate(flags.value("hang-rate"), "--hang-rate"),
    latency,
    leakRate: parseRate(flags.value("leak-rate"), "--leak-rate"),
    overblockRate: parseRate(flags.value("overblock-rate"), "--overblock-rate"),
  };
  // Leaks and over-blocks change answered decisions, not shares of all requests.
  const total = faults.errorRate + faults.malformedRate + faults.dropRate + faults.hangRate;
  if (total > 1) {
    throw new UsageError(
      `Cannot use these fault rates as their sum must be <= 1: current value is ${
        Number(total.toFixed(6))
      }`,
    );
  }
  return {
    help: flags.boolean("help"),
    version: flags.boolean("version"),
    hostname,
    port,
    faults,
    seed: parseSeed(flags.string("seed")),
  };
}

function parseSeed(text: string | undefined): number {
  if (text === undefined) return randomSeed();
  const seed = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(seed <= MAX_SEED)) {
    throw new UsageError(
      `Cannot use --seed as it must be an integer in 0..${MAX_SEED}: current value is '${text}'`,
    );
  }
  return seed;
}
