/**
 * Serving the reference Soul engine (`deno task soul`): binds the address,
 * says where it serves and with which faults, and serves until Ctrl+C or
 * SIGTERM. An address it cannot listen on is a one-line
 * {@linkcode InputError}.
 *
 * @module
 */
import { InputError } from "../model/input_error.ts";
import { evaluateInput } from "../soul/reference_engine.ts";
import { createRandom } from "../traffic/random.ts";
import { createSoulApp } from "./soul_app.ts";
import { formatLatency, type SoulFaults } from "./soul_faults.ts";
import type { SoulServerOptions } from "./soul_options.ts";

/** Where the server writes its one line of output. */
export interface SoulServerIo {
  /** Writes a line to stdout. */
  out(line: string): void;
}

/** Serves until Ctrl+C or SIGTERM; resolves to the exit code 0. */
export async function serveSoul(
  options: SoulServerOptions,
  io: SoulServerIo = { out: (line) => console.log(line) },
): Promise<number> {
  const shutdown = new AbortController();
  const app = createSoulApp({
    evaluate: evaluateInput,
    faults: options.faults,
    random: createRandom(options.seed),
    signal: shutdown.signal,
  });
  let server: Deno.HttpServer;
  try {
    server = Deno.serve({
      hostname: options.hostname,
      port: options.port,
      signal: shutdown.signal,
      // Whatever escapes the app is a plain 500, never a stack trace on stderr.
      onError: () => new Response("Internal server error\n", { status: 500 }),
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(":") ? `[${hostname}]` : hostname;
        io.out(
          `soul: serving the reference engine on http://${host}:${port}/v1/evaluate ` +
            `(faults: ${describeFaults(options.faults)}; seed ${options.seed})`,
        );
      },
    }, app.fetch);
  } catch (error) {
    throw listenError(error, `${options.hostname}:${options.port}`);
  }
  const stop = () => shutdown.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    await server.finished;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
  return 0;
}

/** The faults in one phrase: `error 0.1, latency exp:2 ms`, or `none`. */
export function describeFaults(faults: SoulFaults): string {
  const parts: string[] = [];
  if (faults.errorRate > 0) parts.push(`error ${faults.errorRate}`);
  if (faults.malformedRate > 0) parts.push(`malformed ${faults.malformedRate}`);
  if (faults.dropRate > 0) parts.push(`drop ${faults.dropRate}`);
  if (faults.hangRate > 0) parts.push(`hang ${faults.hangRate}`);
  if (faults.leakRate > 0) parts.push(`leak ${faults.leakRate}`);
  if (faults.overblockRate > 0) parts.push(`overblock ${faults.overblockRate}`);
  if (!(faults.latency.kind === "fixed" && faults.latency.ms === 0)) {
    parts.push(`latency ${formatLatency(faults.latency)} ms`);
  }
  return parts.length === 0 ? "none" : parts.join(", ");
}

/** A failure to listen on `address` as a one-line {@linkcode InputError}. */
function listenError(error: unknown, address: string): InputError {
  const why = error instanceof Deno.errors.AddrInUse
    ? "the address is in use"
    : error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
    ? `network access is not permitted (run: deno run --allow-net=${address} soul.ts ...)`
    : error instanceof Error
    ? error.message.split("\n")[0]
    : String(error);
  return new InputError(`Cannot listen on ${address}: ${why}`);
}
