import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import type { DataSourceManager } from '../../src/connection';
import { RestartExitRequested } from '../../src/restart/restart-exit-requested';
import { seed } from '../../src/seeding/seed';
import { inNewDatabase, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 30, posts: 60, comments: 80, tags: 8, post_tags: 50, follows: 40 };

const server = useServer();
let databases = 0;

async function withDatabase(work: (manager: DataSourceManager, query: (sql: string) => Promise<any[]>) => Promise<void>): Promise<void> {
  await inNewDatabase(server.pg, `hooks_${++databases}`, (manager) => work(manager, (sql) => manager.dataSource.query(sql)));
}

/** A fresh seed of COUNTS whose beforeLoad hook throws `error`: what it rejects with. */
function seedFailingBeforeLoad(manager: DataSourceManager, error: Error): Promise<unknown> {
  return seed({ config: exampleConfig, manager, counts: COUNTS, hooks: { beforeLoad: () => Promise.reject(error) } }).catch((e: unknown) => e);
}

it('marks a fresh run abandoned when beforeLoad fails before any row, so the next plain run starts without --resume or --truncate', async () => {
  await withDatabase(async (manager, query) => {
    // E.g. tuning refused: replication slots forbid wal_level = minimal.
    const refusal = new Error('tuning fast is refused: this server has replication slots');
    const failed = await seedFailingBeforeLoad(manager, refusal);
    expect(failed).toBe(refusal);
    expect(await query('SELECT status, finished_at IS NOT NULL AS finished FROM reseed_runs')).toEqual([{ status: 'abandoned', finished: true }]);

    const report = await seed({ config: exampleConfig, manager, counts: COUNTS });
    expect(report.resumed).toBe(false);
    expect(await rowCounts(query)).toEqual(COUNTS);
    expect(await query('SELECT status FROM reseed_runs ORDER BY created_at')).toEqual([{ status: 'abandoned' }, { status: 'done' }]);
  });
});

it('keeps the run resumable when beforeLoad stops it for a two-phase restart, whose printed command is --resume', async () => {
  await withDatabase(async (manager, query) => {
    const stop = new RestartExitRequested({ exitCode: 75, resumeCommand: 'npm run seed -- --resume', restartCommand: undefined, pendingSettings: ['wal_level'] });
    const failed = await seedFailingBeforeLoad(manager, stop);
    expect(failed).toBe(stop);
    expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'running' }]);

    const report = await seed({ config: exampleConfig, manager, mode: 'resume' });
    expect(report.resumed).toBe(true);
    expect(await rowCounts(query)).toEqual(COUNTS);
  });
});
