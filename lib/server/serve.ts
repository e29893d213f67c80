/**
 * Starting and stopping the server inside the simulator process
 * (`simulate.ts --serve [HOST:]PORT`): address parsing, the loopback rule
 * (anything else needs a token), and a shutdown that ends open event
 * streams so it never hangs.
 *
 * @module
 */
import type { MetricsDocument } from "../model/metrics_document.ts";
import { type AppOptions, createApp } from "./app.ts";
import type { EventHub } from "./event_hub.ts";
import { isLoopback } from "./loopback.ts";
import { InputError } from "../model/input_error.ts";

/** Host bound when `--serve` names only a port. */
export const DEFAULT_HOSTNAME = "127.0.0.1";

/** A host and port. */
export interface ListenAddress {
  /** Host name or IP address (IPv6 without brackets). */
  hostname: string;
  /** TCP port, 0 for an ephemeral one. */
  port: number;
}

/** Options for {@linkcode startServer}. */
export interface ServeOptions {
  /** Host to bind. */
  hostname: string;
  /** Port to bind (0: any free port). */
  port: number;
  /** Required on every route but `/healthz`; mandatory unless bound to loopback. */
  token?: string;
  /** The current metrics document, null before the first one. */
  getDocument(): MetricsDocument | null;
  /** Events for `/api/events`. */
  hub: EventHub;
  /** The simulator's live state for `/metrics` (see {@linkcode AppOptions.live}). */
  live?: AppOptions["live"];
  /** Aborting it shuts the server down. */
  signal?: AbortSignal;
  /** Called once the socket listens, with the bound address. */
  onListen?(addr: ListenAddress): void;
  /** Handles `POST /api/target` (see {@linkcode AppOptions.onTargetSwitch}). */
  onTargetSwitch?: AppOptions["onTargetSwitch"];
  /**
   * Gap between heartbeat comments on idle event streams, ms.
   * @default {15000}
   */
  heartbeatMs?: number;
}

/** A running server. */
export interface RunningServer {
  /** The bound address (the real port when 0 was asked). */
  addr: ListenAddress;
  /** Ends open event streams and stops listening. */
  shutdown(): Promise<void>;
}

/**
 * Parses `--serve`'s `[HOST:]PORT` (`8080`, `0.0.0.0:8080`, `[::1]:8080`).
 * Throws a `RangeError` with a one-line message on bad input.
 */
export function parseListenAddress(text: string): ListenAddress {
  const value = text.trim();
  let hostname = DEFAULT_HOSTNAME;
  let portText = value;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(value);
  if (bracketed !== null) {
    hostname = bracketed[1] ?? "";
    portText = bracketed[2] ?? "";
  } else if (value.includes(":")) {
    const at = value.lastIndexOf(":");
    hostname = value.slice(0, at);
    portText = value.slice(at + 1);
    if (hostname.includes(":")) {
      throw new RangeError(
        `Cannot use --serve as an IPv6 host must be in brackets, e.g. '[::1]:8080': current value is '${text}'`,
      );
    }
  }
  if (hostname === "" || /[\s/@?#]/.test(hostname)) {
    throw new RangeError(`Cannot use --serve as the host is not valid: current value is '${text}'`);
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new RangeError(
      `Cannot use --serve as the port must be an integer from 0 to 65535: current value is '${text}'`,
    );
  }
  return { hostname, port: Number(portText) };
}

/** {@linkcode parseListenAddress} for a command's `--serve` flag: a bad value is a {@linkcode InputError}. */
export function parseServeOption(text: string): ListenAddress {
  try {
    return parseListenAddress(text);
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(error.message, { usage: true });
    throw error;
  }
}

/** The URL a server bound to `addr` answers on (IPv6 hosts in brackets). */
export function serverUrl(addr: ListenAddress): string {
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  return `http://${host}:${addr.port}/`;
}

/** True unless `hostname` is a loopback address (`localhost`, 127.0.0.0/8, `::1`). */
export function requiresToken(hostname: string): boolean {
  return !isLoopback(hostname);
}

/**
 * Binds the app and starts serving. Throws a `RangeError` when a
 * non-loopback host has no token; binding errors (port in use, no
 * permission) propagate as thrown by `Deno.serve`.
 */
export function startServer(options: ServeOptions): Promise<RunningServer> {
  if (requiresToken(options.hostname) && !options.token) {
    return Promise.reject(
      new RangeError(
        `Cannot serve on '${options.hostname}' without a token: use --token or bind to 127.0.0.1`,
      ),
    );
  }
  const streams = new AbortController();
  const appOptions: AppOptions = {
    getDocument: options.getDocument,
    hub: options.hub,
    signal: streams.signal,
  };
  if (options.token) appOptions.token = options.token;
  if (options.live) appOptions.live = options.live;
  if (options.onTargetSwitch) appOptions.onTargetSwitch = options.onTargetSwitch;
  if (options.heartbeatMs !== undefined) appOptions.heartbeatMs = options.heartbeatMs;
  const app = createApp(appOptions);

  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      {
        hostname: options.hostname,
        port: options.port,
        onListen() {},
        // Whatever escapes the app is a plain 500, never a stack trace on stderr.
        onError: () => new Response("Internal server error\n", { status: 500 }),
      },
      app.fetch,
    );
  } catch (error) {
    return Promise.reject(error);
  }
  let done: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    done ??= (async () => {
      streams.abort();
      options.signal?.removeEventListener("abort", onAbort);
      await server.shutdown();
    })();
    return done;
  };
  const onAbort = () => void shutdown();
  const addr = { hostname: server.addr.hostname, port: server.addr.port };
  options.onListen?.(addr);
  if (options.signal?.aborted) void shutdown();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  return Promise.resolve({ addr, shutdown });
}

/**
 * Turns a failure to serve on `address` into a one-line {@linkcode InputError}
 * (bad address, no token off loopback, port in use, no permission); other
 * errors are returned unchanged.
 */
export function serveError(error: unknown, address: string): unknown {
  if (error instanceof RangeError) return new InputError(error.message, { usage: true });
  if (error instanceof Deno.errors.AddrInUse) {
    return new InputError(`Cannot serve on '${address}' as the address is already in use`, {
      usage: true,
    });
  }
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return new InputError(
      `Cannot serve on '${address}' as network access to it is not granted: run with --allow-net for that host`,
      { usage: true },
    );
  }
  return error;
}
