/**
 * A small seeded pseudo-random source (sfc32), so that the same seed gives the
 * same traffic: categories, families, inputs and intervals.
 *
 * @module
 */

/** A deterministic source of random numbers. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A uniformly chosen element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** Largest seed accepted by {@linkcode createRandom} (2^53 - 1). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** Creates a seeded random source; equal seeds give equal sequences. */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(
      `Cannot create random source as 'seed' must be a non-negative safe integer: current value is ${seed}`,
    );
  }
  let a = seed >>> 0;
  let b = Math.floor(seed / 0x100000000) >>> 0;
  let c = 0x9e3779b9;
  let d = 1;
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError("Cannot pick from an empty list");
      return items[Math.floor(next() * items.length)] as T;
    },
    chance: (p) => next() < p,
  };
}

/** A fresh seed for runs started without `--seed`. */
export function randomSeed(): number {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return ((words[0] ?? 0) & 0x1fffff) * 0x100000000 + (words[1] ?? 0);
}
