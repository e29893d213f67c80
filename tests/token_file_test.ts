import assert from "node:assert/strict";
import { join } from "node:path";
import { readTokenFile } from "../lib/cli/token_file.ts";
import { UsageError } from "../lib/cli/usage_error.ts";

Deno.test("readTokenFile() reads one token and refuses empty, spaced or unreadable files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "ok"), "s3cret-t0ken\n");
    assert.equal(await readTokenFile(join(dir, "ok")), "s3cret-t0ken");
    for (const text of ["", "  \n", "two words", "esc\x1b[31m"]) {
      await Deno.writeTextFile(join(dir, "bad"), text);
      await assert.rejects(
        readTokenFile(join(dir, "bad")),
        (e: unknown) =>
          e instanceof UsageError && /printable ASCII characters on one line$/.test(e.message),
      );
    }
    await assert.rejects(
      readTokenFile(join(dir, "none")),
      (e: unknown) => e instanceof UsageError && /: no such file$/.test(e.message),
    );
    await assert.rejects(
      readTokenFile("/dev/zero"),
      (e: unknown) =>
        e instanceof UsageError && /character device, not a regular file$/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
