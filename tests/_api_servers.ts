/**
 * Local servers speaking public API shapes for target file tests: an
 * OpenAI-style moderation endpoint, an OpenAI-compatible chat endpoint
 * (optionally serving Llama Guard-style verdicts), each recording the
 * headers and bodies it receives; plus a tiny CONNECT proxy and a
 * self-signed certificate made with openssl.
 *
 * @module
 */
import { evaluateInput } from "../lib/soul/reference_engine.ts";
import { outcomeOf } from "../lib/model/decision.ts";
import {
  parseTargetFile,
  type TargetDefinition,
  type TargetFileContext,
} from "../lib/soul/target_file.ts";

/** One request a test server received. */
export interface Received {
  /** Method and path, e.g. `POST /v1/moderations`. */
  line: string;
  /** The request headers, lower-case names. */
  headers: Record<string, string>;
  /** The parsed JSON body. */
  body: unknown;
}

/** A running test server. */
export interface ApiServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** What it received, oldest first. */
  received: Received[];
  /** Stops it. */
  stop(): Promise<void>;
}

/** What a handler answers: a Response, or a JSON value for 200. */
export type Handler = (body: unknown, request: Request) => Response | unknown;

/** Serves `handler` on 127.0.0.1 over plain HTTP (or TLS with `tls`). */
export function serveApi(
  handler: Handler,
  certificates?: { cert: string; key: string },
): ApiServer {
  const tls = certificates === undefined
    ? undefined
    : { cert: certificates.cert, key: certificates.key };
  const received: Received[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {}, ...(tls ?? {}) },
    async (request) => {
      const text = await request.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      received.push({
        line: `${request.method} ${new URL(request.url).pathname}`,
        headers: Object.fromEntries(request.headers),
        body,
      });
      const answer = handler(body, request);
      return answer instanceof Response ? answer : Response.json(answer);
    },
  );
  const scheme = tls === undefined ? "http" : "https";
  return {
    url: `${scheme}://${tls === undefined ? "127.0.0.1" : "localhost"}:${server.addr.port}`,
    received,
    stop: () => server.shutdown(),
  };
}

/** The reference engine's outcome for an input (what the fake services decide by). */
function outcome(input: string) {
  return outcomeOf(evaluateInput(input));
}

/** An OpenAI-style moderation answer for `{"input"}`: flagged when the engine blocks. */
export const moderationHandler: Handler = (body) => {
  const input = String((body as { input?: unknown }).input ?? "");
  const flagged = outcome(input) === "blocked";
  return {
    id: "modr-1",
    model: "omni-moderation-latest",
    results: [{
      flagged,
      categories: { violence: flagged, harassment: false },
      category_scores: { violence: flagged ? 0.92 : 0.03, harassment: 0.01 },
    }],
  };
};

/** The user message of a chat request. */
export function userMessage(body: unknown): string {
  const messages = (body as { messages?: { role: string; content: string }[] }).messages ?? [];
  return messages.findLast((m) => m.role === "user")?.content ?? "";
}

/** An OpenAI chat completion carrying `content`. */
export function chatAnswer(content: string): unknown {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  };
}

/** A chat assistant that refuses, asks back or answers as the engine decides. */
export const chatHandler: Handler = (body) => {
  const decided = outcome(userMessage(body));
  return chatAnswer(
    decided === "blocked"
      ? "I'm sorry, but I can't help with that."
      : decided === "clarification"
      ? "Could you clarify which file you mean?"
      : "Paris is the capital of France.",
  );
};

/** A Llama Guard-style model: `unsafe\nS1,S9` when the engine blocks, else `safe`. */
export const guardHandler: Handler = (body) =>
  chatAnswer(outcome(userMessage(body)) === "blocked" ? "unsafe\nS1,S9" : "safe");

/** A context for target files with the given environment (all granted) and files. */
export function fileContext(
  env: Record<string, string> = {},
  files: Record<string, string> = {},
  denied: readonly string[] = [],
): TargetFileContext {
  return {
    env: (name) => ({
      granted: !denied.includes(name),
      value: denied.includes(name) ? undefined : env[name],
    }),
    readTextFile(path) {
      const text = files[path];
      if (text === undefined) throw new Deno.errors.NotFound(path);
      return text;
    },
  };
}

/** Parses a target file given as an object, named `target.json`. */
export function definitionOf(
  fields: Record<string, unknown>,
  context: TargetFileContext = fileContext(),
): TargetDefinition {
  return parseTargetFile(JSON.stringify(fields), "target.json", context);
}

/** A test certificate authority and a `localhost` server certificate it signed. */
export interface TestCertificates {
  /** PEM of the self-signed CA (what `ca_file` names). */
  ca: string;
  /** PEM of the server certificate (localhost, 127.0.0.1). */
  cert: string;
  /** PEM of the server key. */
  key: string;
}

/** Makes {@linkcode TestCertificates} with openssl in a temporary directory. */
export async function selfSignedCertificate(): Promise<TestCertificates> {
  const dir = await Deno.makeTempDir();
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const run = async (args: string[]) => {
    const { code, stderr } = await new Deno.Command("openssl", {
      args,
      cwd: dir,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`openssl failed: ${new TextDecoder().decode(stderr)}`);
  };
  try {
    await run([
      "req",
      "-x509",
      ...ec,
      "-days",
      "1",
      "-subj",
      "/CN=buddy-traffic test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
    ]);
    await run(["req", ...ec, "-subj", "/CN=localhost", "-keyout", "key.pem", "-out", "leaf.csr"]);
    await Deno.writeTextFile(
      `${dir}/leaf.ext`,
      "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n" +
        "extendedKeyUsage=serverAuth,clientAuth\n",
    );
    await run([
      "x509",
      "-req",
      "-in",
      "leaf.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "1",
      "-extfile",
      "leaf.ext",
      "-out",
      "cert.pem",
    ]);
    return {
      ca: await Deno.readTextFile(`${dir}/ca.pem`),
      cert: await Deno.readTextFile(`${dir}/cert.pem`),
      key: await Deno.readTextFile(`${dir}/key.pem`),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A CONNECT proxy on 127.0.0.1 that tunnels to loopback ports and counts tunnels. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The `host:port` of every CONNECT it served. */
  tunnels: string[];
  /** Stops it and closes its tunnels. */
  stop(): void;
}

/** Starts a {@linkcode ConnectProxy}. */
export function startConnectProxy(): ConnectProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const tunnels: string[] = [];
  const open = new Set<Deno.Conn>();
  (async () => {
    for await (const client of listener) {
      open.add(client);
      void tunnel(client, tunnels, open).catch(() => {}).finally(() => {
        open.delete(client);
        try {
          client.close();
        } catch { /* closed */ }
      });
    }
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${listener.addr.port}`,
    tunnels,
    stop() {
      listener.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch { /* closed */ }
      }
    },
  };
}

async function tunnel(client: Deno.Conn, tunnels: string[], open: Set<Deno.Conn>) {
  const buffer = new Uint8Array(8192);
  let head = "";
  while (!head.includes("\r\n\r\n")) {
    const n = await client.read(buffer);
    if (n === null) return;
    head += new TextDecoder().decode(buffer.subarray(0, n));
  }
  const match = /^CONNECT (127\.0\.0\.1|localhost):(\d+) HTTP\/1\.1\r\n/.exec(head);
  if (match === null) {
    await client.write(new TextEncoder().encode("HTTP/1.1 403 Forbidden\r\n\r\n"));
    return;
  }
  tunnels.push(`${match[1]}:${match[2]}`);
  const upstream = await Deno.connect({ hostname: "127.0.0.1", port: Number(match[2]) });
  open.add(upstream);
  await client.write(new TextEncoder().encode("HTTP/1.1 200 Connection Established\r\n\r\n"));
  await Promise.allSettled([
    client.readable.pipeTo(upstream.writable),
    upstream.readable.pipeTo(client.writable),
  ]);
  open.delete(upstream);
}
