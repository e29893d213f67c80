/**
 * Text preparation for the reference engine: bounding, cleaning (zero-width,
 * bidi, control characters), normalising look-alike letters, and decoding the
 * usual obfuscations (base64, rot13, leetspeak) so that rules match what a
 * reader would see. Internal to lib/soul.
 *
 * @module
 */

/** Longest prefix of an input that is analysed; longer inputs count by length only. */
export const MAX_ANALYSED = 16_384;

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad\u180e]/g;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/;
// deno-lint-ignore no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const FULLWIDTH = /[\uff01-\uff5e]|\ud835[\udc00-\udfff]/;
const MIXED_SCRIPT = /[a-z][\u0370-\u03ff\u0400-\u04ff]|[\u0370-\u03ff\u0400-\u04ff][a-z]/i;
const CONFUSABLE_CHAR = /[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f\u0250-\u02af]/g;
const COMBINING_FLOOD = /\p{M}{4,}/u;
const COMBINING = /\p{M}+/gu;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
const EMOJI = /\p{Extended_Pictographic}/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Cyrillic, Greek and IPA letters that look like Latin ones. */
const CONFUSABLES: Readonly<Record<string, string>> = {
  "а": "a",
  "в": "b",
  "е": "e",
  "ё": "e",
  "к": "k",
  "м": "m",
  "н": "h",
  "о": "o",
  "р": "p",
  "с": "c",
  "т": "t",
  "у": "y",
  "х": "x",
  "ѕ": "s",
  "і": "i",
  "ї": "i",
  "ј": "j",
  "ԁ": "d",
  "ԛ": "q",
  "ԝ": "w",
  "ɡ": "g",
  "ɑ": "a",
  "ο": "o",
  "α": "a",
  "ε": "e",
  "ι": "i",
  "κ": "k",
  "ν": "v",
  "ρ": "p",
  "τ": "t",
  "υ": "u",
  "χ": "x",
  "β": "b",
  "η": "n",
  "μ": "u",
  "ϲ": "c",
};

/** What cleaning an input revealed, and the text rules should read. */
export interface PreparedText {
  /** The analysed slice was plain printable ASCII. */
  readonly ascii: boolean;
  /** Lower-cased, cleaned, normalised text (at most {@linkcode MAX_ANALYSED} units). */
  readonly lower: string;
  /** The analysed slice before lower-casing, cleaned (for base64 detection). */
  readonly cleaned: string;
  /** Zero-width characters were present. */
  readonly zeroWidth: boolean;
  /** Bidirectional override or isolate controls were present. */
  readonly bidi: boolean;
  /** C0/C1 control characters (other than tab and newlines) were present. */
  readonly control: boolean;
  /** Full-width or mathematical letters were normalised. */
  readonly fullwidth: boolean;
  /** A word mixed Latin with look-alike letters from another script. */
  readonly homoglyph: boolean;
  /** Four or more combining marks in a row. */
  readonly combiningFlood: boolean;
  /** Unpaired surrogates (not well-formed UTF-16). */
  readonly malformed: boolean;
  /** Right-to-left script present. */
  readonly rtl: boolean;
  /** Number of emoji. */
  readonly emoji: number;
  /** True when the text has no letter or digit at all. */
  readonly noWords: boolean;
}

/** Cleans and normalises the analysed prefix of `text`. */
export function prepareText(text: string): PreparedText {
  const head = text.length > MAX_ANALYSED ? text.slice(0, MAX_ANALYSED) : text;
  if (isPlainAscii(head)) {
    const lower = head.toLowerCase();
    return {
      ascii: true,
      lower,
      cleaned: head,
      zeroWidth: false,
      bidi: false,
      control: false,
      fullwidth: false,
      homoglyph: false,
      combiningFlood: false,
      malformed: false,
      rtl: false,
      emoji: 0,
      noWords: !/[a-z0-9]/.test(lower),
    };
  }
  return prepareUnicode(head);
}

/** Plain printable ASCII plus tab and newlines: the cheap, common case. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 126 || (c < 32 && c !== 9 && c !== 10 && c !== 13)) return false;
  }
  return true;
}

function prepareUnicode(head: string): PreparedText {
  const malformed = !head.isWellFormed();
  let text = malformed ? head.toWellFormed() : head;
  const zeroWidth = ZERO_WIDTH.test(text);
  ZERO_WIDTH.lastIndex = 0;
  if (zeroWidth) text = text.replace(ZERO_WIDTH, "");
  const bidi = BIDI_OVERRIDE.test(text);
  const control = CONTROL.test(text);
  const combiningFlood = COMBINING_FLOOD.test(text);
  const fullwidth = FULLWIDTH.test(text);
  const rtl = RTL.test(text);
  const emoji = text.match(EMOJI)?.length ?? 0;
  let normal = text.normalize("NFKC");
  if (combiningFlood) normal = normal.replace(COMBINING, "");
  const homoglyph = MIXED_SCRIPT.test(normal);
  let lower = normal.toLowerCase();
  if (homoglyph) lower = lower.replace(CONFUSABLE_CHAR, (c) => CONFUSABLES[c] ?? c);
  return {
    ascii: false,
    lower,
    cleaned: normal,
    zeroWidth,
    bidi,
    control,
    fullwidth,
    homoglyph,
    combiningFlood,
    malformed,
    rtl,
    emoji,
    noWords: !LETTER_OR_DIGIT.test(lower),
  };
}

const BASE64_BLOB = /[A-Za-z0-9+/]{16,}={0,2}/g;
const PRINTABLE_TEXT = /^[\x20-\x7e\t\n\r]+$/;

/**
 * Decodes base64 blobs of at least 16 characters that turn into readable
 * text; returns the decoded texts, lower-cased, joined by newlines, or "".
 */
export function decodeBase64Blobs(cleaned: string): string {
  const blobs = cleaned.match(BASE64_BLOB);
  if (blobs === null) return "";
  let out = "";
  for (let i = 0; i < blobs.length && i < 8; i++) {
    const blob = blobs[i] as string;
    if (!/[0-9+/=]|[a-z][A-Z]|[A-Z]{2}[a-z]/.test(blob)) continue;
    let decoded: string;
    try {
      decoded = atob(blob.length % 4 === 0 ? blob : blob.slice(0, blob.length - blob.length % 4));
    } catch {
      continue;
    }
    if (PRINTABLE_TEXT.test(decoded) && / /.test(decoded)) out += decoded.toLowerCase() + "\n";
  }
  return out;
}

/** Rot13 of lower-case text (other characters unchanged). */
export function rot13(lower: string): string {
  let out = "";
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    out += c >= 97 && c <= 122 ? String.fromCharCode(((c - 97 + 13) % 26) + 97) : lower[i];
  }
  return out;
}

const LEET_CHAR = /[0134579@$!|+]/g;
const LEET_MAP: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "9": "g",
  "@": "a",
  "$": "s",
  "!": "i",
  "|": "l",
  "+": "t",
};

/** Leetspeak digits and symbols inside words, e.g. `1gn0r3`, `h4ck`. */
export const LEET_WORD = /[a-z][0134579@$|+][a-z]|\b[0134579@$][a-z]{2,}|[a-z]{2,}[0134579][a-z]/;

/** Replaces leetspeak digits and symbols by the letters they stand for. */
export function unleet(lower: string): string {
  return lower.replace(LEET_CHAR, (c) => LEET_MAP[c] ?? c);
}
