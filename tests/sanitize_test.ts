import assert from "node:assert/strict";
import fc from "fast-check";
import { escapeHtml, safeText } from "../lib/fmt/sanitize.ts";

Deno.test("safeText() makes escape sequences, bidi and zero-width characters visible", () => {
  assert.equal(safeText("a\x1b[2Jb"), "a<U+001B>[2Jb");
  assert.equal(safeText("\x1b]8;;http://x\x07link"), "<U+001B>]8;;http://x<U+0007>link");
  assert.equal(safeText("abc\u202Edef"), "abc<U+202E>def");
  assert.equal(safeText("zero\u200Bwidth\uFEFF"), "zero<U+200B>width<U+FEFF>");
  assert.equal(safeText("line\nnext\ttab\r"), "line\\nnext\\ttab\\r");
  assert.equal(safeText("c1\u009b31m"), "c1<U+009B>31m");
});

Deno.test("safeText() replaces lone surrogates and keeps real emoji", () => {
  assert.equal(safeText("x\uD800y"), "x\uFFFDy");
  assert.equal(safeText("👩‍💻"), "👩<U+200D>💻");
  assert.equal(safeText("héllo 日本"), "héllo 日本");
});

Deno.test("safeText() cuts long text with a marker counting what was cut", () => {
  assert.equal(safeText("x".repeat(210), { maxLength: 200 }), `${"x".repeat(200)}…[+10 chars]`);
  assert.equal(safeText("short", { maxLength: 200 }), "short");
});

Deno.test("safeText() output never holds a control or bidi character", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
      const out = safeText(s, { maxLength: 1000 });
      // deno-lint-ignore no-control-regex
      assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
      assert.ok(out.isWellFormed());
    }),
  );
});

Deno.test("escapeHtml() escapes markup so it renders as text", () => {
  assert.equal(
    escapeHtml(`<img src=x onerror=alert(1)> & "q" 'a'`),
    "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;",
  );
});
