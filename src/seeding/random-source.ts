import type { Randomizer } from '@faker-js/faker';
import { rowSeedWords } from './row-hash';
import { zipfRank } from './zipf';

/** Rounds of the generator run after seeding, so close seeds diverge at once. */
const WARM_UP_ROUNDS = 8;
const TWO_32 = 0x1_0000_0000;

/**
 * A small, fast pseudo-random source (sfc32) that is re-seeded for every row
 * from a hash of (seed, table, row index). It is also faker's randomizer, so
 * one faker instance serves every row without a sequential stream shared
 * across batches.
 */
export class RandomSource implements Randomizer {
  #a = 0;
  #b = 0;
  #c = 0;
  #d = 1;

  /** Seeds from the row key; see {@link rowSeedWords}. */
  reseedRow(seed: number, tableKey: number, index: number, streamKey = 0): this {
    const [a, b, c, d] = rowSeedWords(seed, tableKey, index, streamKey);
    return this.reseedWords(a, b, c, d);
  }

  /** Seeds from four 32-bit words. */
  reseedWords(a: number, b: number, c: number, d: number): this {
    this.#a = a >>> 0;
    this.#b = b >>> 0;
    this.#c = c >>> 0;
    this.#d = (d | 1) >>> 0;
    for (let i = 0; i < WARM_UP_ROUNDS; i++) this.nextUint32();
    return this;
  }

  /** Faker's Randomizer contract: a number or words. Bound, since faker calls it detached. */
  readonly seed = (seed: number | number[]): void => {
    const words = Array.isArray(seed) ? seed : [seed, Math.floor(seed / TWO_32)];
    this.reseedWords(words[0] ?? 0, words[1] ?? 0, words[2] ?? 0x9e37_79b9, words[3] ?? 1);
  };

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of precision. Bound, since faker calls it detached. */
  readonly next = (): number => this.nextUint32() / TWO_32;

  /** A uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One key of a table of weights, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let u = this.next() * total;
    for (const [key, w] of entries) {
      u -= w;
      if (u < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** A rank in 0..n-1 from a power law: rank 0 is the most likely. */
  zipf(n: number, exponent = 1): number {
    return zipfRank(this.next(), n, exponent);
  }
}
