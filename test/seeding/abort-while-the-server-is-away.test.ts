import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { integrityProblems, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 100, posts: 300, comments: 400, tags: 20, post_tags: 300, follows: 200 };

const db = useServer({ migrate: true, manager: true });
// An external TEST_DATABASE_URL server may not be stopped by tests (see test/support/postgres.ts).
it.skipIf(Boolean(process.env.TEST_DATABASE_URL))('stops at once when aborted while waiting for a stopped server, and resumes once it is back', async () => {
  const controller = new AbortController();
  let stopping: Promise<void> | undefined;
  let batches = 0;
  const started = performance.now();
  const error = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: COUNTS,
    batchSize: 30,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.type === 'batch' && ++batches === 3) stopping = db.pg.stop('fast');
      if (event.type === 'reconnecting') controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SeedAbortedError);
  // The readiness budget is 60 s; the abort must not wait for it.
  expect(performance.now() - started).toBeLessThan(20_000);
  await stopping;
  await db.pg.start();
  // The aborted reconnect left the manager without a DataSource: the caller asks for a new one.
  await db.manager.recreate('the server is back');

  const report = await seed({ config: exampleConfig, manager: db.manager, mode: 'resume' });
  expect(report.resumed).toBe(true);
  const query = (sql: string) => db.manager.dataSource.query(sql);
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await integrityProblems(query)).toEqual([]);
});
