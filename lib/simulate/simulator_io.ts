/**
 * Where a simulator run's output goes, injected so tests need no terminal,
 * and the exit codes a run resolves to.
 *
 * @module
 */

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

/** Exit code for a run that completed (including a stop by signal). */
export const EXIT_OK = 0;

/** Exit code for a run whose KV shard another simulator took over (nothing more was written). */
export const EXIT_STORE_LOST = 2;

/** A function that writes a line of normal output unless `--quiet` was given. */
export function sayer(quiet: boolean, io: SimulatorIo): (line: string) => void {
  return (line) => {
    if (!quiet) io.out(line);
  };
}
