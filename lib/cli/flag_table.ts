/**
 * A command's flags as one table: each row names a flag, its value
 * placeholder, its default and what it does. The same table feeds the
 * `node:util` parseArgs options (see `parse_flags.ts`), the defaults a
 * parser falls back on, the `--help` text and the docs check.
 *
 * @module
 */

/** One flag of a command. */
export interface FlagSpec {
  /** Long name without the dashes: `max-requests`. */
  readonly name: string;
  /**
   * Placeholder of the value in help and docs (`N`, `PATH`).
   * @default {undefined} (a boolean flag, which takes no value)
   */
  readonly value?: string;
  /**
   * One-letter alias, shown as `-h, --help`.
   * @default {undefined}
   */
  readonly short?: string;
  /**
   * Whether the flag may be given several times.
   * @default {false}
   */
  readonly multiple?: boolean;
  /**
   * The default as `--help` shows it. For a flag with a value it is also the
   * value used when the flag is absent, unless `described`.
   * @default {undefined} (no default)
   */
  readonly default?: string;
  /**
   * Whether `default` describes what happens without the flag (`random`,
   * `$BUDDY_TRAFFIC_TOKEN`) rather than being a value the parser reads.
   * @default {false}
   */
  readonly described?: boolean;
  /**
   * What the flag does: `\n` starts another help line, and `{default}` marks
   * where `(default: X)` stands (else it ends the last line).
   */
  readonly help: string;
  /**
   * Heading of the help section the flag is listed under; rows of one
   * section are adjacent. An empty heading lists the rows after a blank line.
   * @default {the help's heading, "Options:" unless told}
   */
  readonly section?: string;
}

/** How {@linkcode formatFlagHelp} lays out the rows. */
export interface FlagHelpOptions {
  /**
   * Column where descriptions start, counted from the indent; a longer
   * flag label stands on a line of its own.
   * @default {23}
   */
  width?: number;
  /**
   * Heading of the rows that name no section.
   * @default {"Options:"}
   */
  heading?: string;
}

/** The flag as help and docs name it: `--max-requests N`, `-h, --help`. */
export function flagLabel(flag: FlagSpec): string {
  const long = flag.value === undefined ? `--${flag.name}` : `--${flag.name} ${flag.value}`;
  return flag.short === undefined ? long : `-${flag.short}, ${long}`;
}

/**
 * The value a flag takes when absent: its `default`. Throws (a bug in the
 * table) when the flag has no such value.
 */
export function defaultValue(table: readonly FlagSpec[], name: string): string {
  const flag = table.find((f) => f.name === name);
  if (flag?.default === undefined || flag.described === true || flag.value === undefined) {
    throw new Error(`Flag '--${name}' has no default value in its table`);
  }
  return flag.default;
}

/** The help lines of every flag, section by section, indented by two spaces. */
export function formatFlagHelp(
  table: readonly FlagSpec[],
  options: FlagHelpOptions = {},
): string {
  const width = options.width ?? 23;
  const pad = " ".repeat(2 + width);
  const blocks: string[] = [];
  const seen = new Set<string>();
  let current: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (current !== null) blocks.push(lines.join("\n"));
  };
  for (const flag of table) {
    const section = flag.section ?? options.heading ?? "Options:";
    if (section !== current) {
      if (seen.has(section)) throw new Error(`Section '${section}' of the flag table is split`);
      flush();
      seen.add(section);
      current = section;
      lines = section === "" ? [] : [section];
    }
    const mark = flag.default === undefined ? "" : `(default: ${flag.default})`;
    let text = flag.help.includes("{default}")
      ? flag.help.replace("{default}", mark)
      : `${flag.help}${mark === "" ? "" : ` ${mark}`}`;
    text = text.trim();
    const label = flagLabel(flag);
    const body = text.split("\n");
    if (label.length < width) {
      lines.push(`  ${label.padEnd(width)}${body[0] ?? ""}`.trimEnd());
    } else {
      lines.push(`  ${label}`);
      lines.push(`${pad}${body[0] ?? ""}`);
    }
    for (const line of body.slice(1)) lines.push(`${pad}${line}`);
  }
  flush();
  return blocks.join("\n\n");
}
