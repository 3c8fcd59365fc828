import { exampleConfig } from '../../src/factories/example-config';
import { expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { exampleWorkers } from './support/example-workers';
import { runChildAndKill } from './support/kill-child';
import { integrityProblems, migrate, openManager, rowCounts, tableChecksums, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 200, posts: 500, comments: 900, tags: 30, post_tags: 700, follows: 600 };
const SEED = 11;
const BATCH_SIZE = 25;
/** Batches the child commits before it is killed: well inside the run. */
const KILL_AFTER_BATCHES = 30;

const server = useServer();

it('continues a run whose process (generating in 2 workers) was killed mid-run and ends, with 1 worker, with the checksum of an uninterrupted run on the main thread', async () => {
  await server.pg.query('CREATE DATABASE killed');
  const killedOptions = testDataSourceOptions(server.pg.urlFor('killed'));
  await migrate(killedOptions);
  const child = await runChildAndKill({
    nodeArgs: ['--import', 'tsx'],
    env: { RESEED_CHILD_URL: server.pg.urlFor('killed'), RESEED_CHILD_COUNTS: JSON.stringify(COUNTS), RESEED_CHILD_SEED: String(SEED), RESEED_CHILD_BATCH: String(BATCH_SIZE), RESEED_CHILD_WORKERS: '2' },
    killAfterBatches: KILL_AFTER_BATCHES,
  });
  expect(child.signal, child.stderr).toBe('SIGKILL');
  expect(child.lastDone).toMatch(/^batch /);

  const manager = await openManager(killedOptions);
  try {
    const before = await manager.dataSource.query(`SELECT status FROM reseed_runs`);
    expect(before).toEqual([{ status: 'running' }]);
    const report = await seed({ config: exampleConfig, manager, mode: 'resume', batches: exampleWorkers(1) });
    expect(report.resumed).toBe(true);
    expect(report.seed).toBe(SEED);
    const total = Object.values(COUNTS).reduce((a, b) => a + b, 0);
    expect(report.totalRows).toBeGreaterThan(0);
    expect(report.totalRows).toBeLessThan(total);
    const query = (sql: string) => manager.dataSource.query(sql);
    expect(await rowCounts(query)).toEqual(COUNTS);
    expect(await integrityProblems(query)).toEqual([]);
    const resumedSums = await tableChecksums(query);

    await server.pg.query('CREATE DATABASE uninterrupted');
    const referenceOptions = testDataSourceOptions(server.pg.urlFor('uninterrupted'));
    await migrate(referenceOptions);
    const reference = await openManager(referenceOptions);
    try {
      await seed({ config: exampleConfig, manager: reference, counts: COUNTS, seed: SEED });
      expect(resumedSums).toEqual(await tableChecksums((sql) => reference.dataSource.query(sql)));
    } finally {
      await reference.destroy();
    }
  } finally {
    await manager.destroy();
  }
});
