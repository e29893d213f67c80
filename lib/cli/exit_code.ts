/**
 * The exit codes every command shares. A command's own codes for a verdict
 * (a failed `--check`, a firing alert, a store with problems) are 1.
 *
 * @module
 */

/** Done. */
export const EXIT_OK = 0;

/** A user mistake: invalid flags or values, unusable input, a missing permission. */
export const EXIT_USAGE = 2;
