/**
 * The permission flags of a `deno run` task in deno.json, so end-to-end
 * tests run the scripts exactly as the tasks do (and fail when a task's
 * grants no longer cover what its script does).
 *
 * @module
 */

const config = JSON.parse(
  Deno.readTextFileSync(new URL("../deno.json", import.meta.url)),
) as { tasks: Record<string, string> };

/** The `--allow-*` (and other) flags between `deno run` and the script of task `name`. */
export function taskFlags(name: string): string[] {
  const line = config.tasks[name];
  if (line === undefined) throw new Error(`deno.json has no task '${name}'`);
  const words = line.trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "run") {
    throw new Error(`task '${name}' is not a 'deno run' command: ${line}`);
  }
  return words.slice(2).filter((w) => w.startsWith("--"));
}

/** The script a `deno run` task runs, as an absolute path. */
export function taskScript(name: string): string {
  const line = config.tasks[name] ?? "";
  const script = line.trim().split(/\s+/).slice(2).find((w) => !w.startsWith("--"));
  if (script === undefined) throw new Error(`task '${name}' runs no script`);
  return new URL(`../${script}`, import.meta.url).pathname;
}
