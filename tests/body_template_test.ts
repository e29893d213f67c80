import assert from "node:assert/strict";
import fc from "fast-check";
import { compileBodyTemplate } from "../lib/soul/body_template.ts";
import { FieldError } from "../lib/soul/_field_error.ts";

Deno.test("compileBodyTemplate() inserts any input and id as valid JSON strings", () => {
  const template = compileBodyTemplate({
    messages: [{ role: "user", content: "Q: {{input}} ({{id}})" }],
    meta: { id: "{{id}}", n: 3, ok: true },
  });
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), fc.string(), (input, id) => {
      const parsed = JSON.parse(template.render(id, input));
      assert.deepEqual(parsed, {
        messages: [{ role: "user", content: `Q: ${input} (${id})` }],
        meta: { id, n: 3, ok: true },
      });
    }),
  );
});

Deno.test("compileBodyTemplate() escapes quotes, backslashes, newlines and control characters", () => {
  const template = compileBodyTemplate({ input: "{{input}}" });
  assert.equal(template.render("r", 'a"b\\c\nd\u0000'), '{"input":"a\\"b\\\\c\\nd\\u0000"}');
});

Deno.test("compileBodyTemplate() fills fixed placeholders once and keeps unknown ones", () => {
  const template = compileBodyTemplate(
    { model: "{{model}}", other: "{{other}}", input: "{{input}}" },
    { model: "m-1" },
  );
  assert.equal(template.render("r", "x"), '{"model":"m-1","other":"{{other}}","input":"x"}');
});

Deno.test("compileBodyTemplate() refuses a template without {{input}}", () => {
  assert.throws(
    () => compileBodyTemplate({ id: "{{id}}" }),
    (error: Error) =>
      error instanceof FieldError &&
      error.message ===
        '\'body\' must hold {{input}} in one of its strings: current value is {"id":"{{id}}"}',
  );
  assert.throws(() => compileBodyTemplate(undefined), FieldError);
});
