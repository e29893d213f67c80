import assert from "node:assert/strict";
import { kvFlag, shardFlags } from "../lib/cli/kv_flags.ts";
import { UsageError } from "../lib/cli/usage_error.ts";

Deno.test("kvFlag() takes a path and refuses an empty one", () => {
  assert.equal(kvFlag(undefined), null);
  assert.equal(kvFlag("metrics.kv"), "metrics.kv");
  assert.throws(() => kvFlag("  "), new UsageError("Cannot use --kv as it is empty"));
});

Deno.test("shardFlags() takes shard names only with --kv, each a valid name", () => {
  assert.deepEqual(shardFlags([], null), []);
  assert.deepEqual(shardFlags(["eu-1", "us.2"], "m.kv"), ["eu-1", "us.2"]);
  assert.throws(
    () => shardFlags(["eu-1"], null),
    new UsageError("Cannot use --shard without --kv: shards are parts of a KV store"),
  );
  assert.throws(() => shardFlags([".hidden"], "m.kv"), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /^Cannot use --shard as it must be 1-64 letters/);
    return true;
  });
});
