import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { useServer } from '../support/use-server';

const db = useServer({ migrate: true, manager: true });

it("an abort in the middle of a table reports every row committed, that table's included, as the ledger has them", async () => {
  const controller = new AbortController();
  const stopped = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: { users: 60, posts: 3000, comments: 0, tags: 0, post_tags: 0, follows: 0 },
    seed: 2,
    batchSize: 100,
    streams: 2,
    signal: controller.signal,
    // Aborted while the next batch of posts is being written beside the one that just committed.
    onProgress: (event) => {
      if (event.type === 'batch' && event.table === 'posts' && event.done >= 1000) controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(stopped).toBeInstanceOf(SeedAbortedError);
  const { report } = stopped as SeedAbortedError;
  const ledger = await db.query(`SELECT table_name, rows_done::int AS done FROM reseed_run_tables ORDER BY position`);
  const posts = ledger.find((t: { table_name: string }) => t.table_name === 'posts').done;
  expect(posts).toBeGreaterThanOrEqual(1000);
  expect(posts).toBeLessThan(3000);
  // Before, the rows of the table the abort cut short were left out (the CLI said "60 rows committed").
  expect(report.tables.find((t) => t.table === 'posts')?.rows).toBe(posts);
  expect(report.totalRows).toBe(ledger.reduce((n: number, t: { done: number }) => n + t.done, 0));
});
