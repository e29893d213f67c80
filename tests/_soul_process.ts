/**
 * The reference Soul server (`soul.ts`) as a child process on 127.0.0.1, for
 * end-to-end tests: start it on an ephemeral (or a given) port, wait until it
 * listens, kill it and start it again on the same port.
 *
 * @module
 */

const SOUL = new URL("../soul.ts", import.meta.url).pathname;
const decoder = new TextDecoder();

/** A running `soul.ts` child process. */
export interface SoulProcess {
  /** The bound loopback port. */
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The child process. */
  readonly child: Deno.ChildProcess;
  /** Sends `signal` (default SIGTERM), waits for the exit and returns what it wrote to stderr. */
  stop(signal?: Deno.Signal): Promise<string>;
}

/** Options of {@linkcode startSoulProcess}. */
export interface SoulProcessOptions {
  /** Port to listen on; 0 (the default) lets the system choose a free one. */
  port?: number;
  /** More flags of `soul.ts`, e.g. `["--error-rate", "0.3", "--seed", "1"]`. */
  args?: readonly string[];
  /** Gives up waiting for the listen line after this many ms (default 20000). */
  timeoutMs?: number;
}

/**
 * Starts `soul.ts` on 127.0.0.1 with network access to loopback only, waits
 * for its "serving ..." line and reads the port from it. Throws (after
 * killing the child) when it exits or stays silent instead.
 */
export async function startSoulProcess(options: SoulProcessOptions = {}): Promise<SoulProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--unstable-no-legacy-abort",
      "--allow-net=127.0.0.1",
      SOUL,
      "--host",
      "127.0.0.1",
      "--port",
      String(options.port ?? 0),
      ...(options.args ?? []),
    ],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let line: string;
  try {
    line = await withTimeout(firstLine(child.stdout), options.timeoutMs ?? 20_000);
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    throw new Error(`soul.ts did not start: ${(error as Error).message}; ${await stderr}`);
  }
  const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
  if (match === null) {
    child.kill("SIGKILL");
    await child.status;
    throw new Error(`soul.ts did not start: '${line}'; ${await stderr}`);
  }
  const port = Number(match[1]);
  let stopped: Promise<string> | null = null;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    stop(signal: Deno.Signal = "SIGTERM") {
      stopped ??= (async () => {
        try {
          child.kill(signal);
        } catch { /* already gone */ }
        await child.status;
        return await stderr;
      })();
      return stopped;
    },
  };
}

/** Reads the first line of a stream, then lets the rest drain unread. */
async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`output ended before a line: '${text}'`);
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  // Keep reading so the child never blocks on a full pipe.
  stream.pipeTo(new WritableStream()).catch(() => {});
  return text.split("\n")[0] ?? "";
}

/** Rejects when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
