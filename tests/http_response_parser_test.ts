import assert from "node:assert/strict";
import fc from "fast-check";
import {
  BodyBudget,
  BodyTooLargeError,
  HttpProtocolError,
  ResponseParser,
} from "../lib/soul/http_response_parser.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function parseAll(chunks: string[], end = false): ResponseParser {
  const parser = new ResponseParser();
  for (const chunk of chunks) parser.push(encoder.encode(chunk));
  if (end) parser.end();
  return parser;
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(bytes.slice(last, p));
    last = p;
  }
  parts.push(bytes.slice(last));
  return parts;
}

const LENGTH_RESPONSE =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"confidence":1}';
const CHUNKED_RESPONSE = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
  '5;ext=1\r\n{"con\r\nb\r\nfidence":1}\r\n0\r\nX-Trailer: yes\r\n\r\n';
const CLOSE_RESPONSE = 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{"confidence":1}';

Deno.test("ResponseParser reads a Content-Length response in one piece", () => {
  const parser = parseAll([LENGTH_RESPONSE]);
  assert.equal(parser.done, true);
  assert.equal(parser.status, 200);
  assert.equal(parser.statusText, "OK");
  assert.equal(parser.keepAlive, true);
  assert.equal(decoder.decode(parser.body), '{"confidence":1}');
});

Deno.test("ResponseParser reads a chunked body with extensions and trailers", () => {
  const parser = parseAll([CHUNKED_RESPONSE]);
  assert.equal(parser.done, true);
  assert.equal(decoder.decode(parser.body), '{"confidence":1}');
  assert.equal(parser.keepAlive, true);
});

Deno.test("ResponseParser reads a body that runs until the connection closes", () => {
  const parser = parseAll([CLOSE_RESPONSE]);
  assert.equal(parser.done, false);
  assert.equal(parser.readsUntilClose, true);
  assert.equal(parser.end(), true);
  assert.equal(decoder.decode(parser.body), '{"confidence":1}');
  assert.equal(parser.keepAlive, false);
});

Deno.test("ResponseParser gives the same result however the bytes are split", () => {
  for (
    const [text, needsEnd] of [[LENGTH_RESPONSE, false], [CHUNKED_RESPONSE, false], [
      CLOSE_RESPONSE,
      true,
    ]] as const
  ) {
    const bytes = encoder.encode(text);
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
      const parser = new ResponseParser();
      let done = false;
      for (const part of splitAt(bytes, cuts)) done = parser.push(part);
      if (needsEnd) done = parser.end();
      assert.equal(done, true);
      assert.equal(parser.status, 200);
      assert.equal(decoder.decode(parser.body), '{"confidence":1}');
    }));
  }
});

Deno.test("ResponseParser feeds byte by byte without losing data", () => {
  const parser = new ResponseParser();
  const bytes = encoder.encode(CHUNKED_RESPONSE);
  for (let i = 0; i < bytes.length; i++) {
    assert.equal(parser.push(bytes.subarray(i, i + 1)), i === bytes.length - 1);
  }
  assert.equal(decoder.decode(parser.body), '{"confidence":1}');
});

Deno.test("ResponseParser skips an interim 100 Continue response", () => {
  const parser = parseAll(["HTTP/1.1 100 Continue\r\n\r\n" + LENGTH_RESPONSE]);
  assert.equal(parser.status, 200);
  assert.equal(decoder.decode(parser.body), '{"confidence":1}');
});

Deno.test("ResponseParser honours Connection: close and HTTP/1.0 defaults", () => {
  assert.equal(
    parseAll(["HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"]).keepAlive,
    false,
  );
  assert.equal(parseAll(["HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"]).keepAlive, false);
  assert.equal(
    parseAll(["HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"]).keepAlive,
    true,
  );
});

Deno.test("ResponseParser reads 204 and 503 responses", () => {
  const empty = parseAll(["HTTP/1.1 204 No Content\r\n\r\n"]);
  assert.equal(empty.done, true);
  assert.equal(empty.body.length, 0);
  const unavailable = parseAll([
    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\n{}",
  ]);
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.statusText, "Service Unavailable");
});

Deno.test("ResponseParser reports a truncated body through end()", () => {
  const parser = parseAll(['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a']);
  assert.equal(parser.done, false);
  assert.equal(parser.end(), false);
  assert.equal(new ResponseParser().empty, true);
  assert.equal(parser.empty, false);
});

Deno.test("ResponseParser clears keepAlive when bytes follow the response", () => {
  const parser = parseAll([LENGTH_RESPONSE + "HTTP/1.1 200 OK\r\n"]);
  assert.equal(parser.done, true);
  assert.equal(parser.keepAlive, false);
});

Deno.test("ResponseParser rejects malformed status lines, lengths and chunk sizes", () => {
  assert.throws(() => parseAll(["HTTP/2 200 OK\r\n\r\n"]), HttpProtocolError);
  assert.throws(() => parseAll(["garbage\r\n\r\n"]), /Invalid status line: "garbage"/);
  assert.throws(
    () => parseAll(["HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"]),
    /Invalid Content-Length/,
  );
  assert.throws(
    () => parseAll(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"]),
    /Invalid chunk size/,
  );
  assert.throws(
    () => parseAll(["HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"]),
    /Conflicting Content-Length/,
  );
  assert.throws(
    () => parseAll(["HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n"]),
    /exceeds/,
  );
});

Deno.test("ResponseParser keeps Retry-After and refuses a body over its cap, chunked or not", () => {
  const encoder = new TextEncoder();
  const limited = new ResponseParser(10);
  assert.equal(
    limited.push(
      encoder.encode(
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 20\r\nContent-Length: 2\r\n\r\n{}",
      ),
    ),
    true,
  );
  assert.equal(limited.retryAfter, "20");
  assert.throws(
    () =>
      new ResponseParser(10).push(encoder.encode("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n")),
    (error: Error) => error instanceof BodyTooLargeError && error.limit === 10,
  );
  const chunked = new ResponseParser(10);
  chunked.push(
    encoder.encode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n"),
  );
  assert.throws(
    () => chunked.push(encoder.encode("6\r\nghijkl\r\n")),
    (error: Error) => error instanceof BodyTooLargeError,
  );
});

Deno.test("parsers sharing a BodyBudget cannot hold more than it in total, and release() gives back", () => {
  const budget = new BodyBudget(15);
  const head = (length: number) =>
    new TextEncoder().encode(`HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\n\r\n`);
  const first = new ResponseParser(undefined, budget);
  assert.equal(first.push(head(10)), false);
  assert.equal(budget.used, 10);
  const second = new ResponseParser(undefined, budget);
  assert.throws(
    () => second.push(head(10)),
    (e: unknown) =>
      e instanceof HttpProtocolError &&
      e.message === "Answers in flight would hold more than 15 bytes in total",
  );
  first.release();
  first.release();
  assert.equal(budget.used, 0);
  const third = new ResponseParser(undefined, budget);
  assert.equal(third.push(head(10)), false);
  const chunked = new ResponseParser(undefined, budget);
  const body = new TextEncoder().encode(
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n0\r\n\r\n",
  );
  assert.throws(() => chunked.push(body), HttpProtocolError);
  third.release();
  assert.equal(new ResponseParser(undefined, budget).push(body), true);
});
