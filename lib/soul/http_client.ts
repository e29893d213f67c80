/**
 * A small, fast HTTP/1.1 client for one origin: persistent connections over
 * `Deno.connect` (one per request in flight), request heads pre-encoded per
 * body length, no pipelining, no retries, a per-request timeout.
 *
 * @module
 */
import {
  BodyBudget,
  BodyTooLargeError,
  HttpProtocolError,
  MAX_BODY_BYTES,
  ResponseParser,
} from "./http_response_parser.ts";

/** Kinds of transport failure reported by {@linkcode HttpClient}. */
export type HttpClientErrorKind =
  | "connection_refused"
  | "connection_error"
  | "timeout"
  | "aborted"
  | "too_large";

/** A transport failure: the request may or may not have reached the server. */
export class HttpClientError extends Error {
  /** The failure kind. */
  readonly kind: HttpClientErrorKind;

  /** Creates a client error with a one-line message. */
  constructor(kind: HttpClientErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "HttpClientError";
    this.kind = kind;
  }
}

/** One complete HTTP response. */
export interface HttpResponse {
  /** Status code, e.g. 200. */
  status: number;
  /** Reason phrase as sent by the server (may be empty). */
  statusText: string;
  /** The whole body. */
  body: Uint8Array;
  /** The `Retry-After` header, or null. */
  retryAfter: string | null;
}

/** Options of {@linkcode createHttpClient}. */
export interface HttpClientOptions {
  /**
   * Most connections open at once; further requests wait for a free one.
   * @default Infinity
   */
  maxConnections?: number;
  /**
   * Most bytes the bodies of all answers being read may hold at once; an
   * answer past it fails as a protocol error.
   * @default {MAX_BUFFERED_BYTES} (64 MB)
   */
  maxBufferedBytes?: number;
  /**
   * Content type of request bodies.
   * @default "application/json"
   */
  contentType?: string;
  /**
   * The request method.
   * @default "POST"
   */
  method?: string;
  /**
   * Headers sent with every request (names and values already checked:
   * no line breaks).
   * @default []
   */
  headers?: readonly (readonly [string, string])[];
  /**
   * The `User-Agent` header, or null for none.
   * @default null
   */
  userAgent?: string | null;
  /**
   * Largest response body read; a larger one fails with `too_large`.
   * @default 16 MiB
   */
  maxBodyBytes?: number;
}

/** Options of one request. */
export interface HttpRequestOptions {
  /**
   * Gives up (and closes the connection) after this many ms, waiting for a
   * connection included; checked every 5 ms.
   */
  timeoutMs?: number;
  /** Aborts the request (and closes the connection). */
  signal?: AbortSignal;
}

/** A keep-alive HTTP/1.1 client bound to one origin. */
export interface HttpClient {
  /** Sends `POST path` with the body and resolves with the complete response. */
  post(path: string, body: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  /** Connections currently open (busy or idle). */
  readonly openConnections: number;
  /** Closes every connection; requests in flight fail with `aborted`. */
  close(): void;
}

const encoder = new TextEncoder();
const READ_SIZE = 64 * 1024;
/** Room reserved in front of the body for the request head. */
const HEAD_ROOM = 1024;

/** How often request deadlines are checked, in ms (the timeout's precision). */
const SWEEP_MS = 5;

interface Deadline {
  at: number;
  expire(): void;
}

interface Waiter {
  resolve(connection: Connection): void;
  reject(error: unknown): void;
}

/** Creates a keep-alive client for `url`'s origin (http or https). */
export function createHttpClient(url: string | URL, options: HttpClientOptions = {}): HttpClient {
  const origin = new URL(url);
  if (origin.protocol !== "http:" && origin.protocol !== "https:") {
    throw new TypeError(
      `Cannot create HTTP client as the URL must use http or https: current value is '${origin.href}'`,
    );
  }
  const maxConnections = options.maxConnections ?? Infinity;
  if (!(maxConnections >= 1)) {
    throw new RangeError(
      `Cannot create HTTP client as 'maxConnections' must be >= 1: current value is ${maxConnections}`,
    );
  }
  const budget = new BodyBudget(options.maxBufferedBytes);
  const tls = origin.protocol === "https:";
  const hostname = origin.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = origin.port === "" ? (tls ? 443 : 80) : Number(origin.port);
  const address = `${origin.hostname}:${port}`;
  const contentType = options.contentType ?? "application/json";
  const method = options.method ?? "POST";
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const extraHeaders = (options.userAgent == null ? "" : `User-Agent: ${options.userAgent}\r\n`) +
    (options.headers ?? []).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  const headRoom = HEAD_ROOM + encoder.encode(extraHeaders).length;
  const heads = new Map<string, Uint8Array>();
  const idle: Connection[] = [];
  const waiters: Waiter[] = [];
  const all = new Set<Connection>();
  let connecting = 0;
  let closed = false;

  function headFor(path: string, length: number): Uint8Array {
    const key = `${length} ${path}`;
    let head = heads.get(key);
    if (head === undefined) {
      if (heads.size >= 4096) heads.clear();
      head = encoder.encode(
        `${method} ${path} HTTP/1.1\r\nHost: ${origin.host}\r\nContent-Type: ${contentType}\r\n` +
          `${extraHeaders}Content-Length: ${length}\r\n\r\n`,
      );
      if (head.length > headRoom) {
        throw new TypeError(`Cannot send request as the path is too long: '${path.slice(0, 40)}…'`);
      }
      heads.set(key, head);
    }
    return head;
  }

  function release(connection: Connection): void {
    if (connection.dead || closed) {
      forget(connection);
      return;
    }
    const waiter = waiters.shift();
    if (waiter !== undefined) {
      waiter.resolve(connection);
      return;
    }
    connection.park(() => {
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      forget(connection);
    });
    idle.push(connection);
  }

  function forget(connection: Connection): void {
    connection.destroy();
    if (all.delete(connection)) wakeWaiter();
  }

  function wakeWaiter(): void {
    if (waiters.length > 0 && all.size + connecting < maxConnections) {
      const waiter = waiters.shift() as Waiter;
      open().then(waiter.resolve, waiter.reject);
    }
  }

  async function open(): Promise<Connection> {
    connecting++;
    let opened = false;
    try {
      const conn = tls
        ? await Deno.connectTls({ hostname, port })
        : await Deno.connect({ hostname, port });
      const connection = new Connection(conn, headRoom, maxBodyBytes, budget);
      if (closed) {
        connection.destroy();
        throw new HttpClientError("aborted", "Client is closed");
      }
      all.add(connection);
      opened = true;
      return connection;
    } catch (error) {
      throw connectError(error, address);
    } finally {
      connecting--;
      // A failed attempt frees its place: a waiting request makes its own.
      if (!opened && !closed) wakeWaiter();
    }
  }

  function acquire(): Connection | Promise<Connection> {
    while (idle.length > 0) {
      const connection = idle.pop() as Connection;
      if (connection.unpark()) return connection;
      forget(connection);
    }
    if (all.size + connecting < maxConnections) return open();
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  // One sweeping timer for every request's deadline: far cheaper than a
  // timer per request when thousands of requests per second are in flight.
  const deadlines = new Set<Deadline>();
  let sweeper: ReturnType<typeof setInterval> | undefined;

  function watch(deadline: Deadline): void {
    deadlines.add(deadline);
    if (sweeper === undefined) {
      const timer = setInterval(sweep, SWEEP_MS);
      Deno.unrefTimer(Number(timer));
      sweeper = timer;
    }
  }

  function unwatch(deadline: Deadline): void {
    deadlines.delete(deadline);
    if (deadlines.size === 0 && sweeper !== undefined) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  }

  function sweep(): void {
    const now = performance.now();
    for (const deadline of deadlines) {
      if (deadline.at <= now) {
        unwatch(deadline);
        deadline.expire();
      }
    }
  }

  async function post(
    path: string,
    body: string,
    requestOptions: HttpRequestOptions = {},
  ): Promise<HttpResponse> {
    if (closed) throw new HttpClientError("aborted", "Client is closed");
    const { timeoutMs, signal } = requestOptions;
    if (signal?.aborted) throw abortError(signal);
    let connection: Connection | undefined;
    let failure: HttpClientError | undefined;
    let cancel: ((error: HttpClientError) => void) | undefined;
    const stop = (error: HttpClientError) => {
      if (failure !== undefined) return;
      failure = error;
      connection?.destroy();
      cancel?.(error);
    };
    const deadline: Deadline | undefined = timeoutMs === undefined ? undefined : {
      at: performance.now() + timeoutMs,
      expire: () =>
        stop(new HttpClientError("timeout", `No answer from ${address} within ${timeoutMs} ms`)),
    };
    if (deadline !== undefined) watch(deadline);
    const onAbort = signal === undefined ? undefined : () => stop(abortError(signal));
    if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const got = acquire();
      if (got instanceof Connection) {
        connection = got;
      } else {
        connection = await new Promise<Connection>((resolve, reject) => {
          cancel = reject;
          got.then((c) => failure === undefined ? resolve(c) : release(c), reject);
        });
        cancel = undefined;
      }
      const response = await connection.exchange(path, body, headFor);
      release(connection);
      return response;
    } catch (error) {
      if (connection !== undefined) forget(connection);
      if (failure !== undefined) throw failure;
      if (closed) throw new HttpClientError("aborted", "Client is closed");
      if (error instanceof HttpClientError) throw error;
      throw transportError(error, address);
    } finally {
      if (deadline !== undefined) unwatch(deadline);
      if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
    }
  }

  return {
    post,
    get openConnections() {
      return all.size;
    },
    close() {
      closed = true;
      if (sweeper !== undefined) clearInterval(sweeper);
      sweeper = undefined;
      deadlines.clear();
      for (const connection of all) connection.destroy();
      all.clear();
      idle.length = 0;
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new HttpClientError("aborted", "Client is closed"));
      }
    },
  };
}

/** One persistent connection; at most one request at a time. */
class Connection {
  readonly #conn: Deno.Conn;
  readonly #budget: BodyBudget;
  readonly #readBuffer = new Uint8Array(READ_SIZE);
  readonly #headRoom: number;
  readonly #maxBody: number;
  #writeBuffer: Uint8Array;
  /** A read started while idle, so a close by the server is noticed at once. */
  #idleRead: Promise<number | null> | undefined;
  #parked = false;
  dead = false;

  constructor(conn: Deno.Conn, headRoom: number, maxBody: number, budget: BodyBudget) {
    this.#conn = conn;
    this.#headRoom = headRoom;
    this.#maxBody = maxBody;
    this.#budget = budget;
    this.#writeBuffer = new Uint8Array(headRoom + 4096);
    if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
  }

  /** Writes one request and reads its whole response. */
  async exchange(
    path: string,
    body: string,
    headFor: (path: string, length: number) => Uint8Array,
  ): Promise<HttpResponse> {
    const request = this.#encode(path, body, headFor);
    const reused = this.#idleRead !== undefined;
    let written = await this.#conn.write(request);
    while (written < request.length) written += await this.#conn.write(request.subarray(written));
    const parser = new ResponseParser(this.#maxBody, this.#budget);
    try {
      return await this.#read(parser, reused);
    } finally {
      // The body is handed over now; its bytes stop counting once the caller has it.
      parser.release();
    }
  }

  async #read(parser: ResponseParser, reused: boolean): Promise<HttpResponse> {
    while (true) {
      const read = this.#idleRead ?? this.#conn.read(this.#readBuffer);
      this.#idleRead = undefined;
      const n = await read;
      if (n === null) {
        if (parser.end()) break;
        this.dead = true;
        throw new HttpClientError(
          "connection_error",
          parser.empty
            ? `Connection closed by the server before any answer${
              reused ? " (reused connection)" : ""
            }`
            : "Connection closed by the server in the middle of the answer",
        );
      }
      if (parser.push(this.#readBuffer.subarray(0, n))) break;
    }
    if (!parser.keepAlive) this.dead = true;
    return {
      status: parser.status,
      statusText: parser.statusText,
      body: parser.body,
      retryAfter: parser.retryAfter,
    };
  }

  /** Marks the connection idle and watches it; `onClose` runs if the server closes it. */
  park(onClose: () => void): void {
    this.#parked = true;
    const read = this.#conn.read(this.#readBuffer);
    this.#idleRead = read;
    read.then((n) => {
      if (this.#parked && this.#idleRead === read) {
        // Data or end of stream while no request is in flight: unusable.
        void n;
        this.dead = true;
        this.#parked = false;
        onClose();
      }
    }, () => {
      this.dead = true;
      if (this.#parked && this.#idleRead === read) {
        this.#parked = false;
        onClose();
      }
    });
  }

  /** Takes the connection out of the idle list; false when it died meanwhile. */
  unpark(): boolean {
    this.#parked = false;
    return !this.dead;
  }

  destroy(): void {
    if (this.dead && this.#closed) return;
    this.dead = true;
    this.#parked = false;
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#conn.close();
      } catch {
        // already closed
      }
    }
  }

  #closed = false;

  #encode(
    path: string,
    body: string,
    headFor: (path: string, length: number) => Uint8Array,
  ): Uint8Array {
    // Body encoded once, straight into the buffer; the head goes in front.
    const room = this.#headRoom;
    if (this.#writeBuffer.length < room + body.length * 3) {
      this.#writeBuffer = new Uint8Array(room + body.length * 3);
    }
    const { written } = encoder.encodeInto(body, this.#writeBuffer.subarray(room));
    const head = headFor(path, written);
    const start = room - head.length;
    this.#writeBuffer.set(head, start);
    return this.#writeBuffer.subarray(start, room + written);
  }
}

function abortError(signal: AbortSignal): HttpClientError {
  const reason = signal.reason;
  const detail = reason instanceof Error ? reason.message : String(reason ?? "aborted");
  return new HttpClientError(
    reason instanceof DOMException && reason.name === "TimeoutError" ? "timeout" : "aborted",
    `Request aborted: ${detail}`,
    { cause: reason },
  );
}

function connectError(error: unknown, address: string): HttpClientError {
  if (error instanceof HttpClientError) return error;
  if (error instanceof Deno.errors.ConnectionRefused) {
    return new HttpClientError("connection_refused", `Connection refused by ${address}`, {
      cause: error,
    });
  }
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return new HttpClientError(
      "connection_refused",
      `Cannot reach ${address}: network access to it is not permitted`,
      { cause: error },
    );
  }
  return transportError(error, address, "Cannot connect to");
}

function transportError(
  error: unknown,
  address: string,
  prefix = "Connection to",
): HttpClientError {
  if (error instanceof BodyTooLargeError) {
    return new HttpClientError("too_large", `Answer too large: ${error.message}`, { cause: error });
  }
  if (error instanceof HttpProtocolError) {
    return new HttpClientError("connection_error", `Invalid HTTP answer: ${error.message}`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  if (error instanceof Deno.errors.ConnectionReset) {
    return new HttpClientError("connection_error", `Connection reset by ${address}`, {
      cause: error,
    });
  }
  return new HttpClientError("connection_error", `${prefix} ${address} failed: ${message}`, {
    cause: error,
  });
}
