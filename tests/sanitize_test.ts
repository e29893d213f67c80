import assert from "node:assert/strict";
import fc from "fast-check";
import { escapeHtml, safeText } from "../lib/fmt/sanitize.ts";

/**
 * Every class of character the sanitiser must make visible, written out here
 * rather than taken from the module, as inclusive code point ranges.
 */
const UNSAFE_CLASSES: Record<string, readonly (readonly [number, number])[]> = {
  "C0 controls": [[0x00, 0x08], [0x0b, 0x0c], [0x0e, 0x1f]],
  "DEL": [[0x7f, 0x7f]],
  "C1 controls": [[0x80, 0x9f]],
  "bidi embeddings (LRE, RLE, PDF)": [[0x202a, 0x202c]],
  "bidi overrides (LRO, RLO)": [[0x202d, 0x202e]],
  "bidi isolates (LRI, RLI, FSI, PDI)": [[0x2066, 0x2069]],
  "bidi marks (ALM, LRM, RLM)": [[0x061c, 0x061c], [0x200e, 0x200f]],
  "zero-width (ZWSP, ZWNJ, ZWJ, WJ, BOM)": [[0x200b, 0x200d], [0x2060, 0x2060], [0xfeff, 0xfeff]],
  "line and paragraph separators": [[0x2028, 0x2029]],
  "invisible operators (and the unassigned U+2065)": [[0x2061, 0x2065]],
  "interlinear annotations": [[0xfff9, 0xfffb]],
};

/** Tab, line feed and carriage return, shown as their escapes rather than as marks. */
const ESCAPED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function codePoints(ranges: readonly (readonly [number, number])[]): number[] {
  return ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
}

const UNSAFE_POINTS = Object.values(UNSAFE_CLASSES).flatMap(codePoints);
const UNSAFE_CHARS = [
  ...UNSAFE_POINTS.map((p) => String.fromCodePoint(p)),
  ...Object.keys(ESCAPED),
];
const LONE_SURROGATES = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

/** The visible mark of one code point, e.g. `<U+2066>`. */
function mark(point: number): string {
  return `<U+${point.toString(16).toUpperCase().padStart(4, "0")}>`;
}

/** Matches any character that must never reach a terminal or a page as it is. */
const UNSAFE_PATTERN = new RegExp(
  `[${UNSAFE_CHARS.map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join("")}]`,
  "u",
);

Deno.test("safeText() makes escape sequences, bidi and zero-width characters visible", () => {
  assert.equal(safeText("a\x1b[2Jb"), "a<U+001B>[2Jb");
  assert.equal(safeText("\x1b]8;;http://x\x07link"), "<U+001B>]8;;http://x<U+0007>link");
  assert.equal(safeText("abc\u202Edef"), "abc<U+202E>def");
  assert.equal(safeText("zero\u200Bwidth\uFEFF"), "zero<U+200B>width<U+FEFF>");
  assert.equal(safeText("line\nnext\ttab\r"), "line\\nnext\\ttab\\r");
  assert.equal(safeText("c1\u009b31m"), "c1<U+009B>31m");
});

Deno.test("safeText() marks one fixed example of every unsafe character class", () => {
  const examples: [string, string, string][] = [
    ["C0: NUL", "a\u0000b", "a<U+0000>b"],
    ["C0: BEL", "a\u0007b", "a<U+0007>b"],
    ["C0: backspace", "a\u0008b", "a<U+0008>b"],
    ["C0: unit separator", "a\u001Fb", "a<U+001F>b"],
    ["DEL", "a\u007Fb", "a<U+007F>b"],
    ["C1: PAD", "a\u0080b", "a<U+0080>b"],
    ["C1: NEL", "a\u0085b", "a<U+0085>b"],
    ["C1: APC", "a\u009Fb", "a<U+009F>b"],
    ["ESC: CSI erase screen", "\u001B[2J", "<U+001B>[2J"],
    ["ESC: CSI colour", "\u001B[31mred\u001B[0m", "<U+001B>[31mred<U+001B>[0m"],
    ["ESC: OSC title ended by BEL", "\u001B]0;pwned\u0007", "<U+001B>]0;pwned<U+0007>"],
    ["ESC: OSC ended by ST", "\u001B]8;;x\u001B\\", "<U+001B>]8;;x<U+001B>\\"],
    ["ESC: 8-bit CSI", "\u009B31m", "<U+009B>31m"],
    ["bidi embedding: LRE", "a\u202Ab", "a<U+202A>b"],
    ["bidi embedding: RLE", "a\u202Bb", "a<U+202B>b"],
    ["bidi embedding: PDF", "a\u202Cb", "a<U+202C>b"],
    ["bidi override: LRO", "a\u202Db", "a<U+202D>b"],
    ["bidi override: RLO", "safe\u202Etxt.exe", "safe<U+202E>txt.exe"],
    ["bidi isolate: LRI", "a\u2066b", "a<U+2066>b"],
    ["bidi isolate: RLI", "a\u2067b", "a<U+2067>b"],
    ["bidi isolate: FSI", "a\u2068b", "a<U+2068>b"],
    ["bidi isolate: PDI", "a\u2069b", "a<U+2069>b"],
    [
      "Trojan Source: an isolate hiding the end of a comment",
      "/*\u202E } \u2066if (admin)\u2069 \u2066 begin",
      "/*<U+202E> } <U+2066>if (admin)<U+2069> <U+2066> begin",
    ],
    ["bidi mark: ALM", "a\u061Cb", "a<U+061C>b"],
    ["bidi mark: LRM", "a\u200Eb", "a<U+200E>b"],
    ["bidi mark: RLM", "a\u200Fb", "a<U+200F>b"],
    ["zero-width space", "a\u200Bb", "a<U+200B>b"],
    ["zero-width non-joiner", "a\u200Cb", "a<U+200C>b"],
    ["zero-width joiner", "a\u200Db", "a<U+200D>b"],
    ["word joiner", "a\u2060b", "a<U+2060>b"],
    ["zero-width no-break space (BOM)", "\uFEFFa", "<U+FEFF>a"],
    ["line separator", "a\u2028b", "a<U+2028>b"],
    ["paragraph separator", "a\u2029b", "a<U+2029>b"],
    ["interlinear annotation anchor", "a\uFFF9b", "a<U+FFF9>b"],
  ];
  for (const [name, input, expected] of examples) assert.equal(safeText(input), expected, name);
});

Deno.test("safeText() marks every code point of every unsafe class", () => {
  for (const [name, ranges] of Object.entries(UNSAFE_CLASSES)) {
    for (const point of codePoints(ranges)) {
      const ch = String.fromCodePoint(point);
      assert.equal(safeText(`x${ch}y`), `x${mark(point)}y`, `${name}: U+${point.toString(16)}`);
    }
  }
  for (const [ch, escape] of Object.entries(ESCAPED)) {
    assert.equal(safeText(`x${ch}y`), `x${escape}y`);
  }
});

Deno.test("safeText() keeps the ordinary characters on either side of each unsafe range", () => {
  for (
    const point of [
      0x20,
      0x7e,
      0xa0,
      0x061b,
      0x061d,
      0x200a,
      0x2010,
      0x2027,
      0x202f,
      0x205f,
      0x206a,
      0xfefe,
      0xfff8,
      0xfffc,
      0xfffd,
    ]
  ) {
    const ch = String.fromCodePoint(point);
    assert.equal(safeText(`x${ch}y`), `x${ch}y`, `U+${point.toString(16)}`);
  }
});

Deno.test("safeText() replaces lone surrogates and keeps real emoji", () => {
  assert.equal(safeText("x\uD800y"), "x\uFFFDy");
  assert.equal(safeText("👩‍💻"), "👩<U+200D>💻");
  assert.equal(safeText("héllo 日本"), "héllo 日本");
});

Deno.test("safeText() replaces every kind of lone surrogate with U+FFFD", () => {
  assert.equal(safeText("a\uD800b"), "a\uFFFDb", "lone high surrogate, first of its range");
  assert.equal(safeText("a\uDBFFb"), "a\uFFFDb", "lone high surrogate, last of its range");
  assert.equal(safeText("a\uDC00b"), "a\uFFFDb", "lone low surrogate, first of its range");
  assert.equal(safeText("a\uDFFFb"), "a\uFFFDb", "lone low surrogate, last of its range");
  assert.equal(safeText("end\uD83D"), "end\uFFFD", "high surrogate cut off at the end");
  assert.equal(safeText("\uDE00start"), "\uFFFDstart", "low surrogate at the start");
  assert.equal(safeText("\uDE00\uD83D"), "\uFFFD\uFFFD", "a pair in the wrong order");
  assert.equal(safeText("\uD83D\uDE00"), "😀", "a real pair is kept");
});

Deno.test("safeText() cuts long text with a marker counting what was cut", () => {
  assert.equal(safeText("x".repeat(210), { maxLength: 200 }), `${"x".repeat(200)}…[+10 chars]`);
  assert.equal(safeText("short", { maxLength: 200 }), "short");
});

/**
 * One unit of hostile text: mostly an unsafe character or a lone surrogate,
 * else any code point, so that every class turns up in a short run.
 */
const hostileUnit = fc.oneof(
  { arbitrary: fc.constantFrom(...UNSAFE_CHARS), weight: 3 },
  { arbitrary: fc.constantFrom(...LONE_SURROGATES), weight: 1 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 2 },
);
const hostileText = fc.string({ unit: hostileUnit, maxLength: 300 });

Deno.test("the hostile text generator reaches every unsafe class and lone surrogates", () => {
  const seen = fc.sample(hostileText, { numRuns: 100, seed: 1 }).join("");
  for (const [name, ranges] of Object.entries(UNSAFE_CLASSES)) {
    const points = new Set(codePoints(ranges));
    assert.ok([...seen].some((ch) => points.has(ch.codePointAt(0)!)), `${name} never generated`);
  }
  assert.ok(!seen.isWellFormed(), "no lone surrogate generated");
});

Deno.test("safeText() output never holds a control, bidi or zero-width character", () => {
  fc.assert(
    fc.property(fc.oneof(hostileText, fc.string({ unit: "binary", maxLength: 300 })), (s) => {
      const out = safeText(s, { maxLength: 1000 });
      assert.doesNotMatch(out, UNSAFE_PATTERN);
      assert.ok(out.isWellFormed());
    }),
  );
});

Deno.test("safeText() output reads back to the input: each mark stands for its character", () => {
  // Without '<' and '\' in the input, every mark and escape in the output is one of safeText's.
  const plain = fc.constantFrom("a", "Z", "0", " ", "U", "+", ">", "é", "日", "😀");
  const text = fc.string({ unit: fc.oneof(hostileUnit, plain), maxLength: 300 })
    .filter((s) => !s.includes("<") && !s.includes("\\"));
  const unescape: Record<string, string> = Object.fromEntries(
    Object.entries(ESCAPED).map(([ch, escape]) => [escape, ch]),
  );
  fc.assert(
    fc.property(text, (s) => {
      const out = safeText(s, { maxLength: 1000 });
      const back = out
        .replace(
          /<U\+([0-9A-F]{4,6})>/g,
          (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)),
        )
        .replace(/\\[ntr]/g, (escape) => unescape[escape]!);
      assert.equal(back, s.toWellFormed());
    }),
  );
});

Deno.test("escapeHtml() escapes markup so it renders as text", () => {
  assert.equal(
    escapeHtml(`<img src=x onerror=alert(1)> & "q" 'a'`),
    "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;",
  );
});
