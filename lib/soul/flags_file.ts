/**
 * The `--flags FILE` of the simulator: the Soul settings (`SOUL_REAL_ENABLED`,
 * `SOUL_API_URL`, `SOUL_TARGET_FILE`) kept in a file that can be edited and re-read while running.
 * The file is either a small JSON object or `KEY=VALUE` lines.
 *
 * @module
 */
import { InputError } from "../model/input_error.ts";
import { FileReadError } from "../model/file_read_error.ts";
import { quote } from "../fmt/quote.ts";
import { safeText } from "../fmt/sanitize.ts";
import { fileReadWords } from "./_file_read_words.ts";

/** The settings a flags file may hold. */
export const FLAG_KEYS = ["SOUL_REAL_ENABLED", "SOUL_API_URL", "SOUL_TARGET_FILE"] as const;

/** One key of {@linkcode FLAG_KEYS}. */
export type FlagKey = typeof FLAG_KEYS[number];

/** Settings read from a flags file; keys not in the file are absent. */
export type Flags = Partial<Record<FlagKey, string>>;

/**
 * Parses a flags file: a JSON object with string (or boolean) values, or
 * `KEY=VALUE` lines (blank lines and `#` comments skipped, an optional
 * `export ` prefix and quotes around the value allowed). Unknown keys are
 * rejected. Throws a one-line {@linkcode InputError} naming `source`.
 */
export function parseFlagsFile(text: string, source = "flags file"): Flags {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return parseJsonFlags(trimmed, source);
  const flags: Flags = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) {
      throw new InputError(
        `Cannot read ${source} as line ${i + 1} is not KEY=VALUE: current value is '${
          line.slice(0, 60)
        }'`,
        { usage: true },
      );
    }
    const key = checkKey(match[1] as string, source);
    flags[key] = unquote((match[2] as string).trim());
  }
  return flags;
}

/**
 * Reads (with `read`, the bounded reader of `store/read_bounded.ts`) and
 * parses a flags file; a missing or unreadable file is a {@linkcode InputError}.
 */
export async function readFlagsFile(
  path: string,
  read: (path: string) => Promise<Uint8Array>,
): Promise<Flags> {
  let text: string;
  try {
    text = new TextDecoder().decode(await read(path));
  } catch (error) {
    const grant = error instanceof FileReadError ? error.grant : null;
    const why = error instanceof FileReadError
      ? fileReadWords(error)
      : `it cannot be read (${
        safeText(error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error))
      })`;
    throw new InputError(
      `Cannot use --flags ${quote(path)} as ${why}`,
      grant === null
        ? { usage: true }
        : { usage: true, hint: `run with ${grant} added to the deno run command line` },
    );
  }
  return parseFlagsFile(text, `--flags ${quote(path)}`);
}

/** An environment-like view (`get(key)`) of flags over a fallback environment: the file wins. */
export function flagsOverEnv(
  flags: Flags,
  env: { get(key: string): string | undefined },
): { get(key: string): string | undefined } {
  return {
    get: (key: string) => (key in flags ? flags[key as FlagKey] : env.get(key)),
  };
}

function parseJsonFlags(text: string, source: string): Flags {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError(`Cannot read ${source} as it is not valid JSON: ${why}`, { usage: true });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(`Cannot read ${source} as it must be a JSON object`, { usage: true });
  }
  const flags: Flags = {};
  for (const [name, raw] of Object.entries(value)) {
    const key = checkKey(name, source);
    if (typeof raw !== "string" && typeof raw !== "boolean") {
      throw new InputError(
        `Cannot read ${source} as '${key}' must be a string or a boolean: current value is ${
          JSON.stringify(raw)
        }`,
        { usage: true },
      );
    }
    flags[key] = String(raw);
  }
  return flags;
}

function checkKey(name: string, source: string): FlagKey {
  if (!(FLAG_KEYS as readonly string[]).includes(name)) {
    throw new InputError(
      `Cannot read ${source} as '${name}' is not a known setting: use ${FLAG_KEYS.join(" or ")}`,
      { usage: true },
    );
  }
  return name as FlagKey;
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted ? quoted[1] as string : value;
}
