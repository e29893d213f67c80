/**
 * `node:util` parseArgs reads `--max-requests -5` as a flag followed by
 * another flag and fails with "argument is ambiguous". Joining such pairs
 * into `--max-requests=-5` lets the value reach validation, whose message
 * names the flag and the value found.
 *
 * @module
 */

/**
 * Joins `--flag -N` into `--flag=-N` whenever a long flag without `=` is
 * followed by something that starts like a negative number. (A boolean flag
 * then fails with "does not take an argument", which is right too: nothing
 * positional is accepted.)
 */
export function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    if (
      arg.startsWith("--") && arg.length > 2 && !arg.includes("=") && next !== undefined &&
      /^-\.?\d/.test(next)
    ) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
