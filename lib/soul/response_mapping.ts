/**
 * The `response` section of a target file: where in a JSON answer the
 * decision's fields are (dotted paths), how values map (`true` means
 * blocked), defaults for what the service does not return, and, for chat
 * and guard models, where the reply text is and how it is classified.
 *
 * @module
 */
import {
  type ApprovalPath,
  type Decision,
  type PreValidation,
  TargetError,
} from "../model/decision.ts";
import { describeValue } from "../fmt/quote.ts";
import { checkKeys, FieldError, isObject } from "./_field_error.ts";
import { formatJsonPath, type JsonPath, parseJsonPath, readJsonPath } from "./json_path.ts";
import {
  createReplyClassifier,
  DEFAULT_REPLY_PATTERNS,
  excerpt,
  parseGuardVerdict,
  type ReplyClassifier,
  type ReplyPatterns,
} from "./reply_classifier.ts";

/** The decision fields a mapping may read. */
export const MAPPED_FIELDS = [
  "confidence",
  "pre_validation",
  "approval_path",
  "blocked",
  "reasons",
  "clarification_question",
] as const;

/** One of {@linkcode MAPPED_FIELDS}. */
export type MappedField = typeof MAPPED_FIELDS[number];

/** How one numeric value is drawn from an object or list of numbers. */
export type Reduce = "max" | "min" | "mean";

/** Where one decision field is read, and how its value is turned into the field's. */
export interface FieldRule {
  /** Dotted path into the answer. */
  path: JsonPath;
  /** Found value (as text: `true`, `"allow"` as `allow`) to the field's value. */
  map?: Record<string, unknown>;
  /** Reduces an object or list of numbers (e.g. category scores) to one. */
  reduce?: Reduce;
  /**
   * For `confidence` only: the value is a harm score, so the confidence is
   * the score when blocked and 1 - score otherwise.
   */
  certainty?: boolean;
}

/** Values used for fields the mapping does not read. */
export interface MappingDefaults {
  /** @default {1} */
  confidence: number;
  /** @default {"passed"} */
  pre_validation: PreValidation;
  /** @default {"approved"} */
  approval_path: ApprovalPath;
  /** @default {false} */
  blocked: boolean;
}

/** Reading the reply text of a chat or guard model. */
export interface ReplyRule {
  /** Where the reply text is, e.g. `choices.0.message.content`. */
  path: JsonPath;
  /** `chat`: refusal, clarifying question or approval; `llama-guard`: safe or unsafe with codes. */
  classify: "chat" | "llama-guard";
  /** The chat classifier's patterns. */
  patterns: ReplyPatterns;
}

/** A validated response mapping. */
export interface ResponseMapping {
  /** Fields read from the answer. */
  fields: Partial<Record<MappedField, FieldRule>>;
  /** Values for fields not read. */
  defaults: MappingDefaults;
  /** The reply text to classify, or null. */
  reply: ReplyRule | null;
}

/** Defaults when a target file names none. */
export const DEFAULT_MAPPING_DEFAULTS: MappingDefaults = {
  confidence: 1,
  pre_validation: "passed",
  approval_path: "approved",
  blocked: false,
};

const RULE_KEYS = ["path", "map", "reduce", "certainty"] as const;
const REDUCES: readonly Reduce[] = ["max", "min", "mean"];

/**
 * Checks the `response` section (already merged over the preset's) and
 * returns the mapping. Throws a {@linkcode FieldError} naming the first bad
 * field.
 */
export function parseResponseMapping(raw: unknown): ResponseMapping {
  if (!isObject(raw)) throw new FieldError("response", "be an object", raw);
  checkKeys(raw, [...MAPPED_FIELDS, "defaults", "reply", "classify", "patterns"], "response");
  const fields: Partial<Record<MappedField, FieldRule>> = {};
  for (const name of MAPPED_FIELDS) {
    const value = raw[name];
    if (value === undefined || value === null) continue;
    fields[name] = parseRule(value, `response.${name}`, name);
  }
  return {
    fields,
    defaults: parseDefaults(raw.defaults),
    reply: parseReply(raw),
  };
}

function parseRule(value: unknown, at: string, name: MappedField): FieldRule {
  const rule: Record<string, unknown> = typeof value === "string"
    ? { path: value }
    : value as never;
  if (!isObject(rule)) throw new FieldError(at, "be a dotted path or an object with 'path'", value);
  checkKeys(rule, RULE_KEYS, at);
  const path = typeof rule.path === "string" ? parseJsonPath(rule.path) : null;
  if (path === null) throw new FieldError(`${at}.path`, "be a dotted path", rule.path);
  const out: FieldRule = { path };
  if (rule.map !== undefined) {
    if (!isObject(rule.map) || Object.keys(rule.map).length === 0) {
      throw new FieldError(`${at}.map`, "be an object from found values to values", rule.map);
    }
    for (const [key, mapped] of Object.entries(rule.map)) {
      const problem = checkFieldValue(name, mapped);
      if (problem !== null) throw new FieldError(`${at}.map.${key}`, problem, mapped);
    }
    out.map = rule.map;
  }
  if (rule.reduce !== undefined) {
    const reduce = REDUCES.find((r) => r === rule.reduce);
    if (reduce === undefined) {
      throw new FieldError(`${at}.reduce`, "be max, min or mean", rule.reduce);
    }
    out.reduce = reduce;
  }
  if (rule.certainty !== undefined) {
    if (typeof rule.certainty !== "boolean" || name !== "confidence") {
      throw new FieldError(
        `${at}.certainty`,
        "be true or false, and only on confidence",
        rule.certainty,
      );
    }
    out.certainty = rule.certainty;
  }
  return out;
}

function parseDefaults(raw: unknown): MappingDefaults {
  const defaults = { ...DEFAULT_MAPPING_DEFAULTS };
  if (raw === undefined || raw === null) return defaults;
  if (!isObject(raw)) throw new FieldError("response.defaults", "be an object", raw);
  checkKeys(raw, Object.keys(DEFAULT_MAPPING_DEFAULTS), "response.defaults");
  for (const [key, value] of Object.entries(raw)) {
    const problem = checkFieldValue(key as MappedField, value);
    if (problem !== null) throw new FieldError(`response.defaults.${key}`, problem, value);
  }
  return { ...defaults, ...raw } as MappingDefaults;
}

function parseReply(raw: Record<string, unknown>): ReplyRule | null {
  if (raw.reply === undefined || raw.reply === null) {
    if (raw.classify !== undefined) {
      throw new FieldError(
        "response.reply",
        "name the reply text's path with 'classify'",
        raw.reply,
      );
    }
    return null;
  }
  const path = typeof raw.reply === "string" ? parseJsonPath(raw.reply) : null;
  if (path === null) throw new FieldError("response.reply", "be a dotted path", raw.reply);
  const classify = raw.classify ?? "chat";
  if (classify !== "chat" && classify !== "llama-guard") {
    throw new FieldError("response.classify", "be chat or llama-guard", classify);
  }
  return { path, classify, patterns: parsePatterns(raw.patterns) };
}

function parsePatterns(raw: unknown): ReplyPatterns {
  if (raw === undefined || raw === null) return DEFAULT_REPLY_PATTERNS;
  if (!isObject(raw)) throw new FieldError("response.patterns", "be an object", raw);
  checkKeys(raw, ["refusal", "clarification"], "response.patterns");
  const list = (key: "refusal" | "clarification"): readonly string[] => {
    const value = raw[key];
    if (value === undefined) return DEFAULT_REPLY_PATTERNS[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      throw new FieldError(`response.patterns.${key}`, "be a list of regular expressions", value);
    }
    for (const [i, source] of value.entries()) {
      try {
        new RegExp(source, "iu");
      } catch {
        throw new FieldError(`response.patterns.${key}.${i}`, "be a regular expression", source);
      }
    }
    return value as string[];
  };
  return { refusal: list("refusal"), clarification: list("clarification") };
}

/** Why `value` cannot be the field's value, or null when it can. */
function checkFieldValue(name: MappedField, value: unknown): string | null {
  switch (name) {
    case "confidence":
      return typeof value === "number" && value >= 0 && value <= 1 ? null : "be a number in 0..1";
    case "pre_validation":
      return value === "passed" || value === "failed" ? null : "be passed or failed";
    case "approval_path":
      return value === "approved" || value === "clarification"
        ? null
        : "be approved or clarification";
    case "blocked":
      return typeof value === "boolean" ? null : "be true or false";
    case "reasons":
      return Array.isArray(value) && value.every((r) => typeof r === "string")
        ? null
        : "be a list of strings";
    case "clarification_question":
      return typeof value === "string" ? null : "be a string";
  }
}

/** A compiled mapping: turns a parsed JSON answer into a decision. */
export interface ResponseMapper {
  /** The decision; throws a `TargetError` of type `invalid_decision` naming the path at fault. */
  map(answer: unknown): Decision;
}

/** Compiles a mapping (the reply patterns once, not per answer). */
export function createResponseMapper(mapping: ResponseMapping): ResponseMapper {
  const classifier: ReplyClassifier | null = mapping.reply?.classify === "chat"
    ? createReplyClassifier(mapping.reply.patterns)
    : null;
  const entries = Object.entries(mapping.fields) as [MappedField, FieldRule][];
  return {
    map(answer: unknown): Decision {
      const out: Record<string, unknown> = {
        confidence: mapping.defaults.confidence,
        pre_validation: mapping.defaults.pre_validation,
        approval_path: mapping.defaults.approval_path,
        blocked: mapping.defaults.blocked,
      };
      if (mapping.reply !== null) applyReply(answer, mapping.reply, classifier, out);
      let certainty: number | null = null;
      for (let i = 0; i < entries.length; i++) {
        const [name, rule] = entries[i] as [MappedField, FieldRule];
        const value = readField(answer, rule, name);
        if (name === "confidence" && rule.certainty === true) certainty = value as number;
        else out[name] = value;
      }
      if (certainty !== null) out.confidence = out.blocked === true ? certainty : 1 - certainty;
      // Every value was checked as it was read (defaults when the file was): no second pass.
      return out as unknown as Decision;
    },
  };
}

function readField(answer: unknown, rule: FieldRule, name: MappedField): unknown {
  const where = formatJsonPath(rule.path);
  let value = readJsonPath(answer, rule.path);
  if (value === undefined) {
    throw new TargetError("invalid_decision", `Answer has no '${where}' (for ${name})`);
  }
  if (rule.reduce !== undefined) {
    const numbers = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : null;
    if (numbers === null || numbers.length === 0 || !numbers.every((n) => typeof n === "number")) {
      throw new TargetError(
        "invalid_decision",
        `Answer's '${where}' must be numbers to take the ${rule.reduce} of: got ${
          describeValue(value)
        }`,
      );
    }
    value = reduceNumbers(numbers as number[], rule.reduce);
  }
  if (rule.map !== undefined) {
    const key = typeof value === "string" ? value : JSON.stringify(value) ?? "";
    if (!Object.hasOwn(rule.map, key)) {
      throw new TargetError(
        "invalid_decision",
        `Answer's '${where}' is ${
          describeValue(value)
        }, which the mapping of ${name} does not name`,
      );
    }
    value = rule.map[key];
  }
  const problem = checkFieldValue(name, value);
  if (problem !== null) {
    throw new TargetError(
      "invalid_decision",
      `Answer's '${where}' must ${problem} for ${name}: got ${describeValue(value)}`,
    );
  }
  return value;
}

function reduceNumbers(numbers: number[], how: Reduce): number {
  if (how === "max") return Math.max(...numbers);
  if (how === "min") return Math.min(...numbers);
  return numbers.reduce((a, b) => a + b, 0) / numbers.length;
}

function applyReply(
  answer: unknown,
  rule: ReplyRule,
  classifier: ReplyClassifier | null,
  out: Record<string, unknown>,
): void {
  const where = formatJsonPath(rule.path);
  const text = readJsonPath(answer, rule.path);
  if (typeof text !== "string") {
    throw new TargetError(
      "invalid_decision",
      text === undefined
        ? `Answer has no '${where}' (the reply)`
        : `Answer's '${where}' must be the reply text: got ${describeValue(text)}`,
    );
  }
  if (classifier !== null) {
    const { outcome } = classifier.classify(text);
    out.blocked = outcome === "blocked";
    out.approval_path = outcome === "clarification" ? "clarification" : "approved";
    if (outcome === "clarification") out.clarification_question = excerpt(text, 200);
    out.reasons = [`reply:${excerpt(text)}`];
    return;
  }
  const verdict = parseGuardVerdict(text);
  if (verdict === null) {
    throw new TargetError(
      "invalid_decision",
      `Answer's '${where}' must be 'safe' or 'unsafe' and category codes: got ${
        describeValue(excerpt(text, 40))
      }`,
    );
  }
  out.blocked = verdict.unsafe;
  out.approval_path = "approved";
  out.reasons = verdict.codes;
}
