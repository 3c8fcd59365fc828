import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const db = useServer({ migrate: true, manager: true });
it('stops after the current batch commits on abort, and a plain run offers to resume it', async () => {
  const controller = new AbortController();
  const error = await seed({
    config: exampleConfig,
    manager: db.manager,
    seed: 9,
    batchSize: 60,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.type === 'batch' && event.table === 'posts' && event.done >= 120) controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SeedAbortedError);
  const query = (sql: string) => db.manager.dataSource.query(sql);
  const ledger = await query(`SELECT table_name, rows_done::int AS done FROM reseed_run_tables ORDER BY position`);
  const counts = await rowCounts(query);
  // The ledger says exactly where the run stopped.
  for (const { table_name, done } of ledger) expect(counts[table_name], table_name).toBe(done);
  // The batch that reached 120 rows, and the one written beside it when posts had two streams.
  expect([120, 180]).toContain(counts.posts);
  expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'interrupted' }]);

  const questions: string[] = [];
  const report = await seed({ config: exampleConfig, manager: db.manager, seed: 9, confirm: async (q) => (questions.push(q), true) });
  expect(questions).toHaveLength(1);
  expect(questions[0]).toMatch(/An unfinished run .* matches this config\. Resume it\?/);
  expect(report.resumed).toBe(true);
  expect(report.tables.find((t) => t.table === 'users')!.rows).toBe(0);
  expect(report.tables.find((t) => t.table === 'posts')!.rows).toBe(600 - counts.posts!);
  expect(await rowCounts(query)).toEqual({ users: 200, posts: 600, comments: 1500, tags: 40, post_tags: 1200, follows: 800 });
  expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'done' }]);
});
