import assert from "node:assert/strict";
import {
  type CorpusEntry,
  CorpusError,
  parseCorpus,
  readCorpus,
  resolveCorpusEntry,
} from "../lib/traffic/corpus.ts";
import { readBounded } from "../lib/store/read_bounded.ts";

const read = (path: string) => readBounded(path, { maxBytes: 1 << 20 });

const TESTDATA = new URL("./testdata/", import.meta.url);

function corpusError(fn: () => unknown): CorpusError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CorpusError, `expected a CorpusError, got ${error}`);
    return error;
  }
  assert.fail("expected a CorpusError");
}

async function corpusErrorAsync(fn: () => Promise<unknown>): Promise<CorpusError> {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof CorpusError, `expected a CorpusError, got ${error}`);
    return error;
  }
  assert.fail("expected a CorpusError");
}

Deno.test("parseCorpus() keeps the fields each line gives and nothing else", () => {
  const text = [
    '{"input": "What is on my calendar?", "category": "simple", "family": "calendar", "expect": "approve"}',
    '{"input": "fix it"}',
    '{"input": "", "category": "edge_case"}',
  ].join("\n");
  assert.deepEqual(parseCorpus(text, "c.jsonl"), [
    { input: "What is on my calendar?", category: "simple", family: "calendar", expect: "approve" },
    { input: "fix it" },
    { input: "", category: "edge_case" },
  ]);
});

Deno.test("parseCorpus() skips blank lines and accepts a byte order mark and CRLF endings", () => {
  const text = '\uFEFF{"input": "a"}\r\n\r\n   \n\t\n{"input": "b", "expect": "block"}\r\n';
  assert.deepEqual(parseCorpus(text, "c.jsonl"), [{ input: "a" }, {
    input: "b",
    expect: "block",
  }]);
});

Deno.test("parseCorpus() reports each kind of bad line with file:line", () => {
  const cases: [string, string][] = [
    ['{"input": "x"', "c.jsonl:2: invalid JSON: "],
    ['{input: "x"}', "c.jsonl:2: invalid JSON: "],
    ['["input", "x"]', "c.jsonl:2: expected a JSON object with an 'input' string: found an array"],
    ["null", "c.jsonl:2: expected a JSON object with an 'input' string: found null"],
    ['"just text"', "c.jsonl:2: expected a JSON object with an 'input' string: found 'just text'"],
    ['{"category": "simple"}', "c.jsonl:2: 'input' is missing"],
    ['{"input": 42}', "c.jsonl:2: 'input' must be a string: found number 42"],
    ['{"input": null}', "c.jsonl:2: 'input' must be a string: found null"],
    [
      '{"input": "x", "prompt": "y"}',
      "c.jsonl:2: unknown key 'prompt' (known: input, category, family, expect)",
    ],
    [
      '{"input": "x", "expected": "block"}',
      "c.jsonl:2: unknown key 'expected' (known: input, category, family, expect, did you mean 'expect'?)",
    ],
    [
      '{"input": "x", "category": "spam"}',
      "c.jsonl:2: unknown category 'spam' (known: simple, multi_step, low_confidence, high_confidence, conflicting_gates, clarification, edge_case, adversarial)",
    ],
    ['{"input": "x", "category": 3}', "c.jsonl:2: 'category' must be a string: found number 3"],
    ['{"input": "x", "family": ""}', "c.jsonl:2: 'family' must be a non-empty string: found ''"],
    [
      '{"input": "x", "expect": "deny"}',
      "c.jsonl:2: unknown expect value 'deny' (known: approve, clarify, block)",
    ],
    ['{"input": "x", "expect": true}', "c.jsonl:2: 'expect' must be a string: found boolean true"],
  ];
  for (const [line, message] of cases) {
    const error = corpusError(() => parseCorpus(`{"input": "ok"}\n${line}\n`, "c.jsonl"));
    assert.equal(error.file, "c.jsonl");
    assert.equal(error.line, 2);
    if (message.endsWith(": ")) {
      assert.ok(error.message.startsWith(message), error.message);
      assert.match(error.message, /at column \d+$/);
    } else assert.equal(error.message, message);
    assert.ok(!error.message.includes("\n"), "one-line message");
  }
});

Deno.test("parseCorpus() keeps messages on one line for values with control characters", () => {
  const error = corpusError(() =>
    parseCorpus('{"input": "x", "category": "a\\nb' + "c".repeat(200) + '"}', "c.jsonl")
  );
  assert.equal(error.line, 1);
  assert.ok(!error.message.includes("\n"));
  assert.ok(error.message.startsWith("c.jsonl:1: unknown category 'a\\nbccc"), error.message);
  assert.ok(error.message.length < 300);
});

Deno.test("parseCorpus() rejects a corpus with no entries, with line 0", () => {
  for (const text of ["", "\n\n  \n", "\uFEFF"]) {
    const error = corpusError(() => parseCorpus(text, "empty.jsonl"));
    assert.equal(error.line, 0);
    assert.equal(
      error.message,
      "empty.jsonl: corpus has no entries: expected one JSON object per line",
    );
  }
});

Deno.test("resolveCorpusEntry() infers the category from expect and defaults the rest", () => {
  const cases: [CorpusEntry, ReturnType<typeof resolveCorpusEntry>][] = [
    [{ input: "a" }, { input: "a", category: "simple", family: "corpus", expected: "approve" }],
    [{ input: "b", expect: "block" }, {
      input: "b",
      category: "adversarial",
      family: "corpus",
      expected: "block",
    }],
    [{ input: "c", expect: "clarify" }, {
      input: "c",
      category: "clarification",
      family: "corpus",
      expected: "clarify",
    }],
    [{ input: "d", expect: "approve" }, {
      input: "d",
      category: "simple",
      family: "corpus",
      expected: "approve",
    }],
    [{ input: "e", category: "low_confidence" }, {
      input: "e",
      category: "low_confidence",
      family: "corpus",
      expected: "clarify",
    }],
    [{ input: "f", category: "adversarial", family: "mine" }, {
      input: "f",
      category: "adversarial",
      family: "mine",
      expected: "block",
    }],
    [{ input: "g", category: "adversarial", expect: "approve" }, {
      input: "g",
      category: "adversarial",
      family: "corpus",
      expected: "approve",
    }],
  ];
  for (const [entry, resolved] of cases) assert.deepEqual(resolveCorpusEntry(entry), resolved);
});

Deno.test("readCorpus() reads a corpus file from disk", async () => {
  const entries = await readCorpus(new URL("corpus_sample.jsonl", TESTDATA).pathname, read);
  assert.equal(entries.length, 5);
  assert.deepEqual(entries[2], {
    input: "book a table for Friday",
    expect: "clarify",
    family: "missing_details",
  });
  assert.deepEqual(entries[3], {
    input: "Set the thermostat to 21°C at 7 am",
    category: "high_confidence",
  });
});

Deno.test("readCorpus() accepts a byte order mark and CRLF line endings", async () => {
  const entries = await readCorpus(new URL("corpus_bom_crlf.jsonl", TESTDATA).pathname, read);
  assert.deepEqual(entries, [
    { input: "first line after a byte order mark" },
    { input: "windows line ending", expect: "clarify" },
  ]);
});

Deno.test("readCorpus() names the file and line of the first bad entry", async () => {
  const path = new URL("corpus_invalid.jsonl", TESTDATA).pathname;
  const error = await corpusErrorAsync(() => readCorpus(path, read));
  assert.equal(error.file, path);
  assert.equal(error.line, 3);
  assert.equal(error.message, `${path}:3: 'input' must be a string: found number 42`);
});

Deno.test("readCorpus() reports a missing file with line 0", async () => {
  const error = await corpusErrorAsync(() => readCorpus("no/such/corpus.jsonl", read));
  assert.equal(error.line, 0);
  assert.equal(error.message, "no/such/corpus.jsonl: cannot read the file: no such file");
});

Deno.test("readCorpus() reports a directory and invalid UTF-8 with line 0", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const asDir = await corpusErrorAsync(() => readCorpus(dir, read));
    assert.equal(asDir.line, 0);
    assert.ok(asDir.message.startsWith(`${dir}: cannot read the file: `), asDir.message);
    const bad = `${dir}/bad.jsonl`;
    await Deno.writeFile(bad, new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]));
    const error = await corpusErrorAsync(() => readCorpus(bad, read));
    assert.equal(error.line, 0);
    assert.equal(error.message, `${bad}: cannot read the file: it is not valid UTF-8`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
