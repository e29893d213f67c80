/**
 * The simulator's output in a real process: lines to stdout and stderr, a
 * progress line redrawn in place on a terminal, and the terminal's width.
 *
 * @module
 */
import type { Env } from "../cli/granted_env.ts";
import type { SimulatorIo } from "./run_simulator.ts";

const encoder = new TextEncoder();

/** Width assumed when stdout is no terminal (or its size cannot be read). */
const DEFAULT_COLUMNS = 80;

/** The process's {@linkcode SimulatorIo}, reading variables from `env`. */
export function denoSimulatorIo(env: Env): SimulatorIo {
  const interactive = Deno.stdout.isTerminal();
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
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
