/**
 * The CI entry `.ci/run`, run with stand-ins for `npx`, `deno`, `npm` and
 * `apt-get` first on PATH: it runs the README's test command with CI=true,
 * and its last line counts ignored tests as failed, so that a skip never
 * passes for a pass.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const SCRIPT = new URL("../.ci/run", import.meta.url).pathname;

/** What the stand-in `npx` prints and how it exits. */
interface FakeRun {
  /** Lines printed, as Deno prints them (colours included). */
  output: string[];
  /** Exit code. */
  code: number;
}

interface CiResult {
  code: number;
  lines: string[];
  /** The arguments `npx` got, and the CI variable it saw. */
  npx: { args: string; ci: string };
}

const GREEN_OK = "\x1b[0m\x1b[32mok\x1b[0m";
const RED_FAILED = "\x1b[0m\x1b[1m\x1b[31mFAILED\x1b[0m";
const GREY = (text: string) => `\x1b[0m\x1b[38;5;245m${text}\x1b[0m`;

async function runCi(run: FakeRun): Promise<CiResult> {
  const dir = await Deno.makeTempDir({ prefix: "ci_run_test_" });
  try {
    const bin = join(dir, "bin");
    await Deno.mkdir(bin);
    const script = async (name: string, body: string) => {
      await Deno.writeTextFile(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
      await Deno.chmod(join(bin, name), 0o755);
    };
    await Deno.writeTextFile(join(dir, "output.txt"), run.output.join("\n") + "\n");
    await script(
      "npx",
      `printf '%s' "$*" > '${dir}/npx-args'\nprintf '%s' "\${CI:-}" > '${dir}/npx-ci'\n` +
        `cat '${dir}/output.txt'\nexit ${run.code}`,
    );
    await script("deno", `echo "deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)"`);
    await script("npm", "exit 0");
    await script("apt-get", "exit 0");
    const env = { ...Deno.env.toObject(), PATH: `${bin}:${Deno.env.get("PATH") ?? ""}` };
    delete (env as Record<string, string | undefined>).CI;
    const out = await new Deno.Command("bash", {
      args: [SCRIPT],
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    return {
      code: out.code,
      lines: text.trimEnd().split("\n"),
      npx: {
        args: await Deno.readTextFile(join(dir, "npx-args")),
        ci: await Deno.readTextFile(join(dir, "npx-ci")),
      },
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test(".ci/run runs the README's test command with CI=true", async () => {
  const r = await runCi({
    output: [`${GREEN_OK} | 3 passed | 0 failed ${GREY("(1s)")}`],
    code: 0,
  });
  assert.deepEqual(r.npx, { args: "-y deno@2.9.6 task test", ci: "true" });
  assert.equal(r.code, 0);
  assert.equal(r.lines.at(-1), "3 passed, 0 failed");
});

Deno.test(".ci/run counts ignored tests as failed and fails the run", async () => {
  const r = await runCi({
    output: [
      `renderPrometheus() output passes promtool check metrics ... ${GREY("ignored (0ms)")}`,
      "",
      `${GREEN_OK} | 617 passed (4 steps) | 0 failed | 7 ignored ${GREY("(1m49s)")}`,
    ],
    code: 0,
  });
  assert.notEqual(r.code, 0);
  assert.equal(r.lines.at(-1), "617 passed, 7 failed");
  assert.match(r.lines.join("\n"), /7 test\(s\) ignored/);
});

Deno.test(".ci/run adds ignored tests to failed ones", async () => {
  const r = await runCi({
    output: [`${RED_FAILED} | 600 passed (4 steps) | 3 failed | 2 ignored ${GREY("(2m)")}`],
    code: 1,
  });
  assert.equal(r.code, 1);
  assert.equal(r.lines.at(-1), "600 passed, 5 failed");
});

Deno.test(".ci/run reports a failure when no test ran", async () => {
  const r = await runCi({ output: ["error: Found 1 not formatted file in 120 files"], code: 1 });
  assert.equal(r.code, 1);
  assert.equal(r.lines.at(-1), "0 passed, 1 failed");
});
