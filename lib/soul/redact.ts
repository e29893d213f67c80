/**
 * Keeping secrets out of every output: any text that may carry a header
 * value (an answer excerpt, an error message) passes through a redactor,
 * which shows each secret as `***`.
 *
 * @module
 */

/** What a secret is shown as. */
export const REDACTED = "***";

/** Replaces every secret in `text` with {@linkcode REDACTED}. */
export type Redactor = (text: string) => string;

/**
 * A redactor for `secrets` (values shorter than 4 characters are ignored:
 * they would blank out ordinary words). Also hides each secret's
 * percent-encoded and JSON-escaped forms.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const list = [...forms].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of list) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}
