/**
 * What the benchmark scripts share: the median of several runs, the CPU time
 * of a child process read from /proc, the wall time and peak RSS of a whole
 * command, and the command line of the simulator.
 *
 * @module
 */
import { taskFlags, taskScript } from "../tests/_tasks.ts";

/** Simulator flags for an unthrottled run: no gap between two requests. */
export const UNTHROTTLED: readonly string[] = ["--interval-min", "0", "--interval-max", "0"];

/** CPU seconds a child process used, sampled every 200 ms until just before it exits. */
export async function cpuUntilExit(child: Deno.ChildProcess): Promise<number> {
  let last = 0;
  let done = false;
  void child.status.then(() => done = true);
  while (!done) {
    await new Promise((r) => setTimeout(r, 200));
    const c = await cpuSeconds(child.pid);
    if (c !== null && !done) last = c;
  }
  return last;
}

/** `deno` arguments that run simulate.ts with its task's flags (or `flags`), then `args`. */
export function simulateArgs(
  args: readonly string[],
  flags: readonly string[] = taskFlags("simulate"),
): string[] {
  return ["run", ...flags, taskScript("simulate"), ...args];
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** CPU seconds (user + system) of a process, from /proc; null once it has exited. */
export async function cpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Wall time and peak memory of one command run to its end. */
export interface TimedRun {
  /** Wall seconds from spawn to exit. */
  seconds: number;
  /** Peak resident set size in MB, or null without `/usr/bin/time`. */
  peakRssMb: number | null;
  /** The command's exit code. */
  code: number;
}

/**
 * Runs `command` with `args` to its end under `/usr/bin/time -v` for its peak
 * RSS (bare, wall time only, where that is absent); its output is discarded.
 */
export async function timeRun(command: string, args: readonly string[]): Promise<TimedRun> {
  let hasTime = false;
  try {
    hasTime = Deno.statSync("/usr/bin/time").isFile;
  } catch {
    hasTime = false;
  }
  const t0 = performance.now();
  const out = await new Deno.Command(hasTime ? "/usr/bin/time" : command, {
    args: hasTime ? ["-v", command, ...args] : [...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(
    new TextDecoder().decode(out.stderr),
  );
  return { seconds, peakRssMb: rss ? Number(rss[1]) / 1024 : null, code: out.code };
}
