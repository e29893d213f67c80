import assert from "node:assert/strict";
import { join } from "node:path";
import { readRulesFile } from "../lib/cli/read_rules_file.ts";
import { DEFAULT_RULES, RulesError } from "../lib/alerts/rules.ts";
import { InputError } from "../lib/model/input_error.ts";

Deno.test("readRulesFile() applies a rules file to the default rules", async () => {
  const dir = await Deno.makeTempDir({ prefix: "read_rules_" });
  try {
    const path = join(dir, "rules.json");
    await Deno.writeTextFile(path, '{"rules": [{"id": "high_error_rate", "threshold": 2}]}');
    const rules = await readRulesFile(path);
    assert.equal(rules.length, DEFAULT_RULES.length);
    assert.equal(rules.find((r) => r.id === "high_error_rate")?.threshold, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readRulesFile() names a missing or unusable file in one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "read_rules_" });
  try {
    const missing = join(dir, "missing.json");
    await assert.rejects(readRulesFile(missing), (e: unknown) => {
      assert.ok(e instanceof RulesError && e instanceof InputError);
      assert.equal(e.message, `Cannot read rules file '${missing}': file not found`);
      return true;
    });
    await assert.rejects(readRulesFile(dir), (e: unknown) => {
      assert.ok(e instanceof RulesError);
      assert.match(e.message, /^Cannot read rules file '.*': \S/);
      assert.ok(!e.message.includes("\n"));
      return true;
    });
    const bad = join(dir, "bad.json");
    await Deno.writeTextFile(bad, '{"rules": 3}');
    await assert.rejects(
      readRulesFile(bad),
      new RulesError(`Cannot read rules file '${bad}' as 'rules' must be a list`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
