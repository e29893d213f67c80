/**
 * Field checks for validating untrusted documents: each takes the object,
 * the field's key and the object's JSON path, and throws a one-line
 * {@linkcode MetricsFileError} naming the path and the value found. Shapes
 * (one check per field of a type) and their combinators build on them.
 *
 * @module
 */
import { describeValue, escapeControls } from "../fmt/quote.ts";
import { MetricsFileError } from "./metrics_file_error.ts";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JSON object read from an untrusted document. */
export type Obj = Record<string, unknown>;

/** Validation state: the file, and the one histogram accuracy the file uses. */
export interface Ctx {
  file: string;
  accuracy: number | null;
}

/** The JSON path of `key` inside the object at `path`, bracketed when `key` is not an identifier. */
export function join(path: string, key: string): string {
  if (IDENT.test(key)) return path === "" ? key : `${path}.${key}`;
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return `${path}[${JSON.stringify(shown)}]`;
}

/** Throws the one-line error for `where`: missing, or not `expectation` with the value found. */
export function fail(ctx: Ctx, where: string, expectation: string, found: unknown): never {
  const detail = found === undefined
    ? `${escapeControls(where)} is missing (expected ${expectation})`
    : `${escapeControls(where)} must be ${expectation}: got ${describeValue(found)}`;
  throw new MetricsFileError("invalid", ctx.file, detail);
}

/** Throws a one-line error with `detail`, control characters escaped. */
export function failWith(ctx: Ctx, detail: string): never {
  throw new MetricsFileError("invalid", ctx.file, escapeControls(detail));
}

/** Checks that `v` is a JSON object and returns it. */
export function object(ctx: Ctx, v: unknown, where: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(ctx, where, "an object", v);
  return v as Obj;
}

/** Checks that `v` is a list and returns it. */
export function list(ctx: Ctx, v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(ctx, where, "a list", v);
  return v;
}

/** Checks that field `key` is an object and returns it. */
export function child(ctx: Ctx, o: Obj, key: string, path: string): Obj {
  const v = o[key];
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    fail(ctx, join(path, key), "an object", v);
  }
  return v as Obj;
}

/** Checks a finite number >= 0 and returns it. */
export function nonNegative(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !(v >= 0 && v < Infinity)) {
    fail(ctx, join(path, key), "a number >= 0", v);
  }
  return v;
}

/** Checks a safe integer and returns it. */
export function integer(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    fail(ctx, join(path, key), "an integer", v);
  }
  return v;
}

/** Checks an integer >= 0 and returns it. */
export function count(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    fail(ctx, join(path, key), "an integer >= 0", v);
  }
  return v;
}

/** Checks an integer >= 1 and returns it. */
export function positiveInteger(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    fail(ctx, join(path, key), "an integer >= 1", v);
  }
  return v;
}

/** Checks a percentage in 0..100, or null. */
export function percentOrNull(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && (typeof v !== "number" || !(v >= 0 && v <= 100))) {
    fail(ctx, join(path, key), "a percentage (0..100) or null", v);
  }
}

/** Checks a number in 0..1, or null. */
export function unitOrNull(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && (typeof v !== "number" || !(v >= 0 && v <= 1))) {
    fail(ctx, join(path, key), "a number in 0..1 or null", v);
  }
}

/** Checks a number in 0..1. */
export function unit(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
    fail(ctx, join(path, key), "a number in 0..1", v);
  }
}

/** Checks a string and returns it. */
export function string(ctx: Ctx, o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string") fail(ctx, join(path, key), "a string", v);
  return v;
}

/** Checks a string or null. */
export function stringOrNull(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && typeof v !== "string") fail(ctx, join(path, key), "a string or null", v);
}

/** Checks an ISO date-time string and returns its epoch milliseconds. */
export function time(ctx: Ctx, o: Obj, key: string, path: string): number {
  const v = o[key];
  const t = typeof v === "string" ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) fail(ctx, join(path, key), "an ISO date-time string", v);
  return t;
}

/** Checks an ISO date-time string, or null. */
export function timeOrNull(ctx: Ctx, o: Obj, key: string, path: string): void {
  if (o[key] !== null) time(ctx, o, key, path);
}

/** Checks true or false. */
export function boolean(ctx: Ctx, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== "boolean") fail(ctx, join(path, key), "true or false", v);
}

/** Checks a string that is one of `allowed`. */
export function oneOf(
  ctx: Ctx,
  o: Obj,
  key: string,
  path: string,
  allowed: readonly string[],
): void {
  const v = o[key];
  if (typeof v !== "string" || !allowed.includes(v)) {
    fail(ctx, join(path, key), `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, v);
  }
}

/** Refuses a map key that could corrupt an object (`__proto__`) or means nothing (empty). */
export function safeKey(ctx: Ctx, key: string, path: string): void {
  if (key === "__proto__" || key === "") failWith(ctx, `${path} has a forbidden key "${key}"`);
}

/** Checks field `key` of the object `o` found at `path`. */
export type Check = (ctx: Ctx, o: Obj, key: string, path: string) => void;

/** One check for every field of `T`: a field added to the type needs a check here. */
export type Shape<T> = { readonly [K in keyof T]-?: Check };

/** Runs every check of `shape` over the object `o` found at `path`, in the shape's order. */
export function fields<T>(ctx: Ctx, o: Obj, shape: Shape<T>, path: string): void {
  const entries = entriesOf(shape);
  for (let i = 0; i < entries.length; i++) {
    const [key, check] = entries[i]!;
    check(ctx, o, key, path);
  }
}

/** Each shape's checks as a list, made once: walking a list is faster than `for...in`. */
const ENTRIES = new WeakMap<object, readonly (readonly [string, Check])[]>();

function entriesOf(shape: object): readonly (readonly [string, Check])[] {
  let entries = ENTRIES.get(shape);
  if (entries === undefined) {
    entries = Object.entries(shape) as [string, Check][];
    ENTRIES.set(shape, entries);
  }
  return entries;
}

/** A check of an object field against `shape`, then against `relations` if given. */
export function nested<T>(
  shape: Shape<T>,
  relations?: (ctx: Ctx, o: Obj, path: string) => void,
): Check {
  return (ctx, o, key, path) => {
    const p = join(path, key);
    const c = child(ctx, o, key, path);
    fields(ctx, c, shape, p);
    relations?.(ctx, c, p);
  };
}

/** A check that lets an absent field through (files written before it existed). */
export function optional(check: Check): Check {
  return (ctx, o, key, path) => {
    if (o[key] !== undefined) check(ctx, o, key, path);
  };
}

/** A check that lets `null` through and applies `check` to anything else. */
export function nullable(check: Check): Check {
  return (ctx, o, key, path) => {
    if (o[key] !== null) check(ctx, o, key, path);
  };
}

/** A check of a string field that must be one of `allowed`. */
export function among(allowed: readonly string[]): Check {
  return (ctx, o, key, path) => oneOf(ctx, o, key, path, allowed);
}

/** A check of a list field whose items `item` checks, each at `field[i]`. */
export function listOf(ctx: Ctx, o: Obj, key: string, path: string, item: Check): void {
  const p = join(path, key);
  const items = list(ctx, o[key], p);
  for (let i = 0; i < items.length; i++) {
    const where = `${p}[${i}]`;
    item(ctx, { [where]: items[i] }, where, "");
  }
}

/** A check of an object field (`path` empty: `key` is the whole path) against `shape`, then `relations`. */
export function item<T>(
  shape: Shape<T>,
  relations?: (ctx: Ctx, o: Obj, path: string) => void,
): Check {
  return (ctx, o, key, path) => {
    const p = path === "" ? key : join(path, key);
    const v = object(ctx, o[key], p);
    fields(ctx, v, shape, p);
    relations?.(ctx, v, p);
  };
}

/** A field that is checked elsewhere (by a relation) or not at all. */
export const checkedApart: Check = () => {};
