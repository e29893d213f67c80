/**
 * Hundreds of bad command lines across every command, run through the real
 * scripts with their tasks' permissions: each exits 2 with one `error:` line
 * (and at most one `hint:` line), no stack trace, nothing on stdout.
 *
 * @module
 */
import assert from "node:assert/strict";
import { runTask } from "./_tasks.ts";
import type { FlagSpec } from "../lib/cli/flag_table.ts";
import { SIMULATE_FLAGS } from "../lib/simulate/simulate_options.ts";
import { VISUALIZE_FLAGS } from "../lib/visualize/visualize_options.ts";
import { DASHBOARD_FLAGS } from "../lib/dashboard/dashboard_options.ts";
import { MIGRATE_FLAGS } from "../lib/migrate/migrate_options.ts";
import { SOUL_FLAGS } from "../lib/soul_server/soul_options.ts";

type Command = "simulate" | "visualize" | "dashboard" | "migrate" | "soul";

const TABLES: Record<Command, readonly FlagSpec[]> = {
  simulate: SIMULATE_FLAGS,
  visualize: VISUALIZE_FLAGS,
  dashboard: DASHBOARD_FLAGS,
  migrate: MIGRATE_FLAGS,
  soul: SOUL_FLAGS,
};

/** The numeric flags of each command. */
const NUMERIC: Record<Command, readonly string[]> = {
  simulate: [
    "seed",
    "interval-min",
    "interval-max",
    "concurrency",
    "timeout-ms",
    "report-interval",
    "report-seconds",
    "max-requests",
    "log-size",
    "fault-rate",
    "slow-rate",
    "slow-ms",
    "throw-rate",
    "malformed-rate",
  ],
  visualize: ["last"],
  dashboard: ["interval", "apdex-t"],
  migrate: [],
  soul: ["port", "seed", "error-rate", "malformed-rate", "drop-rate", "hang-rate"],
};

/** Values no numeric flag accepts. */
const BAD_NUMBERS = ["abc", "0x10", "NaN", "Infinity", "1e999", "99999999999999999999999", "1_0"];

function badLines(): [Command, string[]][] {
  const lines: [Command, string[]][] = [];
  for (const [command, table] of Object.entries(TABLES) as [Command, readonly FlagSpec[]][]) {
    lines.push([command, ["--no-such-flag"]], [command, ["-Z"]], [command, ["--no-such", "1"]]);
    for (const flag of table) {
      // A flag that takes a value, given none; a flag that takes none, given one.
      if (flag.value !== undefined) lines.push([command, [`--${flag.name}`]]);
      else if (flag.name !== "help" && flag.name !== "version") {
        lines.push([command, [`--${flag.name}=yes`]]);
      }
    }
    for (const name of NUMERIC[command]) {
      for (const value of BAD_NUMBERS) lines.push([command, [`--${name}`, value]]);
    }
  }
  return lines;
}

Deno.test("at least 250 bad command lines all exit 2 with one error line and no stack trace", async () => {
  const lines = badLines();
  assert.ok(lines.length >= 250, `${lines.length} lines`);
  console.log(`${lines.length} bad command lines`);
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const [command, args] = lines[next++]!;
      const signal = AbortSignal.timeout(30_000);
      const run = await runTask(command, args, { signal });
      const err = run.stderr.trimEnd().split("\n");
      const ok = run.code === 2 && run.stdout === "" && err[0]?.startsWith("error: ") &&
        err.length <= 2 && (err.length === 1 || err[1]!.startsWith("hint: ")) &&
        !/\n\s+at /.test(run.stderr);
      if (!ok) failures.push(`${command} ${args.join(" ")}: exit ${run.code}: ${run.stderr}`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  assert.deepEqual(failures, []);
});
