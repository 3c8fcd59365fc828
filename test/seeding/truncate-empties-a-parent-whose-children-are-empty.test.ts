import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { integrityProblems, migrate, openManager, rowCounts, tableChecksums, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 120, posts: 200, comments: 250, tags: 15, post_tags: 180, follows: 100 };
const SEED = 8;

const db = useServer({ migrate: true, manager: true });
const query = db.query;
it('truncates after consent when only users holds rows (a run stopped while loading it), then seeds the plain result', async () => {
  const controller = new AbortController();
  const stopped = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: COUNTS,
    seed: SEED,
    batchSize: 20,
    // One table at a time: tags, which references nothing, would load beside users.
    streams: 1,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.type === 'batch' && event.table === 'users' && event.done >= 40) controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(stopped).toBeInstanceOf(SeedAbortedError);
  // Only the parent holds rows: every table that references it is empty.
  expect(await rowCounts(query)).toEqual({ users: 40, posts: 0, comments: 0, tags: 0, post_tags: 0, follows: 0 });

  const questions: string[] = [];
  const report = await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: SEED, mode: 'truncate', confirm: async (q) => (questions.push(q), true) });
  expect(questions).toEqual(['Truncate users? Every row in them is deleted.']);
  expect(report.resumed).toBe(false);
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await integrityProblems(query)).toEqual([]);
  expect(await query(`SELECT status FROM reseed_runs ORDER BY created_at`)).toEqual([{ status: 'abandoned' }, { status: 'done' }]);

  // Same rows as a seed on a database that never held any.
  await db.pg.query('CREATE DATABASE fresh');
  const freshOptions = testDataSourceOptions(db.pg.urlFor('fresh'));
  await migrate(freshOptions);
  const fresh = await openManager(freshOptions);
  try {
    await seed({ config: exampleConfig, manager: fresh, counts: COUNTS, seed: SEED });
    expect(await tableChecksums(query)).toEqual(await tableChecksums((sql) => fresh.dataSource.query(sql)));
  } finally {
    await fresh.destroy();
  }
});
