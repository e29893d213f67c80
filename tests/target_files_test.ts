/**
 * Reading a target file and the files it names through the bounded reader:
 * a missing file, a FIFO, a device, an oversize file and a file the process
 * may not read are each one line, and a missing grant is named in the hint.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../lib/model/input_error.ts";
import { MAX_TARGET_FILE_BYTES, readTargetDefinition } from "../lib/simulate/target_files.ts";

async function refusal(path: string): Promise<InputError> {
  try {
    await readTargetDefinition(path);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.message.includes("\n"), false, error.message);
    return error;
  }
  throw new Error(`expected ${path} to be refused`);
}

Deno.test("readTargetDefinition() reads a target file and the PEM file it names", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    await Deno.writeTextFile(
      join(dir, "t.json"),
      JSON.stringify({ url: "https://127.0.0.1:9/v1/evaluate", ca_file: join(dir, "ca.pem") }),
    );
    const definition = await readTargetDefinition(join(dir, "t.json"));
    assert.deepEqual(definition.tls.caCerts, ["-----BEGIN CERTIFICATE-----\n"]);
    assert.equal(definition.transport, "fetch");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readTargetDefinition() refuses a missing file, a FIFO, a device and an oversize file in one line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = join(dir, "t.fifo");
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.equal(made.code, 0);
    const big = join(dir, "big.json");
    await Deno.writeTextFile(
      big,
      `{"url": "http://127.0.0.1:9", "x": "${"a".repeat(MAX_TARGET_FILE_BYTES)}"}`,
    );
    const cases: [string, string][] = [
      [join(dir, "none.json"), "it does not exist"],
      [fifo, "it is a FIFO, not a regular file"],
      ["/dev/zero", "it is a character device, not a regular file"],
      [big, "it is larger than the 1 MB a target file may be"],
      [dir, "it is a directory, not a file"],
    ];
    for (const [path, why] of cases) {
      const error = await refusal(path);
      assert.equal(error.message, `Cannot use --target '${path}' as ${why}`);
      assert.equal(error.hint, null);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readTargetDefinition() refuses a FIFO or a device named as a TLS or header file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = join(dir, "ca.fifo");
    assert.equal((await new Deno.Command("mkfifo", { args: [fifo] }).output()).code, 0);
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { url: "https://127.0.0.1:9/v1", ca_file: fifo },
        /'ca_file' must name a readable PEM file \(it is a FIFO, not a regular file\)/,
      ],
      [
        { url: "http://127.0.0.1:9/v1", headers: { Authorization: "Bearer ${file:/dev/zero}" } },
        /'headers\.Authorization' must name a readable file \(it is a character device, not a regular file\)/,
      ],
    ];
    for (const [fields, expected] of cases) {
      await Deno.writeTextFile(join(dir, "t.json"), JSON.stringify(fields));
      const error = await refusal(join(dir, "t.json"));
      assert.match(error.message, expected);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
