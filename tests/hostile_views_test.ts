/**
 * Hostile strings pushed into every view: error samples and inputs of a
 * metrics file shown by visualize (text, --errors, --json, --html), the
 * dashboard (--once), the web dashboard's view model and Prometheus text; and
 * user files quoted by error messages (--flags, --rules, --corpus). No view
 * may show any of them raw.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeMetricsFile } from "../lib/store/metrics_file.ts";
import { buildWebView } from "../lib/view/web_view.ts";
import { renderPrometheus } from "../lib/server/prometheus.ts";
import { buildDocument } from "./_builders.ts";
import { errorSample } from "./_server_builders.ts";
import { runTask } from "./_tasks.ts";

/** Strings that would retitle, recolour, reorder or hide text if shown raw. */
export const HOSTILE_STRINGS: readonly string[] = [
  "\x1b]0;PWNED\x07",
  "\x1b[31mred\x1b[0m",
  "\x1b[2J\x1b[H",
  "\u009b31m",
  "abc\u202Efdp.exe",
  "zero\u200Bwidth\u200Cjoin\u200D",
  "\u2066isolate\u2069",
  "\u061Carabic mark",
  "nul\u0000byte",
  "del\u007f",
  "bell\u0007",
  "back\bspace",
  "line\u2028sep\u2029para",
  "\ufeffbom",
  "lone\ud800surrogate",
  "carriage\rreturn",
  "\u200Eltr\u200Frtl",
  "\u202Aembed\u202C",
  "\u0085next line",
  "vertical\u000btab",
  "form\ffeed",
  "\x1bP+q\x1b\\",
  "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07",
  "\u2060word joiner",
  "\ufff9anchor\ufffb",
];

// Allowed raw: line feed and tab (layout of multi-line outputs).
const RAW =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

function assertNoRaw(text: string, where: string): void {
  const match = RAW.exec(text);
  assert.equal(
    match,
    null,
    `${where} shows U+${match?.[0].codePointAt(0)?.toString(16)} raw at ${match?.index}`,
  );
}

function hostileDocument() {
  const doc = buildDocument({ reports: 4 });
  doc.errors = HOSTILE_STRINGS.map((h, i) =>
    errorSample(`failure ${h}`, new Date(Date.UTC(2026, 10, 25, 0, 0, i)).toISOString())
  );
  return doc;
}

Deno.test("hostile strings in error samples are shown raw by no view", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const doc = hostileDocument();
    await writeMetricsFile(join(dir, "m.json"), doc);
    const runs: Array<[string, string[]]> = [
      ["visualize", ["--file", "m.json"]],
      ["visualize", ["--file", "m.json", "--errors"]],
      ["visualize", ["--file", "m.json", "--all"]],
      ["visualize", ["--file", "m.json", "--json"]],
      ["visualize", ["--file", "m.json", "--html", "r.html"]],
      ["dashboard", ["--once", "--file", "m.json"]],
    ];
    let shown = 0;
    for (const [task, args] of runs) {
      const out = await runTask(task, args, { cwd: dir });
      const where = `${task} ${args.join(" ")}`;
      assert.ok(out.code === 0 || out.code === 1, `${where}: exit ${out.code}: ${out.stderr}`);
      assertNoRaw(out.stdout, `${where} stdout`);
      assertNoRaw(out.stderr, `${where} stderr`);
      if (out.stdout.includes("failure")) shown++;
      if (args.includes("--json")) JSON.parse(out.stdout);
    }
    assert.ok(shown >= 3, "the error samples are shown at all");
    assertNoRaw(await Deno.readTextFile(join(dir, "r.html")), "the HTML report");
    const web = buildWebView(doc, []);
    assert.equal(web.errors.length > 0, true);
    for (const e of web.errors) {
      assertNoRaw(e.message, "the web dashboard's error message");
      assertNoRaw(e.input_preview, "the web dashboard's input preview");
    }
    assertNoRaw(renderPrometheus(doc), "Prometheus text");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hostile strings in --flags, --rules and --corpus files reach no error message raw", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeMetricsFile(join(dir, "m.json"), buildDocument({ reports: 2 }));
    let refused = 0;
    for (const [i, h] of HOSTILE_STRINGS.entries()) {
      await Deno.writeTextFile(join(dir, `f${i}.flags`), `${h}\n`);
      await Deno.writeTextFile(
        join(dir, `r${i}.json`),
        `{"rules": [{"id": ${JSON.stringify(h)}}]}`,
      );
      await Deno.writeTextFile(
        join(dir, `c${i}.jsonl`),
        `${h}\n{"input": ${JSON.stringify(h)}, "category": ${JSON.stringify(h)}}\n`,
      );
      const runs: Array<[string, string[]]> = [
        ["simulate", ["--flags", `f${i}.flags`, "--max-requests", "1", "--file", "s.json"]],
        ["simulate", ["--corpus", `c${i}.jsonl`, "--max-requests", "1", "--file", "s.json"]],
        ["visualize", ["--file", "m.json", "--rules", `r${i}.json`]],
      ];
      for (const [task, args] of runs) {
        const out = await runTask(task, args, { cwd: dir });
        const where = `${task} ${args.join(" ")} with ${JSON.stringify(h)}`;
        assert.equal(out.code, 2, `${where}: ${out.stderr}`);
        assert.equal(out.stderr.split("\n").filter((l) => l.startsWith("error: ")).length, 1);
        assertNoRaw(out.stderr, where);
        refused++;
      }
    }
    assert.equal(refused, HOSTILE_STRINGS.length * 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
