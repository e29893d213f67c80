/**
 * Each command's page in docs/ lists every flag of the command's flag table
 * (the one that makes `--help`) with the default `--help` shows, in a table
 * under `## Flags`:
 *
 * | Flag               | Default   | What it does |
 * | ------------------ | --------- | ------------ |
 * | `--max-requests N` | `unlimited` | ...        |
 * | `-h, --help`       | none      | ...          |
 *
 * A page that does not exist yet is reported as an ignored test.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { flagLabel, type FlagSpec } from "../lib/cli/flag_table.ts";
import { DASHBOARD_FLAGS, DASHBOARD_HELP } from "../lib/dashboard/dashboard_options.ts";
import { MIGRATE_FLAGS, MIGRATE_HELP } from "../lib/migrate/migrate_options.ts";
import { HELP as SIMULATE_HELP, SIMULATE_FLAGS } from "../lib/simulate/simulate_options.ts";
import { RULES_FLAGS, RULES_HELP } from "../lib/rules/rules_options.ts";
import { SOUL_FLAGS, SOUL_HELP } from "../lib/soul_server/soul_options.ts";
import { VISUALIZE_FLAGS, VISUALIZE_HELP } from "../lib/visualize/visualize_options.ts";

const COMMANDS: [string, readonly FlagSpec[], string][] = [
  ["simulate", SIMULATE_FLAGS, SIMULATE_HELP],
  ["visualize", VISUALIZE_FLAGS, VISUALIZE_HELP],
  ["dashboard", DASHBOARD_FLAGS, DASHBOARD_HELP],
  ["migrate", MIGRATE_FLAGS, MIGRATE_HELP],
  ["rules", RULES_FLAGS, RULES_HELP],
  ["soul", SOUL_FLAGS, SOUL_HELP],
];

const HEADER = ["Flag", "Default", "What it does"];

/** One row of a page's flag table. */
interface DocRow {
  /** The flag's long name, without dashes. */
  name: string;
  /** What the Flag cell says, backticks removed: `--max-requests N`, `-h, --help`. */
  label: string;
  /** The Default cell: the text in backticks, or null for `none`. */
  default: string | null;
  /** The row as written, for messages. */
  line: string;
}

/** The cells of a markdown table row (`\|` is a pipe inside a cell). */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replaceAll("\\|", "|"));
}

/** The rows of the flag table under `## Flags` of a page; throws when there is none. */
function flagRows(markdown: string, page: string): DocRow[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === "## Flags");
  assert.ok(start >= 0, `${page} has no '## Flags' section`);
  const end = lines.findIndex((l, i) => i > start && /^#{1,2} /.test(l));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const at = section.findIndex((l) =>
    l.trim().startsWith("|") && cells(l).join("|") === "Flag|Default|What it does"
  );
  assert.ok(
    at >= 0,
    `${page}: no table with the header '| ${HEADER.join(" | ")} |' under '## Flags'`,
  );
  const rows: DocRow[] = [];
  for (const line of section.slice(at + 2)) {
    if (!line.trim().startsWith("|")) break;
    const [flag = "", value = ""] = cells(line);
    const label = /^`([^`]+)`$/.exec(flag)?.[1];
    const name = label === undefined ? undefined : /--([a-z0-9-]+)/.exec(label)?.[1];
    assert.ok(
      label !== undefined && name !== undefined,
      `${page}: the Flag cell must be a long flag in backticks, e.g. \`--max-requests N\`: ${line}`,
    );
    const shown = /^`([^`]+)`$/.exec(value)?.[1];
    assert.ok(
      shown !== undefined || value === "none",
      `${page} ${label}: the Default cell must be the default in backticks or 'none': ${line}`,
    );
    rows.push({ name, label, default: shown ?? null, line });
  }
  return rows;
}

/** The flag's label in docs: the long form, or `-h, --help` with its short form. */
function docLabels(flag: FlagSpec): string[] {
  const long = flag.value === undefined ? `--${flag.name}` : `--${flag.name} ${flag.value}`;
  return flag.short === undefined ? [long] : [long, flagLabel(flag)];
}

/** The help lines of the flag labelled `label`, up to the next flag or blank line, or null. */
function helpEntry(help: string, label: string): string | null {
  const lines = help.split("\n");
  const at = lines.findIndex((l) => l.startsWith(`  ${label} `) || l === `  ${label}`);
  if (at < 0) return null;
  const entry = [lines[at]!];
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === "" || /^ {2}-/.test(line) || !line.startsWith(" ")) break;
    entry.push(line.trim());
  }
  return entry.join(" ");
}

for (const [command, table, help] of COMMANDS) {
  const url = new URL(`../docs/${command}.md`, import.meta.url);
  const page = `docs/${command}.md`;
  Deno.test(`every ${command} flag stands in --help with its default`, () => {
    for (const flag of table) {
      const entry = helpEntry(help, flagLabel(flag));
      assert.ok(entry !== null, `${command} --${flag.name}: --help has no line for it`);
      if (flag.default !== undefined) {
        assert.ok(
          entry.includes(`(default: ${flag.default})`),
          `${command} --${flag.name}: --help does not show '(default: ${flag.default})': ${entry}`,
        );
      }
    }
  });
  Deno.test({
    name: `${page} lists every ${command} flag with the default --help shows`,
    ignore: !existsSync(url),
    fn: async () => {
      const rows = flagRows(await Deno.readTextFile(url), page);
      const problems: string[] = [];
      for (const flag of table) {
        const row = rows.find((r) => r.name === flag.name);
        const helpDefault = flag.default ?? "none";
        if (row === undefined) {
          problems.push(
            `${command} --${flag.name}: missing from ${page} (default in --help: '${helpDefault}')`,
          );
          continue;
        }
        if (!docLabels(flag).includes(row.label)) {
          problems.push(
            `${command} --${flag.name}: ${page} writes \`${row.label}\`, --help \`${
              docLabels(flag).join("` or `")
            }\``,
          );
        }
        const docDefault = row.default ?? "none";
        if (docDefault !== helpDefault) {
          problems.push(
            `${command} --${flag.name}: default in --help is '${helpDefault}', in ${page} '${docDefault}'`,
          );
        }
      }
      for (const row of rows) {
        if (!table.some((f) => f.name === row.name)) {
          problems.push(`${command} --${row.name}: in ${page} but not a flag of ${command}`);
        }
      }
      assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
    },
  });
}
