import assert from "node:assert/strict";
import fc from "fast-check";
import { InputError } from "../lib/model/input_error.ts";
import { resolveSoulUrl, resolveTargetSetting } from "../lib/soul/target_setting.ts";

function env(values: Record<string, string>): { get(key: string): string | undefined } {
  return { get: (key) => values[key] };
}

const IGNORED =
  "--use-real-soul ignored: SOUL_REAL_ENABLED is not true; using the reference engine";

Deno.test("resolveTargetSetting() uses the reference engine by default", () => {
  assert.deepEqual(resolveTargetSetting({ useRealSoul: false, env: env({}) }), {
    kind: "reference",
  });
});

Deno.test("resolveTargetSetting() ignores --use-real-soul unless SOUL_REAL_ENABLED is true", () => {
  assert.deepEqual(resolveTargetSetting({ useRealSoul: true, env: env({}) }), {
    kind: "reference",
    notice: IGNORED,
  });
  assert.deepEqual(
    resolveTargetSetting({ useRealSoul: true, env: env({ SOUL_REAL_ENABLED: "false" }) }),
    { kind: "reference", notice: IGNORED },
  );
});

Deno.test("resolveTargetSetting() uses the real service when asked and enabled", () => {
  assert.deepEqual(
    resolveTargetSetting({ useRealSoul: true, env: env({ SOUL_REAL_ENABLED: "TRUE" }) }),
    { kind: "http", url: "http://127.0.0.1:8787" },
  );
  assert.deepEqual(
    resolveTargetSetting({
      useRealSoul: true,
      env: env({ SOUL_REAL_ENABLED: "yes", SOUL_API_URL: "https://soul.internal/api/" }),
    }),
    { kind: "http", url: "https://soul.internal/api" },
  );
});

Deno.test("resolveTargetSetting() takes --soul-url over the flags file over the environment", () => {
  const base = {
    useRealSoul: true,
    env: env({ SOUL_REAL_ENABLED: "true", SOUL_API_URL: "http://env.test:1" }),
  };
  assert.equal(resolveTargetSetting(base).url, "http://env.test:1");
  assert.equal(
    resolveTargetSetting({ ...base, flags: { SOUL_API_URL: "http://file.test:2" } }).url,
    "http://file.test:2",
  );
  assert.equal(
    resolveTargetSetting({
      ...base,
      flags: { SOUL_API_URL: "http://file.test:2" },
      flagUrl: "http://flag.test:3",
    }).url,
    "http://flag.test:3",
  );
});

Deno.test("resolveTargetSetting() lets the flags file switch the service on and off", () => {
  const environment = env({ SOUL_REAL_ENABLED: "true" });
  assert.equal(
    resolveTargetSetting({
      useRealSoul: true,
      env: environment,
      flags: { SOUL_REAL_ENABLED: "false" },
    })
      .kind,
    "reference",
  );
  assert.equal(
    resolveTargetSetting({ useRealSoul: true, env: env({}), flags: { SOUL_REAL_ENABLED: "true" } })
      .kind,
    "http",
  );
});

Deno.test("resolveTargetSetting() explains when the service is enabled but not asked for", () => {
  assert.deepEqual(
    resolveTargetSetting({ useRealSoul: false, env: env({}), flags: { SOUL_REAL_ENABLED: "1" } }),
    {
      kind: "reference",
      notice:
        "SOUL_REAL_ENABLED is true in the flags file but --use-real-soul is not set; using the reference engine",
    },
  );
});

Deno.test("resolveTargetSetting() rejects invalid URLs with one line", () => {
  assert.throws(
    () => resolveTargetSetting({ useRealSoul: false, env: env({}), flagUrl: "soul:8787" }),
    (error: unknown) =>
      error instanceof InputError &&
      error.message ===
        "Cannot use --soul-url as it must be an http or https URL: current value is 'soul:8787'",
  );
  assert.throws(
    () =>
      resolveTargetSetting({
        useRealSoul: true,
        env: env({ SOUL_REAL_ENABLED: "true" }),
        flags: { SOUL_API_URL: "ftp://x" },
      }),
    /Cannot use SOUL_API_URL \(flags file\) as it must be an http or https URL/,
  );
  // A bad URL that is not about to be used does not stop a reference run.
  assert.deepEqual(
    resolveTargetSetting({ useRealSoul: false, env: env({ SOUL_API_URL: "nonsense" }) }),
    { kind: "reference" },
  );
});

Deno.test("resolveTargetSetting() picks http only with both the flag and the setting", () => {
  fc.assert(fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (useRealSoul, inEnv, inFile) => {
    const setting = resolveTargetSetting({
      useRealSoul,
      env: env(inEnv ? { SOUL_REAL_ENABLED: "true" } : {}),
      flags: inFile ? { SOUL_REAL_ENABLED: "true" } : {},
    });
    assert.equal(setting.kind === "http", useRealSoul && (inEnv || inFile));
    assert.equal(setting.url !== undefined, setting.kind === "http");
  }));
});

Deno.test("resolveSoulUrl() gives the configured URL even while the reference engine runs", () => {
  const env = (vars: Record<string, string>) => ({ get: (k: string) => vars[k] });
  assert.equal(resolveSoulUrl({ env: env({}) }), "http://127.0.0.1:8787");
  assert.equal(
    resolveSoulUrl({ env: env({ SOUL_API_URL: "http://127.0.0.1:9000/" }) }),
    "http://127.0.0.1:9000",
  );
  assert.equal(
    resolveSoulUrl({
      flagUrl: "http://127.0.0.1:7000",
      flags: { SOUL_API_URL: "http://127.0.0.1:8000" },
      env: env({ SOUL_API_URL: "http://127.0.0.1:9000" }),
    }),
    "http://127.0.0.1:7000",
  );
  assert.equal(
    resolveSoulUrl({
      flags: { SOUL_API_URL: "http://127.0.0.1:8000" },
      env: env({ SOUL_API_URL: "http://127.0.0.1:9000" }),
    }),
    "http://127.0.0.1:8000",
  );
});
