import assert from "node:assert/strict";
import { PERMISSIONS_HINT, reportError } from "../lib/cli/report_error.ts";
import { UsageError } from "../lib/cli/usage_error.ts";
import { InputError } from "../lib/model/input_error.ts";
import { MetricsFileError } from "../lib/model/metrics_file_error.ts";
import { KvStoreError } from "../lib/store/kv_layout.ts";
import { RulesError } from "../lib/alerts/rules.ts";

/** What `reportError()` writes and returns for `error`. */
function report(error: unknown, usageHint?: string): { code: number; stderr: string } {
  let stderr = "";
  const code = reportError(error, {
    command: "deno task simulate",
    stderr: (text) => (stderr += text),
    ...(usageHint === undefined ? {} : { usageHint }),
  });
  return { code, stderr };
}

Deno.test("reportError() prints a usage error with the --help hint and returns 2", () => {
  assert.deepEqual(report(new UsageError("Cannot use --seed as it is empty")), {
    code: 2,
    stderr:
      "error: Cannot use --seed as it is empty\nhint: run 'deno task simulate --help' for usage\n",
  });
});

Deno.test("reportError() prints an error's own hint instead of the usage hint", () => {
  assert.deepEqual(
    report(new UsageError("Unknown flag '--sed'", { hint: "did you mean '--seed'?" })),
    {
      code: 2,
      stderr: "error: Unknown flag '--sed'\nhint: did you mean '--seed'?\n",
    },
  );
  assert.deepEqual(report(new InputError("Cannot read x", { hint: "check x" })), {
    code: 2,
    stderr: "error: Cannot read x\nhint: check x\n",
  });
});

Deno.test("reportError() prints a mistake in a file or store as one line with no hint", () => {
  for (
    const error of [
      new MetricsFileError("missing", "m.json", "file not found"),
      new KvStoreError("corrupt", "KV store 's.kv' is damaged"),
      new RulesError("Cannot read rules file 'r.json': file not found"),
      new InputError("Cannot listen on 127.0.0.1:1: the address is in use"),
    ]
  ) {
    assert.ok(error instanceof InputError);
    const { code, stderr } = report(error);
    assert.equal(code, 2);
    assert.equal(stderr, `error: ${error.message}\n`);
  }
});

Deno.test("reportError() gives a library's flag mistake the command's usage hint", () => {
  const error = new InputError("Cannot use --serve as the port is bad", { usage: true });
  assert.equal(
    report(error).stderr,
    "error: Cannot use --serve as the port is bad\nhint: run 'deno task simulate --help' for usage\n",
  );
  assert.equal(
    report(error, "deploy.ts is configured by the variables A, B").stderr,
    "error: Cannot use --serve as the port is bad\nhint: deploy.ts is configured by the variables A, B\n",
  );
});

Deno.test("reportError() maps a missing permission to 2 with the permissions hint", () => {
  const { code, stderr } = report(new Deno.errors.NotCapable('Requires read access to "x"'));
  assert.equal(code, 2);
  assert.equal(stderr, `error: Requires read access to "x"\nhint: ${PERMISSIONS_HINT}\n`);
});

Deno.test("reportError() keeps a message on one line with control characters shown", () => {
  const { stderr } = report(new InputError("Cannot read 'a\nb\x1b[2J'"));
  assert.equal(stderr, "error: Cannot read 'a\\nb<U+001B>[2J'\n");
});

Deno.test("reportError() throws anything that is no user mistake again", () => {
  const bug = new TypeError("x is undefined");
  assert.throws(() => report(bug), (e: unknown) => e === bug);
  assert.throws(() => report("a string"), (e: unknown) => e === "a string");
});
