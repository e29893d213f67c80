/**
 * How a target file's requests travel: the fast HTTP/1.1 client for plain
 * targets, or `fetch` with its own `Deno.createHttpClient` for HTTPS, HTTP/2,
 * proxies, a custom CA and client certificates. Both read at most the
 * definition's `max_response_bytes` and fail alike, with an
 * {@linkcode HttpClientError}.
 *
 * @module
 */
import { createHttpClient, HttpClientError, type HttpResponse } from "./http_client.ts";
import type { TargetDefinition } from "./target_file.ts";
import { joinParts } from "./http_response_parser.ts";

/** Sends one request body and returns the whole answer. */
export interface Transport {
  /** Sends `body`; rejects with an {@linkcode HttpClientError}. */
  send(body: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<HttpResponse>;
  /** Releases connections. */
  close(): void;
}

/** Options of {@linkcode createTransport}. */
export interface TransportOptions {
  /** Most connections at once (fast transport). @default unlimited */
  concurrency?: number;
  /** The `User-Agent` header. */
  userAgent: string;
}

/** The transport the definition names (or was given, when it named none). */
export function createTransport(
  definition: TargetDefinition,
  options: TransportOptions,
): Transport {
  return definition.transport === "fetch"
    ? createFetchTransport(definition, options)
    : createFastTransport(definition, options);
}

function createFastTransport(definition: TargetDefinition, options: TransportOptions): Transport {
  const client = createHttpClient(definition.url, {
    method: definition.method,
    headers: definition.headers,
    userAgent: options.userAgent,
    maxBodyBytes: definition.maxResponseBytes,
    ...(options.concurrency === undefined ? {} : { maxConnections: options.concurrency }),
  });
  const path = `${definition.url.pathname}${definition.url.search}`;
  return {
    send: (body, requestOptions) => client.post(path, body, requestOptions),
    close: () => client.close(),
  };
}

function createFetchTransport(definition: TargetDefinition, options: TransportOptions): Transport {
  const { tls, proxy } = definition;
  const client = Deno.createHttpClient({
    ...(tls.caCerts === undefined ? {} : { caCerts: tls.caCerts }),
    ...(tls.cert === undefined || tls.key === undefined ? {} : { cert: tls.cert, key: tls.key }),
    ...(proxy === null ? {} : { proxy: { url: proxy } }),
    http1: true,
    http2: definition.http2,
  });
  const headers = new Headers(definition.headers as [string, string][]);
  headers.set("content-type", "application/json");
  headers.set("user-agent", options.userAgent);
  const address = `${definition.url.host}`;
  const controllers = new Set<AbortController>();
  let closed = false;

  async function send(
    body: string,
    requestOptions: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<HttpResponse> {
    if (closed) throw new HttpClientError("aborted", "Client is closed");
    const controller = new AbortController();
    controllers.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, requestOptions.timeoutMs);
    const onAbort = () => controller.abort();
    requestOptions.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await fetch(definition.url, {
        method: definition.method,
        headers,
        body,
        client,
        signal: controller.signal,
      });
      const data = await readBounded(response, definition.maxResponseBytes);
      return {
        status: response.status,
        statusText: response.statusText,
        body: data,
        retryAfter: response.headers.get("retry-after")?.slice(0, 40) ?? null,
      };
    } catch (error) {
      if (error instanceof HttpClientError) throw error;
      if (timedOut) {
        throw new HttpClientError(
          "timeout",
          `No answer from ${address} within ${requestOptions.timeoutMs} ms`,
        );
      }
      if (closed || controller.signal.aborted) {
        throw new HttpClientError("aborted", "Request aborted");
      }
      throw fetchError(error, address);
    } finally {
      clearTimeout(timer);
      controllers.delete(controller);
      requestOptions.signal?.removeEventListener("abort", onAbort);
    }
  }

  return {
    send,
    close() {
      closed = true;
      for (const controller of controllers) controller.abort();
      client.close();
    },
  };
}

/** Reads a response body, never holding more than `limit` bytes. */
async function readBounded(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw new HttpClientError("too_large", `Answer too large: more than ${limit} bytes`);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new HttpClientError("too_large", `Answer too large: more than ${limit} bytes`);
    }
    parts.push(value);
  }
  return joinParts(parts, length);
}

function fetchError(error: unknown, address: string): HttpClientError {
  const text = error instanceof Error
    ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}`
    : String(error);
  const line = text.split("\n")[0]?.trim() ?? "";
  if (error instanceof Deno.errors.NotCapable || /Requires net access/i.test(text)) {
    return new HttpClientError(
      "connection_refused",
      `Cannot reach ${address}: network access to it is not permitted`,
    );
  }
  if (/connection refused/i.test(text)) {
    return new HttpClientError("connection_refused", `Connection refused by ${address}`);
  }
  return new HttpClientError("connection_error", `Connection to ${address} failed: ${line}`);
}
