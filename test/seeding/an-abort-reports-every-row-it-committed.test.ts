import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { useServer } from '../support/use-server';

const db = useServer({ migrate: true, manager: true });

it("an abort while two tables load side by side reports every row committed, both cut-short tables included, as the ledger has them", async () => {
  const controller = new AbortController();
  const stopped = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: { users: 3000, posts: 0, comments: 0, tags: 300, post_tags: 0, follows: 0 },
    seed: 2,
    batchSize: 100,
    streams: 2,
    signal: controller.signal,
    // users and tags (neither has a parent) load side by side: aborted as tags commits its last
    // batch, so that tags ends (complete, its finishing step meets the abort) while users still loads.
    onProgress: (event) => {
      if (event.type === 'batch' && event.table === 'tags' && event.done === 300) controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(stopped).toBeInstanceOf(SeedAbortedError);
  const { report } = stopped as SeedAbortedError;
  const ledger = await db.query(`SELECT table_name, rows_done::int AS done FROM reseed_run_tables ORDER BY position`);
  const done = (table: string) => ledger.find((t: { table_name: string }) => t.table_name === table).done as number;
  expect(done('users')).toBeGreaterThan(0);
  expect(done('users')).toBeLessThan(3000);
  expect(done('tags')).toBe(300);
  // Before, a table that stopped after the other had ended the load was left out (the CLI said "50 rows committed", the ledger had 850).
  for (const table of ['users', 'tags']) expect(report.tables.find((t) => t.table === table)?.rows).toBe(done(table));
  expect(report.totalRows).toBe(ledger.reduce((n: number, t: { done: number }) => n + t.done, 0));
});
