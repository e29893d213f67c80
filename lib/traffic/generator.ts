/**
 * The seeded traffic generator: picks a category by the mix weights, then a
 * family, then content, all from one seeded random stream, so the same seed
 * gives the same traffic. With a corpus it replays the corpus instead.
 *
 * Generation is on the simulator's hot path (about a microsecond per
 * request): templates are compiled once at start-up, and rendering is only
 * random picks, concatenation and `String.prototype.repeat`.
 *
 * @module
 */
import { CATEGORIES, type Category, type Expected, type Mix } from "../model/category.ts";
import { DEFAULT_MIX } from "./categories.ts";
import { type CorpusEntry, resolveCorpusEntry } from "./corpus.ts";
import { FAMILIES } from "./content/families.ts";
import type { Family } from "./content/family.ts";
import { createRandom } from "./random.ts";
import { requestId, type TrafficRequest } from "../model/request.ts";

/** Options of {@linkcode createGenerator}. */
export interface GeneratorOptions {
  /** Seed of the content stream: same seed, same sequence. */
  seed: number;
  /**
   * Relative category weights.
   *
   * @default {DEFAULT_MIX}
   */
  mix?: Readonly<Mix>;
  /** Entries to replay in file order, cycling, instead of generated content. */
  corpus?: readonly CorpusEntry[];
}

/** A source of traffic requests. */
export interface Generator {
  /** The next request: `seq` counts 1, 2, 3... and `id` is `r-${seq}`. */
  next(): TrafficRequest;
}

/** One family as listed by {@linkcode listFamilies}. */
export interface FamilyInfo {
  /** The category of the family. */
  category: Category;
  /** The family name. */
  family: string;
  /** The expected outcome of every input of the family. */
  expected: Expected;
  /** Relative weight within the category. */
  weight: number;
}

/** Every generated family with its ground truth, in category order. */
export function listFamilies(): FamilyInfo[] {
  return CATEGORIES.flatMap((category) =>
    FAMILIES[category].map((f) => ({
      category,
      family: f.name,
      expected: f.expected,
      weight: f.weight,
    }))
  );
}

/**
 * Creates a generator. Throws a `RangeError` for an invalid seed, a mix
 * with a negative or non-finite weight or no positive weight, or an empty
 * corpus.
 */
export function createGenerator(options: GeneratorOptions): Generator {
  const random = createRandom(options.seed);
  if (options.corpus !== undefined) return replay(options.corpus);

  const mix = options.mix ?? DEFAULT_MIX;
  const cumulative: number[] = [];
  let total = 0;
  for (const category of CATEGORIES) {
    const weight = mix[category];
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(
        `Cannot create generator as the weight of '${category}' must be a non-negative number: current value is ${weight}`,
      );
    }
    total += weight;
    cumulative.push(total);
  }
  if (total <= 0) {
    throw new RangeError("Cannot create generator as 'mix' has no category with a positive weight");
  }
  const pickers = CATEGORIES.map((category) => familyPicker(FAMILIES[category]));
  const last = CATEGORIES.length - 1;

  let seq = 0;
  return {
    next(): TrafficRequest {
      seq++;
      const r = random.next() * total;
      let c = 0;
      while (c < last && r >= (cumulative[c] as number)) c++;
      const family = (pickers[c] as (r: number) => Family)(random.next());
      return {
        id: requestId(seq),
        seq,
        category: family.category,
        family: family.name,
        input: family.render(random),
        expected: family.expected,
      };
    },
  };
}

/** Chooses a family from a uniform number in [0, 1) by the families' weights. */
function familyPicker(families: readonly Family[]): (u: number) => Family {
  const cumulative: number[] = [];
  let total = 0;
  for (const family of families) {
    total += family.weight;
    cumulative.push(total);
  }
  const last = families.length - 1;
  return (u) => {
    const r = u * total;
    let i = 0;
    while (i < last && r >= (cumulative[i] as number)) i++;
    return families[i] as Family;
  };
}

function replay(corpus: readonly CorpusEntry[]): Generator {
  if (corpus.length === 0) throw new RangeError("Cannot replay an empty corpus");
  const entries = corpus.map(resolveCorpusEntry);
  let seq = 0;
  return {
    next(): TrafficRequest {
      const entry = entries[seq % entries.length] as (typeof entries)[number];
      seq++;
      return {
        id: requestId(seq),
        seq,
        category: entry.category,
        family: entry.family,
        input: entry.input,
        expected: entry.expected,
      };
    },
  };
}
