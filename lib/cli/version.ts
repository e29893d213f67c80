/**
 * The version every command prints with `--version`.
 *
 * @module
 */

/** Version of buddy-traffic, printed as `buddy-traffic VERSION`. */
export const VERSION = "1.0.0";

/** The line `--version` prints. */
export function versionLine(): string {
  return `buddy-traffic ${VERSION}`;
}
