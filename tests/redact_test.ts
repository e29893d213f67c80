import assert from "node:assert/strict";
import fc from "fast-check";
import { createRedactor, REDACTED } from "../lib/soul/redact.ts";

Deno.test("createRedactor() hides each secret, its URL-encoded and JSON-escaped forms", () => {
  const redact = createRedactor(['sk-"live"/key+1']);
  assert.equal(redact('raw sk-"live"/key+1'), `raw ${REDACTED}`);
  assert.equal(redact(`url ${encodeURIComponent('sk-"live"/key+1')}`), `url ${REDACTED}`);
  assert.equal(redact(JSON.stringify({ k: 'sk-"live"/key+1' })), `{"k":"${REDACTED}"}`);
});

Deno.test("createRedactor() ignores values too short to be secrets", () => {
  assert.equal(createRedactor(["abc", ""])("abc def"), "abc def");
});

Deno.test("createRedactor() leaves no secret in any text", () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 4 }),
      fc.string(),
      fc.string(),
      (secret, before, after) => {
        fc.pre(!REDACTED.includes(secret) && !secret.includes("*"));
        const out = createRedactor([secret])(`${before}${secret}${after}${secret}`);
        assert.equal(out.includes(secret), false);
      },
    ),
  );
});
