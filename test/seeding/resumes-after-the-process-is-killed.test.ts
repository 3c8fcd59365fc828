import { spawn } from 'node:child_process';
import { exampleConfig } from '../../src/factories/example-config';
import path from 'node:path';
import { expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { exampleWorkers } from './support/example-workers';
import { integrityProblems, migrate, openManager, rowCounts, tableChecksums, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 200, posts: 500, comments: 900, tags: 30, post_tags: 700, follows: 600 };
const SEED = 11;
const BATCH_SIZE = 25;
/** Batches the child commits before it is killed: well inside the run. */
const KILL_AFTER_BATCHES = 30;
const CHILD = path.join(__dirname, 'fixtures', 'seed-child.ts');

const server = useServer();

/** Runs the child seeder and SIGKILLs it after some committed batches; resolves with the rows it reported. */
function runChildAndKill(url: string): Promise<{ lastDone: string; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, RESEED_CHILD_URL: url, RESEED_CHILD_COUNTS: JSON.stringify(COUNTS), RESEED_CHILD_SEED: String(SEED), RESEED_CHILD_BATCH: String(BATCH_SIZE), RESEED_CHILD_WORKERS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let batches = 0;
    let lastDone = '';
    let stderr = '';
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('batch ')) continue;
        lastDone = line;
        if (++batches === KILL_AFTER_BATCHES) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ lastDone, signal, stderr }));
  });
}

it('continues a run whose process (generating in 2 workers) was killed mid-run and ends, with 1 worker, with the checksum of an uninterrupted run on the main thread', async () => {
  await server.pg.query('CREATE DATABASE killed');
  const killedOptions = testDataSourceOptions(server.pg.urlFor('killed'));
  await migrate(killedOptions);
  const child = await runChildAndKill(server.pg.urlFor('killed'));
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
