import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

/** Over the medium preset: the run's preset and counts both differ from the defaults a resume would otherwise plan. */
const COUNTS = { users: 60, posts: 150, comments: 200, tags: 12, post_tags: 140, follows: 90 };

const db = useServer({ migrate: true, manager: true });
const query = db.query;
it('resumes with counts {} as if no counts were given: the run continues with its own preset, counts and seed', async () => {
  const controller = new AbortController();
  const stopped = await seed({
    config: exampleConfig,
    manager: db.manager,
    preset: 'medium',
    counts: COUNTS,
    seed: 6,
    batchSize: 30,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.type === 'batch' && event.table === 'posts' && event.done >= 60) controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(stopped).toBeInstanceOf(SeedAbortedError);

  // What the CLI passes for `npm run seed -- --resume` with no --count.
  const report = await seed({ config: exampleConfig, manager: db.manager, mode: 'resume', counts: {} });
  expect(report.resumed).toBe(true);
  expect(report.plan.preset).toBe('medium');
  expect(report.seed).toBe(6);
  expect(Object.fromEntries(report.plan.tables.map((t) => [t.table, t.count]))).toEqual(COUNTS);
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'done' }]);
});
