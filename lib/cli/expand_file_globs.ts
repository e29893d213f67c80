/**
 * Expands `--file` values: plain paths stay as they are, a wildcard in the
 * file name (`runs/*.json`, `shard-?.json`, `m[12].json`) lists the matching
 * files of its directory, sorted. The same file named twice is read once.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./usage_error.ts";

/** Whether `text` holds a wildcard character. */
export function hasGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

/** Compiles a file-name wildcard (`*`, `?`, `[abc]`, `[!a-c]`) to an anchored RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) out += "\\[";
      else {
        let body = pattern.slice(i + 1, end);
        const negate = body.startsWith("!") || body.startsWith("^");
        if (negate) body = body.slice(1);
        out += `[${negate ? "^" : ""}${body.replace(/[\\\]]/g, "\\$&")}]`;
        i = end;
      }
    } else out += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** Lists a directory's file names; injected so tests need no disk. */
export type ListDir = (dir: string) => Promise<string[]>;

/** Lists the regular files (and links) of a directory with `Deno.readDir`. */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) if (e.isFile || e.isSymlink) names.push(e.name);
  return names;
}

/**
 * Expands every value; throws a {@linkcode UsageError} naming `flag` when a
 * wildcard matches nothing.
 */
export async function expandFileGlobs(
  values: readonly string[],
  list: ListDir = listDir,
  flag = "--file",
): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (p: string) => {
    const key = resolve(p);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const value of values) {
    if (!hasGlob(value)) {
      push(value);
      continue;
    }
    const dir = dirname(value);
    if (hasGlob(dir)) {
      throw new UsageError(
        `Cannot expand ${flag} '${value}': wildcards are supported in the file name only`,
      );
    }
    const re = globToRegExp(basename(value));
    let names: string[];
    try {
      names = await list(dir);
    } catch (error) {
      const why = error instanceof Deno.errors.NotFound
        ? "the directory does not exist"
        : error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
        ? "permission denied"
        : "the directory cannot be listed";
      throw new UsageError(`Cannot expand ${flag} '${value}': ${why}`);
    }
    const matches = names.filter((n) => re.test(n) && !n.endsWith(".tmp")).sort();
    if (matches.length === 0) {
      throw new UsageError(`Cannot expand ${flag} '${value}': no file matches`);
    }
    for (const name of matches) {
      push(dir === "." && !value.startsWith("./") ? name : join(dir, name));
    }
  }
  return out;
}
