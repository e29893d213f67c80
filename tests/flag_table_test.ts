import assert from "node:assert/strict";
import { defaultValue, flagLabel, type FlagSpec, formatFlagHelp } from "../lib/cli/flag_table.ts";
import { parseFlags } from "../lib/cli/parse_flags.ts";
import { UsageError } from "../lib/cli/usage_error.ts";

const TABLE = [
  { name: "count", value: "N", default: "3", help: "How many", section: "Run:" },
  {
    name: "every",
    value: "D",
    default: "10s",
    help: "Repeat every D {default},\nunless stopped",
    section: "Run:",
  },
  { name: "seed", value: "N", default: "random", described: true, help: "Seed" },
  { name: "tag", value: "NAME", multiple: true, help: "A tag; repeat it" },
  { name: "a-rather-long-flag", value: "[HOST:]PORT", help: "Serve\nthere" },
  { name: "quiet", help: "Say nothing" },
  { name: "help", short: "h", help: "Show this help", section: "" },
] as const satisfies readonly FlagSpec[];

Deno.test("flagLabel() names the flag with its value or its short form", () => {
  assert.deepEqual(TABLE.map(flagLabel), [
    "--count N",
    "--every D",
    "--seed N",
    "--tag NAME",
    "--a-rather-long-flag [HOST:]PORT",
    "--quiet",
    "-h, --help",
  ]);
});

Deno.test("formatFlagHelp() lays out sections, defaults and long labels", () => {
  assert.equal(
    formatFlagHelp(TABLE, { width: 12 }),
    [
      "Run:",
      "  --count N   How many (default: 3)",
      "  --every D   Repeat every D (default: 10s),",
      "              unless stopped",
      "",
      "Options:",
      "  --seed N    Seed (default: random)",
      "  --tag NAME  A tag; repeat it",
      "  --a-rather-long-flag [HOST:]PORT",
      "              Serve",
      "              there",
      "  --quiet     Say nothing",
      "",
      "  -h, --help  Show this help",
    ].join("\n"),
  );
});

Deno.test("formatFlagHelp() refuses a table whose section is split", () => {
  const split = [
    { name: "a", help: "A", section: "One:" },
    { name: "b", help: "B", section: "Two:" },
    { name: "c", help: "C", section: "One:" },
  ] as const satisfies readonly FlagSpec[];
  assert.throws(() => formatFlagHelp(split), /Section 'One:' of the flag table is split/);
});

Deno.test("defaultValue() gives a value default and refuses a described or missing one", () => {
  assert.equal(defaultValue(TABLE, "count"), "3");
  assert.throws(() => defaultValue(TABLE, "seed"), /'--seed' has no default value/);
  assert.throws(() => defaultValue(TABLE, "tag"), /'--tag' has no default value/);
});

Deno.test("parseFlags() reads values, repeats, booleans and the table's defaults", () => {
  const flags = parseFlags(["--count", "7", "--tag", "a", "--tag=b", "-h"], TABLE);
  assert.deepEqual(
    [flags.string("count"), flags.value("count"), flags.value("every"), flags.strings("tag")],
    ["7", "7", "10s", ["a", "b"]],
  );
  assert.deepEqual([flags.boolean("help"), flags.boolean("quiet")], [true, false]);
  assert.deepEqual([flags.has("count"), flags.has("every")], [true, false]);
  assert.equal(parseFlags(["--count", "-2"], TABLE).string("count"), "-2");
});

Deno.test("parseFlags() suggests the nearest flag for a typo", () => {
  assert.throws(() => parseFlags(["--cuont", "2"], TABLE), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.message, "Unknown flag '--cuont'");
    assert.equal(e.hint, "did you mean '--count'?");
    return true;
  });
  assert.throws(() => parseFlags(["--nothing-like-it"], TABLE), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.hint, null);
    return true;
  });
});

Deno.test("parseFlags() accepts positionals only when asked", () => {
  assert.throws(
    () => parseFlags(["x.json"], TABLE),
    new UsageError("Unexpected argument 'x.json'"),
  );
  assert.deepEqual(parseFlags(["x.json"], TABLE, { positionals: true }).positionals, ["x.json"]);
});
