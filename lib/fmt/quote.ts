/**
 * Quoting untrusted values inside one-line messages: paths, names and JSON
 * values with control characters escaped, so an error message can never
 * carry a raw escape sequence to a terminal.
 *
 * @module
 */

/** A short, one-line rendering of an untrusted value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > 40) text = `${text.slice(0, 40)}…`;
  return escapeControls(text);
}

/** Quotes a path or name for a message, escaping control characters. */
export function quote(text: string): string {
  return `'${escapeControls(text)}'`;
}

// deno-lint-ignore no-control-regex
const CONTROLS = new RegExp("[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]", "g");

/** Escapes C0, C1, DEL and line/paragraph separators as `\\uXXXX`. */
export function escapeControls(text: string): string {
  return text.replace(
    CONTROLS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
