/**
 * What every command's line has in common, run end to end through the real
 * scripts with their tasks' permissions: `--version`, a "did you mean" hint
 * for a mistyped flag, and the `--help` hint for an unknown one.
 */
import assert from "node:assert/strict";
import { runTask } from "./_tasks.ts";
import { VERSION } from "../lib/cli/version.ts";

const COMMANDS = ["simulate", "visualize", "dashboard", "migrate", "rules", "soul"] as const;

for (const command of COMMANDS) {
  Deno.test(`${command} --version prints 'buddy-traffic VERSION' and exits 0`, async () => {
    const run = await runTask(command, ["--version"]);
    assert.deepEqual([run.code, run.stdout, run.stderr], [0, `buddy-traffic ${VERSION}\n`, ""]);
  });
}

/** A mistyped flag of each command and the flag it is near. */
const TYPOS: [typeof COMMANDS[number], string, string][] = [
  ["simulate", "--durtion", "--duration"],
  ["simulate", "--max-reqeusts", "--max-requests"],
  ["visualize", "--sumary", "--summary"],
  ["dashboard", "--intervl", "--interval"],
  ["migrate", "--to-vk", "--to-kv"],
  ["rules", "--windw", "--window"],
  ["soul", "--hots", "--host"],
];

for (const [command, typo, flag] of TYPOS) {
  Deno.test(`${command} ${typo} suggests ${flag} and exits 2`, async () => {
    const run = await runTask(command, [typo, "5"]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      `error: Unknown flag '${typo}'\nhint: did you mean '${flag}'?\n`,
    );
  });
}

Deno.test("a flag near no known one gets the --help hint", async () => {
  for (const command of ["simulate", "soul"] as const) {
    const run = await runTask(command, ["--zzzzzz"]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `error: Unknown flag '--zzzzzz'\nhint: run 'deno task ${command} --help' for usage\n`,
    );
  }
});

Deno.test("every command's --help shows the default of each flag that has one", async () => {
  const simulate = await runTask("simulate", ["--help"]);
  assert.match(simulate.stdout, /--max-requests N +Stop after N requests \(default: unlimited\)/);
  assert.match(simulate.stdout, /--slow-ms MS +.* \(default: 100\)/);
  const soul = await runTask("soul", ["--help"]);
  assert.match(
    soul.stdout,
    /--port PORT +Port to listen on, 0 for any free port \(default: 8787\)/,
  );
  assert.match(soul.stdout, /--seed N +Seed of the fault and latency draws \(default: random\)/);
  const migrate = await runTask("migrate", ["--help"]);
  assert.match(migrate.stdout, /--shard NAME +The shard \(default: default\);/);
});
