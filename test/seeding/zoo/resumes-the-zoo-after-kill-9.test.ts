import 'reflect-metadata';
import path from 'node:path';
import { expect, it } from 'vitest';
import { seed } from '../../../src/seeding/seed';
import { runChildAndKill } from '../support/kill-child';
import { tableChecksums } from '../support/seeding-database';
import { useServer } from '../../support/use-server';
import { partialConfig, ZOO_COUNTS } from './zoo-configs';
import { createZooDatabase, foreignKeyReport, zooCounts } from './zoo-database';
import { ZOO_TABLES } from './zoo-entities';

const SEED = 21;
const BATCH_SIZE = 20;
/** Batches the child commits before it is killed: well inside the run (about 130 in all). */
const KILL_AFTER_BATCHES = 50;
const REGISTER = path.join(__dirname, '../../../src/loading/register.ts');

const server = useServer();

it('resumes the zoo after kill -9 to the checksum of an uninterrupted run, every FK valid', async () => {
  const killed = await createZooDatabase(server.pg, 'zoo_killed');
  try {
    // reseed's TypeScript loader (the app's compiler, decorator metadata) over tsx, which emits none.
    const child = await runChildAndKill({
      nodeArgs: ['--require', 'tsx/cjs', '--require', REGISTER],
      env: { RESEED_CHILD_URL: server.pg.urlFor('zoo_killed'), RESEED_CHILD_SCHEMA: 'zoo', RESEED_CHILD_SEED: String(SEED), RESEED_CHILD_BATCH: String(BATCH_SIZE) },
      killAfterBatches: KILL_AFTER_BATCHES,
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(await killed.dataSource.query(`SELECT status FROM reseed_runs`)).toEqual([{ status: 'running' }]);
    const report = await seed({ manager: killed, config: partialConfig, mode: 'resume' });
    expect(report.resumed).toBe(true);
    const query = (sql: string) => killed.dataSource.query(sql);
    expect(await zooCounts(query)).toEqual(ZOO_COUNTS);
    expect(Object.values(await foreignKeyReport(query)).every((r) => r.orphans === 0)).toBe(true);
    const resumed = await tableChecksums(query, ZOO_TABLES);

    const reference = await createZooDatabase(server.pg, 'zoo_reference');
    try {
      await seed({ manager: reference, config: partialConfig, counts: ZOO_COUNTS, seed: SEED, batchSize: 33 });
      expect(resumed).toEqual(await tableChecksums((sql) => reference.dataSource.query(sql), ZOO_TABLES));
    } finally {
      await reference.destroy();
    }
  } finally {
    await killed.destroy();
  }
});
