import type { Faker } from '@faker-js/faker';
import type { RandomSource } from '../random-source';

/**
 * What a value generator draws from for one row. One object per table,
 * updated in place for every row (no per-row allocation), so a generator is
 * a pure function of it: the row's seeded random source (faker draws from
 * it too) and the row's ordinal (id start + row index), which makes unique
 * values by construction.
 */
export interface ValueState {
  random: RandomSource;
  faker: Faker;
  /** 1-based position of the row past the rows already there: unique per row of the table. */
  ordinal: number;
}

/**
 * Makes one column's value for a row. `label` is `name@version`: it enters
 * the config hash, so a changed generator (a new version) never resumes a
 * run an older one started, and the same seed keeps its data across releases
 * as long as no version changes.
 */
export interface ValueGenerator {
  readonly label: string;
  generate(state: ValueState): unknown;
  /** The largest ordinal it can make a value for (a unique value cut to a short column), undefined when unbounded. */
  readonly maxOrdinal?: number;
}

/** A generator named `name`, version `version`. Bump the version whenever its output changes. */
export function valueGenerator(name: string, version: number, generate: (state: ValueState) => unknown): ValueGenerator {
  return { label: `${name}@${version}`, generate };
}
