/**
 * Corpus replay files: one JSON object per line with an `input` and optional
 * `category`, `family` and `expect`. The whole file is validated up front and
 * every mistake is reported as `file:line: reason` on one line.
 *
 * @module
 */
import {
  CATEGORIES,
  type Category,
  type Expected,
  isCategory,
  isExpected,
} from "../model/category.ts";
import { USUAL_EXPECTED } from "./categories.ts";
import { InputError } from "../model/input_error.ts";
import { FileReadError } from "../model/file_read_error.ts";

/** One line of a corpus file, as written. */
export interface CorpusEntry {
  /** The text sent to the decision pipeline. */
  input: string;
  /** The category; when absent it is inferred from `expect`. */
  category?: Category;
  /** The family; replay uses `corpus` when absent. */
  family?: string;
  /** The ground truth; when absent it is the category's usual outcome. */
  expect?: Expected;
}

/** A corpus entry with every field filled in, ready to replay. */
export interface ResolvedCorpusEntry {
  /** The text sent to the decision pipeline. */
  input: string;
  /** The category, given or inferred. */
  category: Category;
  /** The family, given or `corpus`. */
  family: string;
  /** The ground truth, given or the category's usual outcome. */
  expected: Expected;
}

/** A corpus file that cannot be used; `line` is 0 for whole-file problems. */
export class CorpusError extends InputError {
  /** The corpus file, as given. */
  readonly file: string;
  /** 1-based line number, or 0 when the problem concerns the whole file. */
  readonly line: number;

  /** Creates an error whose message reads `file:line: reason` (or `file: reason`). */
  constructor(file: string, line: number, reason: string) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
    this.name = "CorpusError";
    this.file = file;
    this.line = line;
  }
}

const KEYS = ["input", "category", "family", "expect"];
const CATEGORY_FOR_EXPECTED: Readonly<Record<Expected, Category>> = {
  approve: "simple",
  clarify: "clarification",
  block: "adversarial",
};

/** Family name of replayed entries that do not name one. */
export const CORPUS_FAMILY = "corpus";

/**
 * Fills in the optional fields of an entry: a missing category comes from
 * `expect` (block -> adversarial, clarify -> clarification, approve or none ->
 * simple), a missing family is `corpus`, a missing `expect` is the category's
 * usual outcome.
 */
export function resolveCorpusEntry(entry: CorpusEntry): ResolvedCorpusEntry {
  const category = entry.category ??
    (entry.expect === undefined ? "simple" : CATEGORY_FOR_EXPECTED[entry.expect]);
  return {
    input: entry.input,
    category,
    family: entry.family ?? CORPUS_FAMILY,
    expected: entry.expect ?? USUAL_EXPECTED[category],
  };
}

/**
 * Parses and validates a whole corpus. Blank lines are skipped, a byte order
 * mark and Windows line endings are accepted; anything else that is not a
 * valid entry throws a {@linkcode CorpusError} naming the line. An empty
 * corpus is an error too.
 */
export function parseCorpus(text: string, file: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === "") continue;
    entries.push(parseLine(line, file, i + 1));
  }
  if (entries.length === 0) {
    throw new CorpusError(file, 0, "corpus has no entries: expected one JSON object per line");
  }
  return entries;
}

function parseLine(line: string, file: string, number: number): CorpusEntry {
  const fail = (reason: string): never => {
    throw new CorpusError(file, number, reason);
  };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return fail(`invalid JSON: ${clip(jsonFailure(error), 100)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(`expected a JSON object with an 'input' string: found ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.includes(key)) {
      const hint = key === "expected" ? ", did you mean 'expect'?" : "";
      fail(`unknown key '${quote(key)}' (known: ${KEYS.join(", ")}${hint})`);
    }
  }
  const input = record.input;
  if (input === undefined) fail("'input' is missing");
  if (typeof input !== "string") return fail(`'input' must be a string: found ${describe(input)}`);
  const entry: CorpusEntry = { input };
  if ("category" in record) {
    const category = record.category;
    if (typeof category !== "string") {
      fail(`'category' must be a string: found ${describe(category)}`);
    } else if (!isCategory(category)) {
      fail(`unknown category '${quote(category)}' (known: ${CATEGORIES.join(", ")})`);
    } else {
      entry.category = category;
    }
  }
  if ("family" in record) {
    const family = record.family;
    if (typeof family !== "string" || family.trim() === "") {
      fail(`'family' must be a non-empty string: found ${describe(family)}`);
    } else {
      entry.family = family;
    }
  }
  if ("expect" in record) {
    const expect = record.expect;
    if (typeof expect !== "string") {
      fail(`'expect' must be a string: found ${describe(expect)}`);
    } else if (!isExpected(expect)) {
      fail(`unknown expect value '${quote(expect)}' (known: approve, clarify, block)`);
    } else {
      entry.expect = expect;
    }
  }
  return entry;
}

/** Reads a whole input file: the bounded reader of `store/read_bounded.ts`, injected. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

/**
 * Reads (with `read`) and validates a corpus file (UTF-8). A file that cannot
 * be read or decoded throws a {@linkcode CorpusError} with line 0.
 */
export async function readCorpus(path: string, read: ReadFile): Promise<CorpusEntry[]> {
  let bytes: Uint8Array;
  try {
    bytes = await read(path);
  } catch (error) {
    throw new CorpusError(path, 0, `cannot read the file: ${readFailure(error)}`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CorpusError(path, 0, "cannot read the file: it is not valid UTF-8");
  }
  return parseCorpus(text, path);
}

/** The parser's reason, with its position given as a column of this line. */
function jsonFailure(error: unknown): string {
  const message = error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
  return message.replace(
    / at position (\d+)(?: \(line \d+ column \d+\))?/,
    (_, position: string) => ` at column ${Number(position) + 1}`,
  );
}

function readFailure(error: unknown): string {
  if (error instanceof FileReadError) return error.detail;
  if (error instanceof Deno.errors.NotFound) return "no such file";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  const message = error instanceof Error ? error.message : String(error);
  return clip(message.split("\n")[0] ?? message, 100);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `'${quote(value)}'`;
  if (typeof value === "object") return "an object";
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value;
}

/** Escapes control characters and clips long values so messages stay on one line. */
function quote(value: string): string {
  return clip(JSON.stringify(value).slice(1, -1), 60);
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 3) + "..." : text;
}
