import assert from "node:assert/strict";
import { invocation, UsageError, usageErrorFromParseArgs } from "../lib/cli/usage_error.ts";

Deno.test("invocation() names the task when the script runs under deno", () => {
  assert.equal(Deno.build.standalone, false);
  assert.equal(invocation("simulate"), "deno task simulate");
});

Deno.test("usageErrorFromParseArgs() names the flag in one line", () => {
  const unknown = usageErrorFromParseArgs(new TypeError("Unknown option '--nope'. To specify..."));
  assert.ok(unknown instanceof UsageError);
  assert.equal(unknown.message, "Unknown flag '--nope'");
  assert.equal(unknown.exitCode, 2);
  assert.equal(
    usageErrorFromParseArgs(new TypeError("Option '--kv <value>' argument missing")).message,
    "Flag '--kv' needs a value",
  );
});
