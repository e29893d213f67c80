/**
 * Small ANSI helpers for terminal views: colours that turn into no-ops when
 * disabled (no TTY, `NO_COLOR`, `--no-color`), the screen control sequences
 * the live dashboard uses, and the visible width of a string.
 *
 * @module
 */

/** Colour and style functions; identity functions when colour is off. */
export interface Colors {
  /** Whether the functions add escape sequences. */
  readonly enabled: boolean;
  /** Bold. */
  bold(text: string): string;
  /** Dim. */
  dim(text: string): string;
  /** Red. */
  red(text: string): string;
  /** Green. */
  green(text: string): string;
  /** Yellow. */
  yellow(text: string): string;
  /** Cyan. */
  cyan(text: string): string;
  /** Reverse video (for a title bar). */
  inverse(text: string): string;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

/** Creates colour functions; with `enabled` false they return text unchanged. */
export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    const id = (text: string) => text;
    return {
      enabled,
      bold: id,
      dim: id,
      red: id,
      green: id,
      yellow: id,
      cyan: id,
      inverse: id,
    };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    inverse: sgr(7, 27),
  };
}

/** Whether to colour: only on a terminal, never with `NO_COLOR` or when asked not to. */
export function colorEnabled(isTerminal: boolean, noColor: boolean): boolean {
  return isTerminal && !noColor;
}

/** Switches to the alternate screen. */
export const ALT_SCREEN_ON = "\x1b[?1049h";
/** Returns from the alternate screen. */
export const ALT_SCREEN_OFF = "\x1b[?1049l";
/** Hides the cursor. */
export const CURSOR_HIDE = "\x1b[?25l";
/** Shows the cursor. */
export const CURSOR_SHOW = "\x1b[?25h";
/** Moves the cursor to the top-left corner. */
export const CURSOR_HOME = "\x1b[H";
/** Clears from the cursor to the end of the line. */
export const CLEAR_LINE_END = "\x1b[K";
/** Clears from the cursor to the end of the screen. */
export const CLEAR_SCREEN_END = "\x1b[J";

// SGR sequences only: the renderers emit nothing else inside a frame.
// deno-lint-ignore no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

// deno-lint-ignore no-control-regex
const SGR_AT_START = /^\x1b\[[0-9;]*m/;

/** Removes SGR colour sequences. */
export function stripAnsi(text: string): string {
  return text.replace(SGR, "");
}

/** Terminal columns taken by one code point: 0 for combining marks, 2 for wide ones. */
export function charWidth(cp: number): number {
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x200d) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) return 2;
  return 1;
}

/** Columns a string takes on a terminal, ignoring SGR sequences. */
export function visibleWidth(text: string): number {
  let w = 0;
  for (const ch of stripAnsi(text)) w += charWidth(ch.codePointAt(0) ?? 0);
  return w;
}

/**
 * Cuts a string to at most `width` columns, ending with `…` when cut; SGR
 * sequences are kept, and a reset ends a cut string that had any.
 */
export function fitWidth(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  if (width <= 0) return "";
  let out = "";
  let w = 0;
  for (let i = 0; i < text.length;) {
    if (text[i] === "\x1b") {
      const m = SGR_AT_START.exec(text.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const cw = charWidth(cp);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
    i += ch.length;
  }
  return `${out}…${out.includes("\x1b[") ? "\x1b[0m" : ""}`;
}
