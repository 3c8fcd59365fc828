import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 60, posts: 80, comments: 40, tags: 10, post_tags: 30, follows: 20 };
const db = useServer({ migrate: true, manager: true });

it('rethrows a failure that is not the abort as it is, even after Ctrl-C, and still leaves the run interrupted and resumable', async () => {
  const controller = new AbortController();
  const failure = new Error('could not recreate index idx_posts_author: out of disk space');
  const error = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: COUNTS,
    signal: controller.signal,
    hooks: {
      async afterLoad() {
        // Ctrl-C arrives while the rebuild fails for a reason of its own: --resume would not fix it.
        controller.abort();
        throw failure;
      },
    },
  }).catch((e: unknown) => e);
  expect(error).toBe(failure);
  const query = (sql: string) => db.manager.dataSource.query(sql);
  expect(await query('SELECT status, owner FROM reseed_runs')).toEqual([{ status: 'interrupted', owner: null }]);
  const report = await seed({ config: exampleConfig, manager: db.manager, mode: 'resume' });
  expect(report.resumed).toBe(true);
  expect(await rowCounts(query)).toEqual(COUNTS);
});
