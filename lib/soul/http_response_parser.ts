/**
 * An incremental HTTP/1.1 response parser: status line, headers, and a body
 * framed by Content-Length, chunked transfer coding, or the end of the
 * connection. Bytes may arrive split anywhere.
 *
 * @module
 */

/** Largest response head accepted, in bytes. */
export const MAX_HEAD_BYTES = 64 * 1024;

/** Largest response body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A malformed or oversized HTTP response. */
export class HttpProtocolError extends Error {
  /** Creates a protocol error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "HttpProtocolError";
  }
}

/** A response whose body is larger than the parser's cap. */
export class BodyTooLargeError extends HttpProtocolError {
  /** The cap, bytes. */
  readonly limit: number;

  /** Creates the error for a body over `limit` bytes. */
  constructor(limit: number) {
    super(`Response body exceeds ${limit} bytes`);
    this.name = "BodyTooLargeError";
    this.limit = limit;
  }
}

/** Default cap on the bodies all answers in flight of one client hold at once, in bytes. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * Bytes that answers being read may hold at once, shared by every parser of
 * one client: 64 answers of 16 MB in flight cannot hold 1 GB.
 */
export class BodyBudget {
  readonly #limit: number;
  #used = 0;

  /** A budget of `limit` bytes. */
  constructor(limit: number = MAX_BUFFERED_BYTES) {
    this.#limit = limit;
  }

  /** Bytes held now. */
  get used(): number {
    return this.#used;
  }

  /** Takes `n` bytes; throws an {@linkcode HttpProtocolError} when the budget is spent. */
  take(n: number): void {
    if (this.#used + n > this.#limit) {
      throw new HttpProtocolError(
        `Answers in flight would hold more than ${this.#limit} bytes in total`,
      );
    }
    this.#used += n;
  }

  /** Gives back `n` bytes. */
  give(n: number): void {
    this.#used = Math.max(0, this.#used - n);
  }
}

const EMPTY = new Uint8Array(0);
const CR = 13;
const LF = 10;
const HEAD_DECODER = new TextDecoder("latin1");

const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_END = 4;
const TRAILER = 5;
const UNTIL_CLOSE = 6;
const DONE = 7;

/**
 * Parses one HTTP/1.x response fed in pieces with {@linkcode ResponseParser.push}.
 * Interim 1xx responses are skipped.
 */
export class ResponseParser {
  /** Status code, e.g. 200. */
  status = 0;
  /** Reason phrase, e.g. `OK` (may be empty). */
  statusText = "";
  /** Whether the connection may carry another request after this response. */
  keepAlive = true;
  /** The complete body, once {@linkcode ResponseParser.done} is true. */
  body: Uint8Array = EMPTY;
  /** The `Retry-After` header, or null. */
  retryAfter: string | null = null;
  readonly #maxBody: number;

  #state = HEAD;
  #pending: Uint8Array = EMPTY;
  #remaining = 0;
  #bodyBuffer: Uint8Array = EMPTY;
  #bodyFilled = 0;
  #parts: Uint8Array[] = [];
  #partsLength = 0;
  readonly #budget: BodyBudget | null;
  #taken = 0;

  /**
   * A parser refusing bodies over `maxBodyBytes` ({@linkcode MAX_BODY_BYTES} by
   * default), whose body bytes also count against `budget` (shared by a
   * client's parsers), if given.
   */
  constructor(maxBodyBytes: number = MAX_BODY_BYTES, budget: BodyBudget | null = null) {
    this.#maxBody = maxBodyBytes;
    this.#budget = budget;
  }

  /** Gives the body's bytes back to the budget (call once the answer is handled); idempotent. */
  release(): void {
    this.#budget?.give(this.#taken);
    this.#taken = 0;
  }

  #take(n: number): void {
    if (this.#budget === null) return;
    this.#budget.take(n);
    this.#taken += n;
  }

  /** True once a whole response has been parsed. */
  get done(): boolean {
    return this.#state === DONE;
  }

  /** True when the body runs until the server closes the connection. */
  get readsUntilClose(): boolean {
    return this.#state === UNTIL_CLOSE;
  }

  /**
   * Feeds the next bytes; returns true once the response is complete. The
   * chunk is not kept, so the caller may reuse its buffer afterwards. Bytes
   * after the end of the response clear {@linkcode ResponseParser.keepAlive}.
   */
  push(chunk: Uint8Array): boolean {
    if (this.#state === DONE) {
      if (chunk.length > 0) this.keepAlive = false;
      return true;
    }
    let data = chunk;
    if (this.#pending.length > 0) {
      data = new Uint8Array(this.#pending.length + chunk.length);
      data.set(this.#pending, 0);
      data.set(chunk, this.#pending.length);
      this.#pending = EMPTY;
    }
    let pos = 0;
    while (true) {
      switch (this.#state) {
        case HEAD: {
          const end = indexOfHeadEnd(data, pos);
          if (end < 0) {
            if (data.length - pos > MAX_HEAD_BYTES) {
              throw new HttpProtocolError(`Response head exceeds ${MAX_HEAD_BYTES} bytes`);
            }
            this.#keep(data, pos);
            return false;
          }
          this.#parseHead(HEAD_DECODER.decode(data.subarray(pos, end)));
          pos = end + 4;
          break;
        }
        case LENGTH: {
          const take = Math.min(this.#remaining, data.length - pos);
          if (this.#bodyFilled === 0 && take === this.#remaining) {
            this.body = data.slice(pos, pos + take);
          } else {
            if (this.#bodyBuffer.length === 0) this.#bodyBuffer = new Uint8Array(this.#remaining);
            this.#bodyBuffer.set(data.subarray(pos, pos + take), this.#bodyFilled);
            this.#bodyFilled += take;
            if (take === this.#remaining) this.body = this.#bodyBuffer;
          }
          this.#remaining -= take;
          pos += take;
          if (this.#remaining > 0) return false;
          this.#state = DONE;
          break;
        }
        case CHUNK_SIZE: {
          const end = indexOfLineEnd(data, pos);
          if (end < 0) {
            if (data.length - pos > 1024) {
              throw new HttpProtocolError("Chunk size line is too long");
            }
            this.#keep(data, pos);
            return false;
          }
          const size = parseChunkSize(HEAD_DECODER.decode(data.subarray(pos, end)));
          pos = end + 2;
          if (size === 0) {
            this.#state = TRAILER;
          } else {
            this.#addPartLength(size);
            this.#remaining = size;
            this.#state = CHUNK_DATA;
          }
          break;
        }
        case CHUNK_DATA: {
          const take = Math.min(this.#remaining, data.length - pos);
          if (take > 0) this.#parts.push(data.slice(pos, pos + take));
          this.#remaining -= take;
          pos += take;
          if (this.#remaining > 0) return false;
          this.#state = CHUNK_END;
          break;
        }
        case CHUNK_END: {
          if (data.length - pos < 2) {
            this.#keep(data, pos);
            return false;
          }
          if (data[pos] !== CR || data[pos + 1] !== LF) {
            throw new HttpProtocolError("Chunk data is not followed by CRLF");
          }
          pos += 2;
          this.#state = CHUNK_SIZE;
          break;
        }
        case TRAILER: {
          const end = indexOfLineEnd(data, pos);
          if (end < 0) {
            if (data.length - pos > MAX_HEAD_BYTES) {
              throw new HttpProtocolError("Response trailer is too long");
            }
            this.#keep(data, pos);
            return false;
          }
          const emptyLine = end === pos;
          pos = end + 2;
          if (emptyLine) {
            this.body = joinParts(this.#parts, this.#partsLength);
            this.#state = DONE;
          }
          break;
        }
        case UNTIL_CLOSE: {
          if (pos < data.length) {
            this.#addPartLength(data.length - pos);
            this.#parts.push(data.slice(pos));
          }
          return false;
        }
        case DONE: {
          if (pos < data.length) this.keepAlive = false;
          return true;
        }
      }
    }
  }

  /**
   * Signals that the server closed the connection; returns true when that
   * completes the response (a body read until close), false when the
   * response is truncated.
   */
  end(): boolean {
    if (this.#state === UNTIL_CLOSE) {
      this.body = joinParts(this.#parts, this.#partsLength);
      this.#state = DONE;
      this.keepAlive = false;
    }
    return this.#state === DONE;
  }

  /** True when nothing of a response has arrived yet. */
  get empty(): boolean {
    return this.#state === HEAD && this.#pending.length === 0 && this.status === 0;
  }

  #keep(data: Uint8Array, pos: number): void {
    this.#pending = data.slice(pos);
  }

  #addPartLength(size: number): void {
    this.#partsLength += size;
    if (this.#partsLength > this.#maxBody) throw new BodyTooLargeError(this.#maxBody);
    this.#take(size);
  }

  #parseHead(text: string): void {
    const lines = text.split("\r\n");
    const statusLine = lines[0] ?? "";
    const match = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(statusLine);
    if (match === null) {
      throw new HttpProtocolError(
        `Invalid status line: ${JSON.stringify(statusLine.slice(0, 60))}`,
      );
    }
    const http10 = match[1] === "0";
    const status = Number(match[2]);
    let contentLength = -1;
    let chunked = false;
    let connection = "";
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(":");
      if (colon <= 0) throw new HttpProtocolError("Invalid header line");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length") {
        if (!/^\d{1,10}$/.test(value)) {
          throw new HttpProtocolError(`Invalid Content-Length: ${JSON.stringify(value)}`);
        }
        const length = Number(value);
        if (contentLength >= 0 && contentLength !== length) {
          throw new HttpProtocolError("Conflicting Content-Length headers");
        }
        contentLength = length;
      } else if (name === "transfer-encoding") {
        chunked = value.toLowerCase().split(",").at(-1)?.trim() === "chunked";
      } else if (name === "connection") {
        connection += `,${value.toLowerCase()}`;
      } else if (name === "retry-after") {
        this.retryAfter = value.slice(0, 40);
      }
    }
    if (status >= 100 && status < 200 && status !== 101) {
      // An interim response: the real one follows on the same connection.
      return;
    }
    this.status = status;
    this.statusText = match[3] ?? "";
    const tokens = connection.split(",").map((t) => t.trim());
    this.keepAlive = http10 ? tokens.includes("keep-alive") : !tokens.includes("close");
    if (status === 204 || status === 304 || status === 101) {
      this.#state = DONE;
    } else if (chunked) {
      this.#state = CHUNK_SIZE;
    } else if (contentLength >= 0) {
      if (contentLength > this.#maxBody) throw new BodyTooLargeError(this.#maxBody);
      this.#take(contentLength);
      this.#remaining = contentLength;
      this.#state = contentLength === 0 ? DONE : LENGTH;
    } else {
      this.keepAlive = false;
      this.#state = UNTIL_CLOSE;
    }
  }
}

function indexOfHeadEnd(data: Uint8Array, from: number): number {
  let i = data.indexOf(CR, from);
  while (i >= 0 && i + 3 < data.length) {
    if (data[i + 1] === LF && data[i + 2] === CR && data[i + 3] === LF) return i;
    i = data.indexOf(CR, i + 1);
  }
  return -1;
}

function indexOfLineEnd(data: Uint8Array, from: number): number {
  let i = data.indexOf(CR, from);
  while (i >= 0 && i + 1 < data.length) {
    if (data[i + 1] === LF) return i;
    i = data.indexOf(CR, i + 1);
  }
  return -1;
}

function parseChunkSize(line: string): number {
  const hex = line.split(";")[0]?.trim() ?? "";
  if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) {
    throw new HttpProtocolError(`Invalid chunk size: ${JSON.stringify(line.slice(0, 20))}`);
  }
  return parseInt(hex, 16);
}

/** Joins byte chunks of total `length` into one array (the chunk itself when there is one). */
export function joinParts(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const body = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.length;
  }
  return body;
}
