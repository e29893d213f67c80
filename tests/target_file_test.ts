/**
 * Reading target files: presets and overrides, YAML, header secrets from the
 * environment and files, and one line naming the field and the value found
 * for every mistake, never echoing a secret.
 */
import assert from "node:assert/strict";
import { InputError } from "../lib/model/input_error.ts";
import {
  checkNetGrant,
  DEFAULT_MAX_RESPONSE_BYTES,
  parseTargetFile,
} from "../lib/soul/target_file.ts";
import { PRESET_NAMES, PRESETS } from "../lib/soul/target_presets.ts";
import { definitionOf, fileContext } from "./_api_servers.ts";

function fails(fields: unknown, message: string | RegExp, context = fileContext()): InputError {
  const text = typeof fields === "string" ? fields : JSON.stringify(fields);
  try {
    parseTargetFile(text, "target.json", context);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.message.includes("\n"), false);
    if (typeof message === "string") assert.equal(error.message, message);
    else assert.match(error.message, message);
    return error;
  }
  throw new Error("expected an InputError");
}

Deno.test("a target file without a preset is the soul contract at the default address", () => {
  const definition = definitionOf({});
  assert.equal(definition.preset, "soul");
  assert.equal(definition.url.href, "http://127.0.0.1:8787/v1/evaluate");
  assert.equal(definition.method, "POST");
  assert.equal(definition.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
  assert.equal(definition.transport, "fast");
  assert.equal(definition.timeoutMs, null);
  assert.equal(definition.body.render("r-1", "hi"), '{"id":"r-1","input":"hi"}');
});

Deno.test("every preset reads on its own and names an https or loopback endpoint", () => {
  for (const name of PRESET_NAMES) {
    const definition = definitionOf({ preset: name });
    assert.equal(definition.preset, name);
    assert.equal(definition.url.href, PRESETS[name].fields.url);
    assert.ok(definition.body.render("r", "x").includes('"x"'), name);
  }
});

Deno.test("fields override the preset's, and response fields override one by one", () => {
  const definition = definitionOf({
    preset: "openai-moderation",
    url: "http://127.0.0.1:9/m",
    response: { defaults: { pre_validation: "failed" } },
  });
  assert.equal(definition.url.href, "http://127.0.0.1:9/m");
  assert.deepEqual(Object.keys(definition.response.fields).sort(), ["blocked", "confidence"]);
  assert.equal(definition.response.defaults.pre_validation, "failed");
});

Deno.test("a YAML target file reads like its JSON twin", () => {
  const yaml = [
    "preset: openai-chat",
    "url: http://127.0.0.1:9/v1/chat/completions",
    "model: tiny",
    "headers:",
    "  Authorization: Bearer ${KEY}",
    "timeout_ms: 2000",
  ].join("\n");
  const definition = parseTargetFile(yaml, "target.yaml", fileContext({ KEY: "k-123456" }));
  assert.deepEqual(definition.headers, [["Authorization", "Bearer k-123456"]]);
  assert.equal(definition.timeoutMs, 2000);
  assert.match(definition.body.render("r", "x"), /"model":"tiny"/);
});

Deno.test("a header value can come from a file, and every secret is redacted", () => {
  const definition = definitionOf(
    { headers: { Authorization: "Bearer ${file:key.txt}", "X-Other": "${OTHER}" } },
    fileContext({ OTHER: "other-secret" }, { "key.txt": "file-secret\n" }),
  );
  assert.deepEqual(definition.headers, [
    ["Authorization", "Bearer file-secret"],
    ["X-Other", "other-secret"],
  ]);
  assert.equal(definition.redact("a file-secret b other-secret"), "a *** b ***");
});

Deno.test("a header variable not granted names the exact --allow-env flag", () => {
  const error = fails(
    { headers: { Authorization: "Bearer ${OPENAI_API_KEY}" } },
    "Cannot use target file 'target.json' as header 'Authorization' needs ${OPENAI_API_KEY}, " +
      "and reading it is not permitted: add --allow-env=OPENAI_API_KEY",
    fileContext({}, {}, ["OPENAI_API_KEY"]),
  );
  assert.match(error.hint ?? "", /--allow-env=OPENAI_API_KEY/);
});

Deno.test("a header variable that is not set is named", () => {
  fails(
    { headers: { Authorization: "Bearer ${OPENAI_API_KEY}" } },
    "Cannot use target file 'target.json' as header 'Authorization' needs ${OPENAI_API_KEY}, which is not set",
  );
});

Deno.test("each mistake is one line naming the field and the value found", () => {
  const cases: [unknown, string][] = [
    ["{ nope", "Cannot use target file 'target.json' as it is not valid JSON: "],
    [[], "'the file' must be an object of fields: current value is []"],
    [
      { preset: "gpt" },
      "'preset' must be one of soul, openai-moderation, openai-chat, llama-guard: current value is \"gpt\"",
    ],
    [{ colour: 1 }, "'colour' is not a known field: expected one of preset, url, method"],
    [{ url: "ftp://x" }, "'url' must be an http or https URL: current value is \"ftp://x\""],
    [{ method: "GET" }, "'method' must be POST, PUT, PATCH: current value is \"GET\""],
    [
      { body: { text: "hello" } },
      '\'body\' must hold {{input}} in one of its strings: current value is {"text":"hello"}',
    ],
    [{ timeout_ms: 0 }, "'timeout_ms' must be an integer from 1 to 3600000: current value is 0"],
    [
      { max_response_bytes: "1MB" },
      "'max_response_bytes' must be an integer from 1 to 1073741824: current value is \"1MB\"",
    ],
    [{ transport: "h3" }, "'transport' must be fast or fetch: current value is \"h3\""],
    [
      { transport: "fast", http2: true },
      "'transport' must be fetch for a target that needs HTTP/2: current value is \"fast\"",
    ],
    [
      { headers: { "Bad Name": "x" } },
      "'headers' must have valid header names: current value is \"Bad Name\"",
    ],
    [{ headers: { Host: "x" } }, "'headers.Host' must be left to the transport"],
    [
      { headers: { A: "${1BAD}" } },
      "'headers.A' must reference variables as ${NAME} or files as ${file:PATH}",
    ],
    [
      { response: { blocked: 3 } },
      "'response.blocked' must be a dotted path or an object with 'path': current value is 3",
    ],
    [
      { response: { blocked: "a..b" } },
      "'response.blocked.path' must be a dotted path: current value is \"a..b\"",
    ],
    [
      { response: { confidence: { path: "s", reduce: "sum" } } },
      "'response.confidence.reduce' must be max, min or mean: current value is \"sum\"",
    ],
    [
      { response: { blocked: { path: "f", map: { yes: "maybe" } } } },
      "'response.blocked.map.yes' must be true or false: current value is \"maybe\"",
    ],
    [
      { response: { defaults: { confidence: 2 } } },
      "'response.defaults.confidence' must be a number in 0..1: current value is 2",
    ],
    [
      { response: { reply: "a", classify: "vibes" } },
      "'response.classify' must be chat or llama-guard: current value is \"vibes\"",
    ],
    [
      { response: { reply: "a", patterns: { refusal: ["("] } } },
      "'response.patterns.refusal.0' must be a regular expression: current value is \"(\"",
    ],
    [
      { ca_file: "missing.pem" },
      "'ca_file' must name a readable PEM file (it does not exist): current value is \"missing.pem\"",
    ],
    [{ cert_file: "c.pem" }, "'key_file' must come with its pair (cert_file and key_file)"],
  ];
  for (const [fields, expected] of cases) {
    const context = fileContext({}, { "c.pem": "PEM" });
    const text = typeof fields === "string" ? fields : JSON.stringify(fields);
    const error = fails(text, new RegExp(escape(expected)), context);
    assert.ok(error.message.startsWith("Cannot use target file 'target.json' as "), error.message);
  }
});

Deno.test("credentials in the URL are refused without being echoed", () => {
  const error = fails(
    { url: "https://user:hunter2-secret@api.example.com/v1" },
    "Cannot use target file 'target.json' as 'url' must carry no credentials (send them in 'headers' from the environment): current value is \"https://***:***@api.example.com/v1\"",
  );
  assert.equal(error.message.includes("hunter2"), false);
});

Deno.test("a remote target without its network grant names the exact --allow-net flag", () => {
  const definition = definitionOf({ preset: "openai-moderation" });
  assert.throws(
    () => checkNetGrant(definition, () => false),
    (error: Error) =>
      error instanceof InputError &&
      error.message ===
        "Cannot reach api.openai.com:443 for target file 'target.json' as network access to it is not permitted: add --allow-net=api.openai.com:443",
  );
  checkNetGrant(definition, (host) => host === "api.openai.com:443");
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
