/**
 * The JSON body template of a target file: any JSON value in which the
 * strings `{{input}}` and `{{id}}` stand for the request's text and id,
 * anywhere inside a string. Values are inserted JSON-escaped, so any input
 * (quotes, newlines, control characters, emoji) keeps the body valid JSON.
 *
 * @module
 */
import { FieldError } from "./_field_error.ts";

/** A compiled body template. */
export interface BodyTemplate {
  /** The request body for one request. */
  render(id: string, input: string): string;
}

const SLOT = /\{\{(input|id)\}\}/g;

/**
 * Compiles `template` (a JSON value). `fixed` placeholders (e.g. `model`,
 * `system_prompt`) are replaced once here. Throws a {@linkcode FieldError}
 * when no string holds `{{input}}`.
 */
export function compileBodyTemplate(
  template: unknown,
  fixed: Record<string, string> = {},
): BodyTemplate {
  const filled = fill(template, fixed);
  const text = JSON.stringify(filled);
  if (text === undefined || !text.includes("{{input}}")) {
    throw new FieldError("body", "hold {{input}} in one of its strings", template);
  }
  const pieces: string[] = [];
  const slots: ("input" | "id")[] = [];
  let last = 0;
  for (const match of text.matchAll(SLOT)) {
    pieces.push(text.slice(last, match.index));
    slots.push(match[1] as "input" | "id");
    last = match.index + match[0].length;
  }
  const tail = text.slice(last);
  return {
    render(id: string, input: string): string {
      const values = { input: escaped(input), id: escaped(id) };
      let out = "";
      for (let i = 0; i < slots.length; i++) {
        out += pieces[i] as string;
        out += values[slots[i] as "input" | "id"];
      }
      return out + tail;
    },
  };
}

/** The text as it goes between the quotes of a JSON string. */
function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function fill(value: unknown, fixed: Record<string, string>): unknown {
  if (typeof value === "string") {
    return value.replace(/\{\{([a-z_]+)\}\}/g, (all, name: string) => fixed[name] ?? all);
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, fixed));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, fixed)]));
  }
  return value;
}
