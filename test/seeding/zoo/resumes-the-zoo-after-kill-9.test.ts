import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { seed } from '../../../src/seeding/seed';
import { tableChecksums } from '../support/seeding-database';
import { useServer } from '../../support/use-server';
import { partialConfig, ZOO_COUNTS } from './zoo-configs';
import { createZooDatabase, foreignKeyReport, zooCounts } from './zoo-database';
import { ZOO_TABLES } from './zoo-entities';

const SEED = 21;
const BATCH_SIZE = 20;
/** Batches the child commits before it is killed: well inside the run (about 130 in all). */
const KILL_AFTER_BATCHES = 50;
const CHILD = path.join(__dirname, 'seed-zoo-child.ts');
const REGISTER = path.join(__dirname, '../../../src/loading/register.ts');

const server = useServer();

function runChildAndKill(url: string): Promise<{ signal: NodeJS.Signals | null; stderr: string; batches: number }> {
  return new Promise((resolve, reject) => {
    // reseed's TypeScript loader (the app's compiler, decorator metadata) over tsx, which emits none.
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '--require', REGISTER, CHILD], {
      env: { ...process.env, RESEED_CHILD_URL: url, RESEED_CHILD_SEED: String(SEED), RESEED_CHILD_BATCH: String(BATCH_SIZE) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let batches = 0;
    let stderr = '';
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('batch ') && ++batches === KILL_AFTER_BATCHES) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stderr, batches }));
  });
}

it('resumes the zoo after kill -9 to the checksum of an uninterrupted run, every FK valid', async () => {
  const killed = await createZooDatabase(server.pg, 'zoo_killed');
  try {
    const child = await runChildAndKill(server.pg.urlFor('zoo_killed'));
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
