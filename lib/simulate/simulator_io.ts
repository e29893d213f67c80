/**
 * Where a simulator run's output goes, injected so tests need no terminal
 * (the process's own is {@linkcode denoSimulatorIo}: lines to stdout and
 * stderr, a progress line redrawn in place on a terminal), and the exit
 * codes a run resolves to.
 *
 * @module
 */
import { safeText } from "../fmt/sanitize.ts";
import type { Env } from "../cli/granted_env.ts";
import { EXIT_USAGE } from "../cli/exit_code.ts";

/** Where the simulator's output goes (injected so tests need no terminal). */
export interface SimulatorIo {
  /** Writes a line of normal output. */
  out(line: string): void;
  /** Writes a line of diagnostics. */
  err(line: string): void;
  /** Redraws the progress line (only called when `progress` is true). */
  progress(line: string): void;
  /** Whether a progress bar may be drawn (stdout is a terminal). */
  interactive: boolean;
  /** Terminal width for the progress bar. */
  columns: number;
  /** Environment variables (`SOUL_REAL_ENABLED`, `SOUL_API_URL`). */
  env: { get(name: string): string | undefined };
}

/** Exit code for a run whose KV shard another simulator took over (nothing more was written). */
export const EXIT_STORE_LOST = EXIT_USAGE;

/** A function that writes a line of normal output unless `--quiet` was given. */
export function sayer(quiet: boolean, io: SimulatorIo): (line: string) => void {
  return (line) => {
    if (!quiet) io.out(line);
  };
}

const encoder = new TextEncoder();

/** Width assumed when stdout is no terminal (or its size cannot be read). */
const DEFAULT_COLUMNS = 80;

/** The process's {@linkcode SimulatorIo}, reading variables from `env`. */
export function denoSimulatorIo(env: Env): SimulatorIo {
  const interactive = Deno.stdout.isTerminal();
  return {
    out: (line) => console.log(line),
    // Diagnostics may quote user data: every one goes through the one sanitiser.
    err: (line) => console.error(safeText(line, { maxLength: 2000 })),
    progress: (line) => {
      Deno.stdout.writeSync(encoder.encode(`\r\x1b[2K${line}`));
    },
    interactive,
    columns: interactive ? terminalColumns() : DEFAULT_COLUMNS,
    env,
  };
}

function terminalColumns(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return DEFAULT_COLUMNS;
  }
}
