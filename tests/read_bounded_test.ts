/**
 * The one bounded reader, awaited and not: the same bytes, the same cap
 * counted while reading (a file of exactly the cap is read, one byte more is
 * refused), and the same one-line refusals of what is not a regular file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { FileReadError } from "../lib/model/file_read_error.ts";
import { readBounded, readBoundedSync } from "../lib/store/read_bounded.ts";

const readers = {
  async: (path: string, maxBytes: number) => readBounded(path, { maxBytes, what: "a test file" }),
  sync: (path: string, maxBytes: number) =>
    Promise.resolve().then(() => readBoundedSync(path, { maxBytes, what: "a test file" })),
};

async function refusal(read: Promise<Uint8Array>): Promise<FileReadError> {
  try {
    await read;
  } catch (error) {
    assert.ok(error instanceof FileReadError, String(error));
    assert.equal(error.message.includes("\n"), false);
    return error;
  }
  throw new Error("expected a refusal");
}

Deno.test("readBounded() and readBoundedSync() read up to the cap and refuse one byte more", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = new Uint8Array(3 * (1 << 20) + 5).map((_, i) => i % 251);
    await Deno.writeFile(join(dir, "f"), bytes);
    await Deno.writeFile(join(dir, "empty"), new Uint8Array(0));
    for (const [name, read] of Object.entries(readers)) {
      assert.deepEqual(await read(join(dir, "f"), bytes.length), bytes, name);
      assert.equal((await read(join(dir, "empty"), 10)).length, 0, name);
      const error = await refusal(read(join(dir, "f"), bytes.length - 1));
      assert.equal(error.kind, "too_large", name);
      assert.match(error.detail, /^it is larger than the 3 MB a test file may be$/, name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readBounded() and readBoundedSync() refuse a FIFO, a device and a missing file without blocking", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal((await new Deno.Command("mkfifo", { args: [join(dir, "p")] }).output()).code, 0);
    for (const [name, read] of Object.entries(readers)) {
      assert.equal(
        (await refusal(read(join(dir, "p"), 100))).detail,
        "it is a FIFO, not a regular file",
        name,
      );
      assert.equal(
        (await refusal(read("/dev/zero", 100))).detail,
        "it is a character device, not a regular file",
        name,
      );
      assert.equal((await refusal(read(join(dir, "none"), 100))).kind, "missing", name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
