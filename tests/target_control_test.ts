import assert from "node:assert/strict";
import {
  readTargetChoice,
  type TargetChoice,
  TargetControl,
} from "../lib/simulate/target_control.ts";
import { systemClock } from "../lib/simulate/clock.ts";
import { createRandom } from "../lib/traffic/random.ts";
import type { Target } from "../lib/model/decision.ts";
import { parseTargetFile } from "../lib/soul/target_file.ts";

const SERVICE = "http://127.0.0.1:8787";
const REFERENCE: TargetChoice = { setting: { kind: "reference" }, serviceUrl: SERVICE };

/** A control on the reference engine whose output and switches are recorded. */
function control(reread: () => Promise<TargetChoice> = () => Promise.resolve(REFERENCE)) {
  const said: string[] = [];
  const errors: string[] = [];
  const switches: [Target, string][] = [];
  const targets = new TargetControl({
    choice: REFERENCE,
    context: {
      timeoutMs: 50,
      concurrency: 4,
      faults: { fault_rate: 0, slow_rate: 0, slow_ms: 0, throw_rate: 0, malformed_rate: 0 },
      random: createRandom(1),
    },
    reread,
    clock: systemClock,
    say: (line) => said.push(line),
    err: (line) => errors.push(line),
  });
  return { targets, said, errors, switches };
}

Deno.test("TargetControl refuses a switch until the run is attached", async () => {
  const { targets, switches } = control();
  assert.equal(targets.target.name, "reference");
  assert.throws(
    () => targets.request({ target: "http" }),
    (error) =>
      error instanceof RangeError &&
      error.message === "Cannot switch the target yet: the run is starting",
  );
  assert.deepEqual(switches, []);
  await targets.close();
});

Deno.test("TargetControl.request() switches to the configured service and back, and says so", async () => {
  const { targets, said, switches } = control();
  targets.attach((target, reason) => switches.push([target, reason]));
  assert.deepEqual(targets.request({ target: "http" }), {
    switched: true,
    target: `http ${SERVICE}`,
  });
  assert.equal(targets.target.name, "http");
  assert.deepEqual(targets.request({ target: "http" }), {
    switched: false,
    target: `http ${SERVICE}`,
  });
  assert.deepEqual(targets.request({ target: "reference" }), {
    switched: true,
    target: "reference",
  });
  assert.deepEqual(switches.map(([t, reason]) => [t.name, reason]), [
    ["http", `POST /api/target (reference -> http ${SERVICE})`],
    ["reference", `POST /api/target (http ${SERVICE} -> reference)`],
  ]);
  assert.equal(switches[1]?.[0], targets.target);
  assert.deepEqual(said, [
    `Target switched to http ${SERVICE}: POST /api/target`,
    "Target switched to reference: POST /api/target",
  ]);
  await targets.close();
});

Deno.test("TargetControl.reload() keeps the target and says why when the settings cannot be read", async () => {
  const { targets, said, errors, switches } = control(() =>
    Promise.reject(new Error("Cannot use --flags 'f' as it does not exist"))
  );
  targets.attach((target, reason) => switches.push([target, reason]));
  await targets.reload();
  assert.deepEqual(errors, [
    "SIGHUP: target unchanged: Cannot use --flags 'f' as it does not exist",
  ]);
  assert.deepEqual(said, []);
  assert.deepEqual(switches, []);
  await targets.close();
});

Deno.test("TargetControl.reload() takes the re-read service URL for later switches", async () => {
  const other = "http://127.0.0.1:9999";
  const { targets, said, errors } = control(() =>
    Promise.resolve({ setting: { kind: "reference", notice: "a notice" }, serviceUrl: other })
  );
  targets.attach(() => {});
  await targets.reload();
  assert.deepEqual(errors, ["a notice"]);
  assert.deepEqual(said, ["SIGHUP: target unchanged (reference)"]);
  assert.deepEqual(targets.request({ target: "http" }), {
    switched: true,
    target: `http ${other}`,
  });
  await targets.close();
});

Deno.test("TargetControl.request() without a URL switches to the configured target file", async () => {
  const definition = parseTargetFile(
    '{"preset": "openai-chat", "url": "http://127.0.0.1:9/v1/chat/completions"}',
    "chat.json",
  );
  const said: string[] = [];
  const switches: string[] = [];
  const targets = new TargetControl({
    choice: { ...REFERENCE, definition },
    context: {
      timeoutMs: 50,
      concurrency: 4,
      faults: { fault_rate: 0, slow_rate: 0, slow_ms: 0, throw_rate: 0, malformed_rate: 0 },
      random: createRandom(1),
    },
    reread: () => Promise.resolve(REFERENCE),
    clock: systemClock,
    say: (line) => said.push(line),
    err: () => {},
  });
  targets.attach((target) => switches.push(target.name));
  assert.deepEqual(targets.request({ target: "http" }), {
    switched: true,
    target: "http openai-chat http://127.0.0.1:9/v1/chat/completions",
  });
  assert.equal(targets.target.name, "http:openai-chat");
  assert.deepEqual(targets.request({ target: "http", url: SERVICE }), {
    switched: true,
    target: `http ${SERVICE}`,
  });
  assert.deepEqual(switches, ["http:openai-chat", "http"]);
  await targets.close();
});

Deno.test("readTargetChoice() takes the target file from the flags file, so SIGHUP can switch to it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const target = `${dir}/guard.json`;
    await Deno.writeTextFile(target, '{"preset": "llama-guard"}');
    const flags = `${dir}/flags.env`;
    await Deno.writeTextFile(flags, `SOUL_REAL_ENABLED=true\nSOUL_TARGET_FILE=${target}\n`);
    const choice = await readTargetChoice(
      { useRealSoul: true, soulUrl: null, flagsFile: flags, targetFile: null },
      { get: () => undefined },
    );
    assert.equal(choice.setting.kind, "http");
    assert.equal(choice.setting.definition?.preset, "llama-guard");
    assert.equal(choice.definition?.source, target);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readTargetChoice() names where an unreadable target file's path came from", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = `${dir}/gone.json`;
    const flags = `${dir}/flags.env`;
    await Deno.writeTextFile(flags, `SOUL_TARGET_FILE=${missing}\n`);
    const base = { useRealSoul: true, soulUrl: null, flagsFile: flags };
    await assert.rejects(
      readTargetChoice({ ...base, targetFile: null }, { get: () => undefined }),
      { message: `Cannot use the flags file's SOUL_TARGET_FILE '${missing}' as it does not exist` },
    );
    await assert.rejects(
      readTargetChoice({ ...base, targetFile: missing }, { get: () => undefined }),
      { message: `Cannot use --target '${missing}' as it does not exist` },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TargetControl switches again when the running target file was edited", async () => {
  const first = parseTargetFile('{"url": "http://127.0.0.1:9/v1/evaluate"}', "t.json");
  const edited = parseTargetFile(
    '{"url": "http://127.0.0.1:9/v1/evaluate", "response": {"confidence": "score"}}',
    "t.json",
  );
  const { targets, switches } = control();
  targets.attach((target, reason) => switches.push([target, reason]));
  assert.equal(targets.switchTo({ kind: "http", definition: first }, "SIGHUP").switched, true);
  assert.equal(targets.switchTo({ kind: "http", definition: first }, "SIGHUP").switched, false);
  assert.equal(targets.switchTo({ kind: "http", definition: edited }, "SIGHUP").switched, true);
  assert.equal(switches.length, 2);
  await targets.close();
});
