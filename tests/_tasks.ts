/**
 * Running the project's scripts from tests, the way `deno task` runs them:
 * the permission flags and script of a `deno run` task read from deno.json
 * (so a test fails when a task's grants no longer cover what its script
 * does), a one-shot run, a long-running process read line by line, and
 * polling helpers.
 *
 * @module
 */
import { type AlertRule, DEFAULT_RULES } from "../lib/alerts/rules.ts";

const config = JSON.parse(
  Deno.readTextFileSync(new URL("../deno.json", import.meta.url)),
) as { tasks: Record<string, string> };

/** The `--allow-*` (and other) flags between `deno run` and the script of task `name`. */
export function taskFlags(name: string): string[] {
  const line = config.tasks[name];
  if (line === undefined) throw new Error(`deno.json has no task '${name}'`);
  const words = line.trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "run") {
    throw new Error(`task '${name}' is not a 'deno run' command: ${line}`);
  }
  return words.slice(2).filter((w) => w.startsWith("--"));
}

/** The script a `deno run` task runs, as an absolute path. */
export function taskScript(name: string): string {
  const line = config.tasks[name] ?? "";
  const script = line.trim().split(/\s+/).slice(2).find((w) => !w.startsWith("--"));
  if (script === undefined) throw new Error(`task '${name}' runs no script`);
  return new URL(`../${script}`, import.meta.url).pathname;
}

/** The value list of `--allow-env=A,B,...` in the task `name` (empty when absent). */
export function taskAllowEnv(name: string): string[] {
  const flag = taskFlags(name).find((w) => w.startsWith("--allow-env="));
  return flag === undefined ? [] : flag.slice("--allow-env=".length).split(",");
}

/** How {@linkcode runTask} and {@linkcode TaskProcess} run a task's script. */
export interface TaskOptions {
  /** Working directory (the task's `.` permissions apply to it). @default {Deno.cwd()} */
  cwd?: string;
  /** Environment added to the inherited one, after `NO_COLOR=1`. */
  env?: Record<string, string>;
  /**
   * Flags instead of the task's, for tests that run the script with other
   * permissions on purpose. @default {taskFlags(task)}
   */
  flags?: string[];
  /** Starts from an empty environment: `env` is all the process gets. */
  clearEnv?: boolean;
  /** Kills the process when aborted. */
  signal?: AbortSignal;
  /**
   * Paths added to the task's `--allow-write` list, as a user grants another
   * metrics file (see {@linkcode metricsFileWrites}). @default {none}
   */
  writes?: readonly string[];
}

/** What a simulator writes for metrics file `file`: the file and its siblings. */
export function metricsFileWrites(file: string): string[] {
  return [file, `${file}.tmp`, `${file}.lock`, `${file}.live.json`, `${file}.live.json.tmp`];
}

/** `flags` with `writes` added to its `--allow-write` list (or as a new one). */
function withWrites(flags: readonly string[], writes: readonly string[]): string[] {
  if (writes.length === 0) return [...flags];
  const at = flags.findIndex((f) => f.startsWith("--allow-write="));
  if (at < 0) return [...flags, `--allow-write=${writes.join(",")}`];
  const out = [...flags];
  out[at] = `${flags[at]},${writes.join(",")}`;
  return out;
}

/** How a task's process ended, and all it wrote. */
export interface TaskResult {
  /** Exit code (128 + n after signal n). */
  code: number;
  /** The signal that ended the process, if one did. */
  signal: Deno.Signal | null;
  /** All of stdout. */
  stdout: string;
  /** All of stderr. */
  stderr: string;
}

/** The `deno run` command of task `task` with `args` after its script, stdio piped but stdin. */
function taskCommand(task: string, args: readonly string[], options: TaskOptions): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...withWrites(options.flags ?? taskFlags(task), options.writes ?? []),
      taskScript(task),
      ...args,
    ],
    cwd: options.cwd ?? Deno.cwd(),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: options.clearEnv === true ? { ...options.env } : { NO_COLOR: "1", ...options.env },
    clearEnv: options.clearEnv ?? false,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

/** Runs task `task`'s script with `args` until it exits. */
export async function runTask(
  task: string,
  args: readonly string[] = [],
  options: TaskOptions = {},
): Promise<TaskResult> {
  const out = await taskCommand(task, args, options).output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    signal: out.signal,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
}

/** How a {@linkcode TaskProcess} ended: a {@linkcode TaskResult} with stdout also as lines. */
export interface TaskEnd extends TaskResult {
  /** Every stdout line. */
  lines: string[];
}

/** A running task process whose stdout and stderr are collected as they come. */
export class TaskProcess {
  readonly #child: Deno.ChildProcess;
  readonly #lines: string[] = [];
  readonly #done: Promise<void>;
  #stdout = "";
  #stderr = "";
  #partial = "";
  readonly #waiters = new Set<() => void>();
  #ended = false;

  /** Starts task `task`'s script with `args`. */
  constructor(task: string, args: readonly string[] = [], options: TaskOptions = {}) {
    const child = taskCommand(task, args, options).spawn();
    this.#child = child;
    const stdout = (async () => {
      for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
        this.#stdout += text;
        const parts = (this.#partial + text).split("\n");
        this.#partial = parts.pop() ?? "";
        this.#lines.push(...parts);
        this.#wake();
      }
      if (this.#partial !== "") this.#lines.push(this.#partial);
      this.#ended = true;
      this.#wake();
    })();
    const stderr = (async () => {
      for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
        this.#stderr += text;
      }
    })();
    this.#done = Promise.all([stdout, stderr]).then(() => {});
  }

  /** Every complete stdout line so far. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** All of stdout so far. */
  get stdout(): string {
    return this.#stdout;
  }

  /** All of stderr so far. */
  get stderr(): string {
    return this.#stderr;
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
        await this.#done;
        throw new Error(
          `output ended without ${pattern}: ${this.#stdout}\nstderr: ${this.#stderr}`,
        );
      }
      const left = until - Date.now();
      if (left <= 0) {
        throw new Error(`no line ${pattern} in time: ${this.#stdout}\nstderr: ${this.#stderr}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }

  /** Wakes every {@linkcode waitForLine} call to look at the output again. */
  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** Sends `signal` to the process, unless it has exited. */
  kill(signal: Deno.Signal = "SIGTERM"): void {
    try {
      this.#child.kill(signal);
    } catch {
      // Already exited.
    }
  }

  /** Sends `signal` (unless the process has exited) and waits for the exit. */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<TaskEnd> {
    this.kill(signal);
    return await this.finished();
  }

  /** Waits for the process to end on its own. */
  async finished(): Promise<TaskEnd> {
    const status = await this.#child.status;
    await this.#done;
    return {
      code: status.code,
      signal: status.signal,
      stdout: this.#stdout,
      lines: [...this.#lines],
      stderr: this.#stderr,
    };
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

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not met in time");
}

/** A free loopback port (bound once and released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The product's rules on execution time: one request above 50 ms fires one. */
const TIMED = (rule: AlertRule) => rule.metric.startsWith("execution_time");

/**
 * The built-in rules without the two on execution time, which a stall of a
 * busy test machine can fire. Tests that judge faults and routing, not
 * timing, gate with these.
 */
export const UNTIMED_RULE_LIST: readonly AlertRule[] = DEFAULT_RULES.filter((r) => !TIMED(r));

/** {@linkcode UNTIMED_RULE_LIST} as a `--rules` file: the timed rules disabled. */
export const UNTIMED_RULES = JSON.stringify({
  rules: DEFAULT_RULES.filter(TIMED).map((r) => ({ id: r.id, enabled: false })),
});
