import assert from "node:assert/strict";
import { createHttpClient, HttpClientError } from "../lib/soul/http_client.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** One char per byte, so Content-Length can be counted on the string. */
const latin1 = { decode: (bytes: Uint8Array) => String.fromCharCode(...bytes) };

/** What a scripted raw server does with one request on one connection. */
type Reply = (conn: Deno.Conn, request: { body: string; index: number }) => Promise<"close" | void>;

interface RawServer {
  url: string;
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** A bare TCP server reading HTTP/1.1 requests and answering through `reply`. */
function rawServer(reply: Reply): RawServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const tasks: Promise<void>[] = [];
  let index = 0;
  const server: RawServer = {
    url: `http://127.0.0.1:${listener.addr.port}`,
    port: listener.addr.port,
    connections: 0,
    async close() {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed */ }
      }
      await Promise.allSettled(tasks);
      await accepting;
    },
  };
  async function serve(conn: Deno.Conn): Promise<void> {
    let pending = "";
    const buf = new Uint8Array(4096);
    try {
      while (true) {
        const end = pending.indexOf("\r\n\r\n");
        if (end >= 0) {
          const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, end))?.[1] ?? 0);
          if (pending.length >= end + 4 + length) {
            const raw = pending.slice(end + 4, end + 4 + length);
            const body = decoder.decode(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
            pending = pending.slice(end + 4 + length);
            if (await reply(conn, { body, index: index++ }) === "close") break;
            continue;
          }
        }
        const n = await conn.read(buf);
        if (n === null) break;
        pending += latin1.decode(buf.subarray(0, n));
      }
    } catch {
      // client went away
    } finally {
      conns.delete(conn);
      try {
        conn.close();
      } catch { /* closed */ }
    }
  }
  const accepting = (async () => {
    try {
      for await (const conn of listener) {
        server.connections++;
        conns.add(conn);
        tasks.push(serve(conn));
      }
    } catch { /* listener closed */ }
  })();
  return server;
}

async function write(conn: Deno.Conn, text: string): Promise<void> {
  const bytes = encoder.encode(text);
  let n = 0;
  while (n < bytes.length) n += await conn.write(bytes.subarray(n));
}

function ok(body: string): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${
    encoder.encode(body).length
  }\r\n\r\n${body}`;
}

function echo(): Reply {
  return (conn, { body }) => write(conn, ok(body));
}

async function expectError(promise: Promise<unknown>, kind: string, message?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HttpClientError, `expected HttpClientError, got ${error}`);
    assert.equal(error.kind, kind);
    if (message) assert.match(error.message, message);
    assert.equal(error.message.includes("\n"), false);
    return true;
  });
}

/** Awaits `promise`, failing with `message` if it has not settled within `ms`. */
async function within<T>(ms: number, promise: Promise<T>, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("HttpClient reuses one connection for sequential requests", async () => {
  const server = rawServer(echo());
  const client = createHttpClient(server.url);
  try {
    for (let i = 0; i < 20; i++) {
      const body = JSON.stringify({ id: `r-${i}`, input: "héllo ✓ " + "x".repeat(i * 50) });
      const response = await client.post("/v1/evaluate", body);
      assert.equal(response.status, 200);
      assert.equal(decoder.decode(response.body), body);
    }
    assert.equal(server.connections, 1);
    assert.equal(client.openConnections, 1);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient opens one connection per request in flight, capped by maxConnections", async () => {
  const server = rawServer(echo());
  const unbounded = createHttpClient(server.url);
  const bounded = createHttpClient(server.url, { maxConnections: 2 });
  try {
    const all = await Promise.all(
      Array.from({ length: 6 }, (_, i) => unbounded.post("/", `{"n":${i}}`)),
    );
    assert.deepEqual(
      all.map((r) => decoder.decode(r.body)),
      [0, 1, 2, 3, 4, 5].map((i) => `{"n":${i}}`),
    );
    assert.equal(unbounded.openConnections, 6);
    const capped = await Promise.all(
      Array.from({ length: 6 }, (_, i) => bounded.post("/", `{"n":${i}}`)),
    );
    assert.equal(capped.length, 6);
    assert.equal(bounded.openConnections, 2);
    assert.equal(server.connections, 8);
  } finally {
    unbounded.close();
    bounded.close();
    await server.close();
  }
});

Deno.test("HttpClient reads answers arriving in small pieces and chunked", async () => {
  const server = rawServer(async (conn, { index }) => {
    if (index % 2 === 0) {
      const text = ok('{"confidence":0.5}');
      for (let i = 0; i < text.length; i += 7) {
        await write(conn, text.slice(i, i + 7));
        await new Promise((r) => setTimeout(r, 1));
      }
    } else {
      await write(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      await write(conn, '4\r\n{"co\r\n');
      await new Promise((r) => setTimeout(r, 2));
      await write(conn, 'e\r\nnfidence":0.5}\r\n0\r\n\r\n');
    }
  });
  const client = createHttpClient(server.url);
  try {
    for (let i = 0; i < 4; i++) {
      const response = await client.post("/", "{}");
      assert.equal(decoder.decode(response.body), '{"confidence":0.5}');
    }
    assert.equal(server.connections, 1);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient opens a new connection after Connection: close", async () => {
  const server = rawServer(async (conn, { body }) => {
    await write(
      conn,
      `HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    return "close";
  });
  const client = createHttpClient(server.url);
  try {
    for (let i = 0; i < 3; i++) {
      assert.equal(decoder.decode((await client.post("/", `"${i}"`)).body), `"${i}"`);
    }
    assert.equal(server.connections, 3);
    assert.equal(client.openConnections, 0);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient reads a body that ends with the connection", async () => {
  const server = rawServer(async (conn) => {
    await write(conn, 'HTTP/1.0 200 OK\r\n\r\n{"confidence":1}');
    return "close";
  });
  const client = createHttpClient(server.url);
  try {
    assert.equal(decoder.decode((await client.post("/", "{}")).body), '{"confidence":1}');
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient fails with connection_error when the server drops the socket mid-answer", async () => {
  const server = rawServer(async (conn, { index }) => {
    if (index === 0) {
      await write(conn, 'HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{"conf');
      return "close";
    }
    if (index === 1) return "close";
    await write(conn, ok("{}"));
  });
  const client = createHttpClient(server.url);
  try {
    await expectError(client.post("/", "{}"), "connection_error", /in the middle of the answer/);
    await expectError(client.post("/", "{}"), "connection_error", /before any answer/);
    assert.equal((await client.post("/", "{}")).status, 200);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient notices an idle connection closed by the server and opens a new one", async () => {
  const server = rawServer(async (conn) => {
    await write(conn, ok("{}"));
    return "close"; // closes without announcing it
  });
  const client = createHttpClient(server.url);
  try {
    for (let i = 0; i < 3; i++) {
      assert.equal((await client.post("/", "{}")).status, 200);
      // Let the end of stream reach the idle connection.
      for (let t = 0; t < 50 && client.openConnections > 0; t++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.equal(client.openConnections, 0);
    }
    assert.equal(server.connections, 3);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient times out, closes the connection, and recovers on the next request", async () => {
  let hold: (() => void) | undefined;
  const server = rawServer(async (conn, { index }) => {
    if (index === 0) {
      await new Promise<void>((resolve) => (hold = resolve));
      return "close";
    }
    await write(conn, ok("{}"));
  });
  const client = createHttpClient(server.url);
  try {
    await expectError(
      client.post("/", "{}", { timeoutMs: 50 }),
      "timeout",
      /No answer from 127\.0\.0\.1:\d+ within 50 ms/,
    );
    assert.equal(client.openConnections, 0);
    assert.equal((await client.post("/", "{}", { timeoutMs: 5000 })).status, 200);
  } finally {
    hold?.();
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient times out while waiting for a free connection", async () => {
  let hold: (() => void) | undefined;
  const server = rawServer(async (conn, { index }) => {
    if (index === 0) await new Promise<void>((resolve) => (hold = resolve));
    await write(conn, ok("{}"));
  });
  const client = createHttpClient(server.url, { maxConnections: 1 });
  try {
    const first = client.post("/", "{}");
    await expectError(client.post("/", "{}", { timeoutMs: 30 }), "timeout");
    while (hold === undefined) await new Promise((r) => setTimeout(r, 5));
    hold();
    assert.equal((await first).status, 200);
    assert.equal((await client.post("/", "{}")).status, 200);
    assert.equal(server.connections, 1);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient reports a refused connection", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const client = createHttpClient(`http://127.0.0.1:${port}`);
  try {
    await expectError(
      client.post("/", "{}"),
      "connection_refused",
      new RegExp(`^Connection refused by 127\\.0\\.0\\.1:${port}$`),
    );
  } finally {
    client.close();
  }
});

Deno.test("HttpClient stops a request when its signal aborts", async () => {
  let hold: (() => void) | undefined;
  const server = rawServer(async () => {
    await new Promise<void>((resolve) => (hold = resolve));
    return "close";
  });
  const client = createHttpClient(server.url);
  try {
    const controller = new AbortController();
    const pending = client.post("/", "{}", { signal: controller.signal });
    controller.abort(new Error("run stopped"));
    await expectError(pending, "aborted", /run stopped/);
    const timedOut = new AbortController();
    const second = client.post("/", "{}", { signal: timedOut.signal });
    timedOut.abort(new DOMException("signal timed out", "TimeoutError"));
    await expectError(second, "timeout");
  } finally {
    hold?.();
    client.close();
    await server.close();
  }
});

Deno.test("HttpClient close() fails requests in flight and releases every socket", async () => {
  // The server signals when the first request has reached it, and answers nothing until released.
  let arrived: () => void = () => {};
  const inFlight = new Promise<void>((resolve) => (arrived = resolve));
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let received = 0;
  const server = rawServer(async () => {
    received++;
    arrived();
    await held;
    return "close";
  });
  const client = createHttpClient(server.url, { maxConnections: 1 });
  try {
    const first = expectError(client.post("/", "{}"), "aborted", /Client is closed/);
    const waiting = expectError(client.post("/", "{}"), "aborted", /Client is closed/);
    await inFlight;
    // The first request is at the server on the one connection; the second waits for it.
    assert.equal(received, 1);
    assert.equal(client.openConnections, 1);
    client.close();
    // close() itself fails both: the server still holds the first request.
    await within(5000, first, "close() left the request in flight");
    await within(5000, waiting, "close() left the waiting request queued");
    release();
    await expectError(client.post("/", "{}"), "aborted");
    assert.equal(client.openConnections, 0);
    assert.equal(received, 1, "the waiting request never reached the server");
  } finally {
    release();
    client.close();
    await server.close();
  }
});

Deno.test("createHttpClient() rejects non-HTTP URLs", () => {
  assert.throws(() => createHttpClient("ftp://127.0.0.1/"), /must use http or https/);
  assert.throws(
    () => createHttpClient("http://127.0.0.1/", { maxConnections: 0 }),
    /maxConnections/,
  );
});

Deno.test("HttpClient gives each waiting request its own attempt when connecting fails", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const client = createHttpClient(`http://127.0.0.1:${port}`, { maxConnections: 1 });
  try {
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, () => client.post("/", "{}", { timeoutMs: 5000 })),
    );
    assert.deepEqual(
      results.map((r) => r.status === "rejected" && (r.reason as HttpClientError).kind),
      ["connection_refused", "connection_refused", "connection_refused"],
    );
  } finally {
    client.close();
  }
});
