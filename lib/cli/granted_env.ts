/**
 * Environment variables as the scripts read them: a variable the process has
 * no permission for reads as unset, so a missing `--allow-env` never turns
 * into a permission prompt or a stack trace.
 *
 * @module
 */

/** A read-only view of the environment. */
export interface Env {
  /** The variable's value, or undefined when unset or not granted. */
  get(name: string): string | undefined;
}

/** The process environment, limited to the variables it is allowed to read. */
export const grantedEnv: Env = {
  get(name: string): string | undefined {
    const state = Deno.permissions.querySync({ name: "env", variable: name }).state;
    return state === "granted" ? Deno.env.get(name) : undefined;
  },
};
