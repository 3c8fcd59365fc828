import { generateMersenne32Randomizer, generateMersenne53Randomizer, type Randomizer } from '@faker-js/faker';
import { RandomSource } from '../../../src/seeding/random-source';

/** Faker's two randomizers and reseed's row source, by name: a fast faker path must give faker's text with each. */
export const RANDOMIZERS: Record<string, (seed: number) => Randomizer> = {
  "faker's default (mersenne 53)": (seed) => generateMersenne53Randomizer(seed),
  'mersenne 32': (seed) => generateMersenne32Randomizer(seed),
  "reseed's row source": (seed) => new RandomSource().reseedRow(seed, 7, 11),
};

/** The seeds each randomizer is compared with. */
export const SEEDS = [1, 42, 2_026] as const;
