import assert from "node:assert/strict";
import { expandFileGlobs, globToRegExp, hasGlob } from "../lib/cli/expand_file_globs.ts";
import { UsageError } from "../lib/cli/usage_error.ts";

const listing = (names: string[]) => (dir: string) =>
  dir === "runs" ? Promise.resolve(names) : Promise.reject(new Deno.errors.NotFound(dir));

Deno.test("globToRegExp() matches *, ? and character classes in a file name", () => {
  assert.ok(globToRegExp("*.json").test("a.json"));
  assert.ok(!globToRegExp("*.json").test("a.json.tmp"));
  assert.ok(globToRegExp("shard-?.json").test("shard-1.json"));
  assert.ok(!globToRegExp("shard-?.json").test("shard-10.json"));
  assert.ok(globToRegExp("m[12].json").test("m2.json"));
  assert.ok(!globToRegExp("m[!12].json").test("m2.json"));
  assert.ok(!globToRegExp("a.json").test("abjson"));
  assert.ok(hasGlob("runs/*.json") && !hasGlob("runs/a.json"));
});

Deno.test("expandFileGlobs() lists matches sorted, skips temp files and reads each file once", async () => {
  const list = listing(["b.json", "a.json", "a.json.tmp", "notes.txt"]);
  assert.deepEqual(
    await expandFileGlobs(["runs/*.json", "runs/a.json", "other.json"], list),
    ["runs/a.json", "runs/b.json", "other.json"],
  );
});

Deno.test("expandFileGlobs() rejects a wildcard matching nothing or in a directory name", async () => {
  const list = listing(["a.json"]);
  await assert.rejects(
    expandFileGlobs(["runs/*.csv"], list),
    new UsageError("Cannot expand --file 'runs/*.csv': no file matches"),
  );
  await assert.rejects(
    expandFileGlobs(["r*/a.json"], list),
    new UsageError(
      "Cannot expand --file 'r*/a.json': wildcards are supported in the file name only",
    ),
  );
  await assert.rejects(
    expandFileGlobs(["gone/*.json"], list),
    new UsageError("Cannot expand --file 'gone/*.json': the directory does not exist"),
  );
});
