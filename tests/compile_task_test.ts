/**
 * `deno task compile` builds one binary per script with exactly the
 * permissions of the script's run task, Deno KV and Deno.cron enabled, into
 * dist/. `deno compile` fetches the Deno runtime from the internet, so these
 * tests read deno.json instead of running it.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";

const CONFIG_URL = new URL("../deno.json", import.meta.url);
const GITIGNORE_URL = new URL("../.gitignore", import.meta.url);

/** The binaries: run task name, entry script and output file. */
const BINARIES = [
  { task: "simulate", script: "simulate.ts", output: "dist/buddy-simulate" },
  { task: "visualize", script: "visualize.ts", output: "dist/buddy-visualize" },
  { task: "dashboard", script: "dashboard.ts", output: "dist/buddy-dashboard" },
] as const;

/** Long names of Deno's one-letter permission flags. */
const SHORT_PERMISSIONS: Readonly<Record<string, string>> = {
  "-A": "--allow-all",
  "-R": "--allow-read",
  "-W": "--allow-write",
  "-N": "--allow-net",
  "-E": "--allow-env",
  "-S": "--allow-sys",
  "-I": "--allow-import",
  "-P": "--permission-set",
};

/** Flags of `deno run` and `deno compile` whose value may be the next word. */
const VALUE_FLAGS = new Set([
  "-o",
  "--output",
  "--include",
  "--exclude",
  "--target",
  "--icon",
  "--app-name",
  "-c",
  "--config",
  "--import-map",
  "--lock",
  "--ext",
  "--engine",
  "--env-file",
  "--preload",
  "--require",
  "--conditions",
  "--seed",
  "--location",
]);

interface DenoCommand {
  /** `run` or `compile`. */
  subcommand: string;
  /** Every word between the subcommand and the entry script. */
  flags: string[];
  /** Value of `--output` / `-o`, when given. */
  output: string | undefined;
  /** The entry script. */
  script: string | undefined;
  /** Words after the script (arguments to the script). */
  rest: string[];
}

/** Splits a task line into words: spaces separate, quotes group. */
function splitWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    words.push(m[1] ?? m[2] ?? m[3] ?? "");
  }
  return words;
}

/** Reads `deno <subcommand> [flags] script [args]` out of one command line. */
function parseDenoCommand(line: string): DenoCommand {
  const words = splitWords(line);
  assert.equal(words[0], "deno", `'${line}' does not start with deno`);
  const subcommand = words[1] ?? "";
  const flags: string[] = [];
  let output: string | undefined;
  let i = 2;
  for (; i < words.length; i++) {
    const word = words[i] ?? "";
    if (!word.startsWith("-")) break;
    const [name, inline] = splitFlag(word);
    let value = inline;
    if (value === undefined && VALUE_FLAGS.has(name)) {
      i++;
      value = words[i];
      flags.push(`${name}=${value ?? ""}`);
    } else {
      flags.push(word);
    }
    if (name === "--output" || name === "-o") output = value;
  }
  return { subcommand, flags, output, script: words[i], rest: words.slice(i + 1) };
}

function splitFlag(word: string): [string, string | undefined] {
  const eq = word.indexOf("=");
  return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

/**
 * The permission flags among `flags`, normalised (long names, values as a
 * sorted set) and sorted: two commands grant the same exactly when these
 * lists are equal.
 */
function permissionFlags(flags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const flag of flags) {
    const [raw, value] = splitFlag(flag);
    const name = SHORT_PERMISSIONS[raw] ?? raw;
    if (!/^--(allow|deny|ignore)-[a-z-]+$|^--permission-set$/.test(name)) continue;
    if (name.startsWith("--allow-scripts")) continue; // npm lifecycle scripts, not a permission
    const values = value === undefined
      ? ""
      : `=${[...new Set(value.split(",").filter((v) => v !== ""))].sort().join(",")}`;
    out.add(`${name}${values}`);
  }
  return [...out].sort();
}

/** The `--unstable-*` feature names among `flags`. */
function unstableFeatures(flags: readonly string[]): string[] {
  return flags.filter((f) => f.startsWith("--unstable-")).map((f) => f.slice("--unstable-".length))
    .sort();
}

interface DenoConfig {
  tasks: Record<string, string | { command?: string }>;
  unstable?: string[];
  fmt?: { exclude?: string[] };
  lint?: { exclude?: string[] };
}

async function readConfig(): Promise<DenoConfig> {
  return JSON.parse(await Deno.readTextFile(CONFIG_URL)) as DenoConfig;
}

function taskLine(config: DenoConfig, name: string): string {
  const task = config.tasks[name];
  const line = typeof task === "string" ? task : task?.command;
  assert.ok(line !== undefined, `deno.json has no task '${name}'`);
  return line;
}

Deno.test("permissionFlags() reads long, short and comma-separated permission flags as sets", () => {
  assert.deepEqual(
    permissionFlags([
      "--allow-net=localhost,127.0.0.1",
      "-R=.",
      "--check",
      "--unstable-kv",
      "--allow-env=B,A,B",
      "--output=dist/x",
      "--deny-write=/etc",
    ]),
    [
      "--allow-env=A,B",
      "--allow-net=127.0.0.1,localhost",
      "--allow-read=.",
      "--deny-write=/etc",
    ],
  );
  assert.deepEqual(permissionFlags(["-A"]), ["--allow-all"]);
  assert.deepEqual(permissionFlags(["--allow-read"]), ["--allow-read"]);
});

Deno.test("permissionFlags() tells a widened or narrowed grant from the original", () => {
  const original = [
    "--allow-read=.",
    "--allow-write=.",
    "--allow-net=127.0.0.1,localhost",
    "--allow-env=SOUL_REAL_ENABLED,NO_COLOR",
  ];
  const changed = [
    [
      "--allow-read",
      "--allow-write=.",
      "--allow-net=127.0.0.1,localhost",
      "--allow-env=SOUL_REAL_ENABLED,NO_COLOR",
    ],
    [
      "--allow-read=.",
      "--allow-write=.",
      "--allow-net=127.0.0.1",
      "--allow-env=SOUL_REAL_ENABLED,NO_COLOR",
    ],
    [
      "--allow-read=.",
      "--allow-write=.",
      "--allow-net=127.0.0.1,localhost",
      "--allow-env=NO_COLOR",
    ],
    ["--allow-read=.", "--allow-net=127.0.0.1,localhost", "--allow-env=SOUL_REAL_ENABLED,NO_COLOR"],
    [...original, "--allow-sys"],
    [...original, "-A"],
  ];
  for (const flags of changed) {
    assert.notDeepEqual(permissionFlags(flags), permissionFlags(original), flags.join(" "));
  }
  // The order of flags and of values within a flag does not matter.
  fc.assert(
    fc.property(fc.shuffledSubarray(original, { minLength: 4, maxLength: 4 }), (shuffled) => {
      const reordered = shuffled.map((f) => {
        const [name, value] = splitFlag(f);
        return value === undefined ? f : `${name}=${value.split(",").reverse().join(",")}`;
      });
      assert.deepEqual(permissionFlags(reordered), permissionFlags(original));
    }),
  );
});

Deno.test("parseDenoCommand() finds the entry script after flags whose value is the next word", () => {
  const c = parseDenoCommand(
    "deno compile --allow-read=. -o dist/buddy-x --include lib/web x.ts --flag 1",
  );
  assert.equal(c.subcommand, "compile");
  assert.equal(c.output, "dist/buddy-x");
  assert.equal(c.script, "x.ts");
  assert.deepEqual(c.rest, ["--flag", "1"]);
  assert.deepEqual(c.flags, ["--allow-read=.", "-o=dist/buddy-x", "--include=lib/web"]);
});

for (const binary of BINARIES) {
  Deno.test(`compile:${binary.task} grants ${binary.output} exactly what the ${binary.task} task grants`, async () => {
    const config = await readConfig();
    const run = parseDenoCommand(taskLine(config, binary.task));
    const compile = parseDenoCommand(taskLine(config, `compile:${binary.task}`));
    assert.equal(run.subcommand, "run");
    assert.equal(compile.subcommand, "compile");
    assert.equal(run.script, binary.script);
    assert.equal(compile.script, binary.script);
    assert.equal(compile.output, binary.output);
    assert.deepEqual(compile.rest, [], "a compiled binary takes its arguments at run time");
    const granted = permissionFlags(run.flags);
    assert.ok(granted.length > 0, `the ${binary.task} task grants nothing`);
    assert.ok(!granted.includes("--allow-all"), `the ${binary.task} task grants everything`);
    assert.deepEqual(permissionFlags(compile.flags), granted);
  });

  Deno.test(`compile:${binary.task} bakes in every unstable feature of the config`, async () => {
    const config = await readConfig();
    const compile = parseDenoCommand(taskLine(config, `compile:${binary.task}`));
    const run = parseDenoCommand(taskLine(config, binary.task));
    const features = unstableFeatures(compile.flags);
    for (const feature of ["kv", "cron", ...(config.unstable ?? [])]) {
      assert.ok(features.includes(feature), `--unstable-${feature} is missing`);
    }
    for (const feature of unstableFeatures(run.flags)) {
      assert.ok(features.includes(feature), `--unstable-${feature} of the run task is missing`);
    }
  });
}

Deno.test("deno task compile builds every binary, one after the other, and stops at a failure", async () => {
  const config = await readConfig();
  const steps = taskLine(config, "compile").split("&&").map((s) => s.trim());
  assert.deepEqual(steps, BINARIES.map((b) => `deno task compile:${b.task}`));
});

Deno.test("dist/ is kept out of git, the formatter and the linter", async () => {
  const config = await readConfig();
  const ignored = (await Deno.readTextFile(GITIGNORE_URL)).split(/\r?\n/).map((l) => l.trim());
  assert.ok(ignored.includes("/dist/") || ignored.includes("dist/"), ".gitignore lacks dist/");
  assert.ok(config.fmt?.exclude?.includes("dist/"), "fmt.exclude lacks dist/");
  assert.ok(config.lint?.exclude?.includes("dist/"), "lint.exclude lacks dist/");
});
