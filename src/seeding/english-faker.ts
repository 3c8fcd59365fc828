import type { Faker } from '@faker-js/faker';

/**
 * English faker only: the package's index loads every locale (36 MB of RSS
 * in each thread that imports it, against 6 MB for English), and a load
 * runs one of these per generation worker, so nothing in reseed imports the
 * index at run time. `locale/en` is reachable through the package's exports
 * map only, which TypeScript's node10 resolution does not read, hence the
 * typed require.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { faker: englishFaker } = require('@faker-js/faker/locale/en') as { faker: Faker };

/** Faker's class, from the English entry point. */
export const EnglishFaker = englishFaker.constructor as typeof Faker;

/** en over base, merged as faker's own English instance has them. */
export const ENGLISH = englishFaker.rawDefinitions;
