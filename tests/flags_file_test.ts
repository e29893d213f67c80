import assert from "node:assert/strict";
import { InputError } from "../lib/model/input_error.ts";
import { flagsOverEnv, parseFlagsFile, readFlagsFile } from "../lib/soul/flags_file.ts";
import { readBounded } from "../lib/store/read_bounded.ts";

const read = (path: string) => readBounded(path, { maxBytes: 1 << 16 });

Deno.test("parseFlagsFile() reads a JSON object", () => {
  assert.deepEqual(
    parseFlagsFile('{"SOUL_REAL_ENABLED": "true", "SOUL_API_URL": "http://127.0.0.1:9000"}'),
    { SOUL_REAL_ENABLED: "true", SOUL_API_URL: "http://127.0.0.1:9000" },
  );
  assert.deepEqual(parseFlagsFile('{"SOUL_REAL_ENABLED": false}'), { SOUL_REAL_ENABLED: "false" });
});

Deno.test("parseFlagsFile() reads KEY=VALUE lines with comments, export and quotes", () => {
  const text = [
    "# Soul settings",
    "",
    "export SOUL_REAL_ENABLED=true",
    'SOUL_API_URL = "http://127.0.0.1:9000"  ',
  ].join("\n");
  assert.deepEqual(parseFlagsFile(text), {
    SOUL_REAL_ENABLED: "true",
    SOUL_API_URL: "http://127.0.0.1:9000",
  });
  assert.deepEqual(parseFlagsFile(""), {});
});

Deno.test("parseFlagsFile() rejects unknown keys, bad lines and bad JSON with one line", () => {
  const cases: [string, string][] = [
    [
      "SOUL_ENABLED=true",
      "Cannot read flags file as 'SOUL_ENABLED' is not a known setting: use SOUL_REAL_ENABLED or SOUL_API_URL or SOUL_TARGET_FILE",
    ],
    [
      "SOUL_REAL_ENABLED true",
      "Cannot read flags file as line 1 is not KEY=VALUE: current value is 'SOUL_REAL_ENABLED true'",
    ],
    ["[1]", "Cannot read flags file as line 1 is not KEY=VALUE: current value is '[1]'"],
    [
      '{"SOUL_REAL_ENABLED": 1}',
      "Cannot read flags file as 'SOUL_REAL_ENABLED' must be a string or a boolean: current value is 1",
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseFlagsFile(text),
      (error: unknown) => error instanceof InputError && error.message === message,
      text,
    );
  }
  assert.throws(
    () => parseFlagsFile('{"SOUL_REAL_ENABLED": '),
    /^InputError: Cannot read flags file as it is not valid JSON: /,
  );
});

Deno.test("readFlagsFile() reads a file and names a missing one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/soul.flags`;
    await Deno.writeTextFile(path, "SOUL_REAL_ENABLED=yes\n");
    assert.deepEqual(await readFlagsFile(path, read), { SOUL_REAL_ENABLED: "yes" });
    await assert.rejects(
      readFlagsFile(`${dir}/missing.flags`, read),
      (error: unknown) =>
        error instanceof InputError &&
        error.message === `Cannot use --flags '${dir}/missing.flags' as it does not exist`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flagsOverEnv() prefers the file and falls back to the environment", () => {
  const view = flagsOverEnv({ SOUL_REAL_ENABLED: "false" }, {
    get: (key) =>
      ({ SOUL_REAL_ENABLED: "true", SOUL_API_URL: "http://env.test" } as Record<string, string>)[
        key
      ],
  });
  assert.equal(view.get("SOUL_REAL_ENABLED"), "false");
  assert.equal(view.get("SOUL_API_URL"), "http://env.test");
});
