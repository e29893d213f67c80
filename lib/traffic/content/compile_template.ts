/**
 * Templates compiled once into literal pieces and word lists, so that
 * rendering a request is a handful of random picks and string concatenations
 * (no parsing, no regular expressions on the hot path).
 *
 * @module
 */
import type { Random } from "../random.ts";

/** Produces one text from a seeded random source. */
export type Render = (random: Random) => string;

/** Named word lists that a template's `{slot}` refers to. */
export type Vocabulary = Readonly<Record<string, readonly string[]>>;

/**
 * Compiles a template such as `Email {name} about {topic} {today|tomorrow}`:
 * `{slot}` picks from `vocabulary[slot]`, `{a|b|c}` picks one inline choice
 * (`{|a}` may pick the empty string), and `{=slot}` repeats the value picked
 * for the latest `{slot}` before it. Braces cannot be written literally: put
 * such text in a word list. Throws on an unknown slot (a bug in content).
 */
export function compileTemplate(template: string, vocabulary: Vocabulary): Render {
  const literals: string[] = [];
  const lists: (readonly string[] | null)[] = [];
  const refs: number[] = [];
  const names: string[] = [];
  let from = 0;
  for (;;) {
    const open = template.indexOf("{", from);
    if (open < 0) break;
    const close = template.indexOf("}", open);
    if (close < 0) throw new Error(`Cannot compile template '${template}': unclosed '{'`);
    literals.push(template.slice(from, open));
    const slot = template.slice(open + 1, close);
    if (slot.startsWith("=")) {
      const ref = names.lastIndexOf(slot.slice(1));
      if (ref < 0) {
        throw new Error(`Cannot compile template '${template}': '{${slot}}' has no earlier slot`);
      }
      lists.push(null);
      refs.push(ref);
    } else if (slot.includes("|")) {
      lists.push(slot.split("|"));
      refs.push(-1);
    } else {
      const list = vocabulary[slot];
      if (list === undefined || list.length === 0) {
        throw new Error(`Cannot compile template '${template}': unknown slot '${slot}'`);
      }
      lists.push(list);
      refs.push(-1);
    }
    names.push(slot);
    from = close + 1;
  }
  literals.push(template.slice(from));
  const count = lists.length;
  const first = literals[0] as string;
  if (count === 0) return () => first;
  if (refs.every((r) => r < 0)) {
    return (random) => {
      let text = first;
      for (let i = 0; i < count; i++) {
        const list = lists[i] as readonly string[];
        text += (list[random.int(list.length)] as string) + (literals[i + 1] as string);
      }
      return text;
    };
  }
  return (random) => {
    const picked: string[] = [];
    let text = first;
    for (let i = 0; i < count; i++) {
      const list = lists[i];
      const value = list === null || list === undefined
        ? picked[refs[i] as number] as string
        : list[random.int(list.length)] as string;
      picked.push(value);
      text += value + (literals[i + 1] as string);
    }
    return text;
  };
}

/** Compiles every template of a list into one render that picks a template uniformly. */
export function compileTemplates(templates: readonly string[], vocabulary: Vocabulary): Render {
  return oneOf(templates.map((t) => compileTemplate(t, vocabulary)));
}

/** A render that picks one of `renders` uniformly. */
export function oneOf(renders: readonly Render[]): Render {
  if (renders.length === 0) throw new Error("Cannot choose from an empty list of renders");
  if (renders.length === 1) return renders[0] as Render;
  return (random) => (renders[random.int(renders.length)] as Render)(random);
}

/** A render that picks one of the fixed texts uniformly. */
export function pickText(texts: readonly string[]): Render {
  if (texts.length === 0) throw new Error("Cannot choose from an empty list of texts");
  return (random) => texts[random.int(texts.length)] as string;
}
