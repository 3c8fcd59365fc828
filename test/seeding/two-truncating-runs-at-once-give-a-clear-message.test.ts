import { exampleConfig } from '../../src/factories/example-config';
import { expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { SeedInputError } from '../../src/seeding/seed-input-error';
import { openManager, rowCounts, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 40, posts: 60, comments: 60, tags: 8, post_tags: 40, follows: 30 };

const db = useServer({ migrate: true, manager: true });

it('two --truncate runs started together: one loads, the other stops with one clear sentence, never a raw duplicate key', async () => {
  await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 1 });
  const other = await openManager(testDataSourceOptions(db.pg.url));
  try {
    const outcomes: Array<PromiseSettledResult<unknown>> = [];
    for (let round = 0; round < 4; round++) {
      const run = (manager: typeof db.manager) => seed({ config: exampleConfig, manager, counts: COUNTS, seed: 2 + round, mode: 'truncate', confirm: async () => true });
      const pair = await Promise.allSettled([run(db.manager), run(other)]);
      outcomes.push(...pair);
      expect(await rowCounts(db.query)).toEqual(COUNTS);
    }
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as Error);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(SeedInputError);
      expect(failure.message).not.toMatch(/duplicate key/);
    }
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
  } finally {
    await other.destroy();
  }
});
