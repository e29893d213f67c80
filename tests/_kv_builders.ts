/**
 * KV stores and processes for the KV dashboard, `dashboard --serve` and
 * deploy tests: temp stores with shards written through the real store, a
 * task's `--allow-env` list, and a task's script run with the task's
 * permissions, its output read line by line.
 *
 * @module
 */
import { join } from "node:path";
import { kvStore, openKvStore } from "../lib/store/kv_store.ts";
import type { MetricsDocument } from "../lib/store/schema.ts";
import { taskFlags, taskScript } from "./_task_flags.ts";

/** A temp directory and the path of a (not yet created) KV store in it. */
export async function tempKvPath(prefix: string): Promise<{ dir: string; path: string }> {
  const dir = await Deno.makeTempDir({ prefix });
  return { dir, path: join(dir, "store.kv") };
}

/**
 * Writes `doc` as the whole history of `shard` through the real KV store (no
 * lease kept); `fresh` keeps an existing history aside instead of reading it.
 */
export async function writeShard(
  kv: Deno.Kv,
  shard: string,
  doc: MetricsDocument,
  fresh = false,
): Promise<void> {
  const store = kvStore(kv, shard, { leaseMs: 0 });
  await store.prepare({ fresh });
  await store.write(doc);
  store.close();
}

/** Opens (creating) the store at `path`, writes each shard's document, and closes it. */
export async function writeShards(
  path: string,
  shards: Readonly<Record<string, MetricsDocument>>,
): Promise<void> {
  const kv = await openKvStore(path);
  try {
    for (const [shard, doc] of Object.entries(shards)) await writeShard(kv, shard, doc);
  } finally {
    kv.close();
  }
}

/** The value list of `--allow-env=A,B,...` in the task `name` (empty when absent). */
export function taskAllowEnv(name: string): string[] {
  const flag = taskFlags(name).find((w) => w.startsWith("--allow-env="));
  return flag === undefined ? [] : flag.slice("--allow-env=".length).split(",");
}

/** Options for {@linkcode startTask}. */
export interface StartTaskOptions {
  /** Working directory (the task's `.` permissions apply to it). */
  cwd: string;
  /** Arguments after the script. @default {[]} */
  args?: string[];
  /** Environment of the process (added to the inherited one, which tests keep small). */
  env?: Record<string, string>;
}

/** A running task process whose stdout is read line by line. */
export class TaskProcess {
  readonly #child: Deno.ChildProcess;
  readonly #lines: string[] = [];
  readonly #stdout: Promise<void>;
  readonly #stderr: Promise<string>;
  #wake: () => void = () => {};
  #ended = false;

  constructor(task: string, options: StartTaskOptions) {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", ...taskFlags(task), taskScript(task), ...(options.args ?? [])],
      cwd: options.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", ...options.env },
    }).spawn();
    this.#child = child;
    this.#stdout = (async () => {
      let buffer = "";
      for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
        buffer += text;
        const parts = buffer.split("\n");
        buffer = parts.pop() ?? "";
        this.#lines.push(...parts);
        this.#wake();
      }
      if (buffer !== "") this.#lines.push(buffer);
      this.#ended = true;
      this.#wake();
    })();
    this.#stderr = new Response(child.stderr).text();
  }

  /** Every stdout line so far. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** The first stdout line matching `pattern` (waits for it; fails when stdout ends or after `timeoutMs`). */
  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const line of this.#lines) {
        const match = pattern.exec(line);
        if (match !== null) return match;
      }
      if (this.#ended) {
        throw new Error(
          `output ended without ${pattern}: ${this.#lines.join("\n")}\nstderr: ${await this
            .#stderr}`,
        );
      }
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no line ${pattern} in time: ${this.#lines.join("\n")}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = () => {};
    }
  }

  /** Sends `signal` (once running) and waits for the exit: code, stdout lines, stderr. */
  async stop(
    signal: Deno.Signal = "SIGTERM",
  ): Promise<{ code: number; stdout: string[]; stderr: string }> {
    try {
      this.#child.kill(signal);
    } catch {
      // Already exited.
    }
    return await this.finished();
  }

  /** Waits for the process to end on its own. */
  async finished(): Promise<{ code: number; stdout: string[]; stderr: string }> {
    const status = await this.#child.status;
    await this.#stdout;
    return { code: status.code, stdout: [...this.#lines], stderr: await this.#stderr };
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export async function portOpen(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}
