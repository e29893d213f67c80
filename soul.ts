/**
 * `deno task soul`: the reference Soul server. Serves the embedded reference
 * engine over the decision contract (`POST /v1/evaluate`) so the real-service
 * path can be tried with no other service, with optional injected faults.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { joinNegativeValues } from "./lib/cli/negative_values.ts";
import { printUsageError, UsageError, usageErrorFromParseArgs } from "./lib/cli/usage_error.ts";
import { evaluateInput } from "./lib/soul/reference_engine.ts";
import { createSoulApp } from "./lib/soul_server/soul_app.ts";
import {
  formatLatency,
  type LatencyDistribution,
  parseLatency,
  parseRate,
  type SoulFaults,
} from "./lib/soul_server/soul_faults.ts";
import { createRandom, MAX_SEED, randomSeed } from "./lib/traffic/random.ts";

const HELP = `Usage: deno task soul [flags]

Serves the reference Soul engine over the decision contract:
  POST /v1/evaluate  {"id": "...", "input": "..."}  ->  decision JSON
  GET  /health       {"status": "ok"}

Flags:
  --host HOST            Address to listen on (default 127.0.0.1)
  --port PORT            Port to listen on, 0 for any free port (default 8787)
  --error-rate R         Share of requests answered with HTTP 503 (0..1, default 0)
  --latency-ms MS        Fixed latency added to every answer (default 0)
  --latency DIST         Latency distribution: 'fixed:N', 'uniform:A-B' or 'exp:MEAN' (ms)
  --malformed-rate R     Share answered with a malformed body: half not JSON,
                         half JSON that breaks the contract (0..1, default 0)
  --drop-rate R          Share whose connection is dropped mid-answer (0..1, default 0)
  --hang-rate R          Share never answered until the client gives up (0..1, default 0)
  --seed N               Seed of the fault and latency draws (default random)
  -h, --help             Show this help

The task may only listen on 127.0.0.1:8787. For another host or port run
  deno run --allow-net=HOST:PORT soul.ts --host HOST --port PORT`;

/** Validated settings of the server. */
interface SoulServerConfig {
  hostname: string;
  port: number;
  faults: SoulFaults;
  seed: number;
}

const FLAGS = {
  host: { type: "string", default: "127.0.0.1" },
  port: { type: "string", default: "8787" },
  "error-rate": { type: "string", default: "0" },
  "latency-ms": { type: "string" },
  latency: { type: "string" },
  "malformed-rate": { type: "string", default: "0" },
  "drop-rate": { type: "string", default: "0" },
  "hang-rate": { type: "string", default: "0" },
  seed: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

function parseConfig(args: string[]): SoulServerConfig | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(args),
      strict: true,
      allowPositionals: false,
      options: FLAGS,
    }));
  } catch (error) {
    throw usageErrorFromParseArgs(error);
  }
  if (values.help) return "help";
  const port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(
      `Cannot use --port as it must be an integer in 0..65535: current value is '${values.port}'`,
    );
  }
  if (values.host.trim() === "") {
    throw new UsageError("Cannot use --host as it must not be empty");
  }
  if (values["latency-ms"] !== undefined && values.latency !== undefined) {
    throw new UsageError("Cannot use --latency-ms and --latency together: choose one");
  }
  let latency: LatencyDistribution = { kind: "fixed", ms: 0 };
  if (values["latency-ms"] !== undefined) {
    const text = values["latency-ms"];
    if (text.includes(":")) {
      throw new UsageError(
        `Cannot use --latency-ms as it must be a number of ms (use --latency for a distribution): current value is '${text}'`,
      );
    }
    latency = parseLatency(text, "--latency-ms");
  }
  if (values.latency !== undefined) latency = parseLatency(values.latency, "--latency");
  const faults: SoulFaults = {
    errorRate: parseRate(values["error-rate"], "--error-rate"),
    malformedRate: parseRate(values["malformed-rate"], "--malformed-rate"),
    dropRate: parseRate(values["drop-rate"], "--drop-rate"),
    hangRate: parseRate(values["hang-rate"], "--hang-rate"),
    latency,
  };
  const total = faults.errorRate + faults.malformedRate + faults.dropRate + faults.hangRate;
  if (total > 1) {
    throw new UsageError(
      `Cannot use these fault rates as their sum must be <= 1: current value is ${
        Number(total.toFixed(6))
      }`,
    );
  }
  let seed = randomSeed();
  if (values.seed !== undefined) {
    seed = /^\d{1,16}$/.test(values.seed) ? Number(values.seed) : NaN;
    if (!(seed <= MAX_SEED)) {
      throw new UsageError(
        `Cannot use --seed as it must be an integer in 0..${MAX_SEED}: current value is '${values.seed}'`,
      );
    }
  }
  return { hostname: values.host, port, faults, seed };
}

function describeFaults(faults: SoulFaults): string {
  const parts: string[] = [];
  if (faults.errorRate > 0) parts.push(`error ${faults.errorRate}`);
  if (faults.malformedRate > 0) parts.push(`malformed ${faults.malformedRate}`);
  if (faults.dropRate > 0) parts.push(`drop ${faults.dropRate}`);
  if (faults.hangRate > 0) parts.push(`hang ${faults.hangRate}`);
  if (!(faults.latency.kind === "fixed" && faults.latency.ms === 0)) {
    parts.push(`latency ${formatLatency(faults.latency)} ms`);
  }
  return parts.length === 0 ? "none" : parts.join(", ");
}

async function main(args: string[]): Promise<number> {
  let config;
  try {
    config = parseConfig(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printUsageError(error, "deno task soul");
    return error.exitCode;
  }
  if (config === "help") {
    console.log(HELP);
    return 0;
  }
  const shutdown = new AbortController();
  const app = createSoulApp({
    evaluate: evaluateInput,
    faults: config.faults,
    random: createRandom(config.seed),
    signal: shutdown.signal,
  });
  let server: Deno.HttpServer;
  try {
    server = Deno.serve({
      hostname: config.hostname,
      port: config.port,
      signal: shutdown.signal,
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(":") ? `[${hostname}]` : hostname;
        console.log(
          `soul: serving the reference engine on http://${host}:${port}/v1/evaluate ` +
            `(faults: ${describeFaults(config.faults)}; seed ${config.seed})`,
        );
      },
    }, app.fetch);
  } catch (error) {
    const address = `${config.hostname}:${config.port}`;
    const why = error instanceof Deno.errors.AddrInUse
      ? "the address is in use"
      : error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
      ? `network access is not permitted (run: deno run --allow-net=${address} soul.ts ...)`
      : error instanceof Error
      ? error.message.split("\n")[0]
      : String(error);
    console.error(`error: Cannot listen on ${address}: ${why}`);
    return 2;
  }
  const stop = () => shutdown.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await server.finished;
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
