/**
 * Makes untrusted strings (error messages and input previews from hostile
 * traffic) safe to print: escape sequences, control, bidi and zero-width
 * characters become visible `<U+XXXX>` marks, lone surrogates become U+FFFD,
 * and long strings are cut with a marker. {@linkcode escapeHtml} does the same
 * job for HTML.
 *
 * @module
 */

/** Options for {@linkcode safeText}. */
export interface SafeTextOptions {
  /**
   * Longest result in code points before the text is cut.
   * @default {200}
   */
  maxLength?: number;
}

// C0 and C1 controls (including ESC, BEL, DEL), bidi embeddings/overrides/isolates and
// marks, zero-width characters, line/paragraph separators and the BOM.
// Matching control characters is the point of this pattern.
const UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

/** Returns `text` with every unsafe character made visible and its length bounded. */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  const max = options.maxLength ?? 200;
  const wellFormed = text.toWellFormed();
  const visible = wellFormed.replace(UNSAFE, (ch) => {
    if (ch === "\n") return "\\n";
    if (ch === "\t") return "\\t";
    if (ch === "\r") return "\\r";
    return `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`;
  });
  const points = Array.from(visible);
  if (points.length <= max) return visible;
  const cut = points.length - max;
  return `${points.slice(0, max).join("")}…[+${cut} chars]`;
}

/**
 * JSON text with every unsafe character (see {@linkcode safeText}) written
 * as a `\uXXXX` escape: the same data once parsed, but nothing raw reaches a
 * terminal (`JSON.stringify` leaves DEL, C1 controls, bidi and zero-width
 * characters raw).
 */
export function safeJson(json: string): string {
  // Raw line breaks and tabs in JSON text are its own whitespace (inside strings they are escaped).
  return json.replace(
    UNSAFE,
    (ch) =>
      ch === "\n" || ch === "\r" || ch === "\t"
        ? ch
        : `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
