import type { DataSourceManager } from '../../src/connection';
import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { LedgerRunGoneError } from '../../src/seeding/ledger-run-gone-error';
import { RunTakenOverError } from '../../src/seeding/run-taken-over-error';
import { seed } from '../../src/seeding/seed';
import { inNewDatabase, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 60, posts: 80, comments: 40, tags: 10, post_tags: 30, follows: 20 };
const server = useServer();

// ALTER SYSTEM changes the whole server: only on a server of the test's own.
it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
  'marks the run done without waiting for a synchronous standby that is down, when the load ran with synchronous_commit = off',
  async () => {
    await inNewDatabase(server.pg, 'standby_down', async (manager) => {
      await manager.setSessionSettings({ synchronous_commit: 'off' });
      // A synchronous standby that never answers: a commit under 'on' would wait for it forever.
      await server.pg.query(`ALTER SYSTEM SET synchronous_standby_names = 'standby_that_is_down'`);
      await server.pg.query('SELECT pg_reload_conf()');
      try {
        const outcome = await Promise.race([
          seed({ config: exampleConfig, manager, counts: COUNTS, batchSize: 50 }).then((report) => report.runId),
          new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 15 s'), 15_000).unref()),
        ]);
        expect(outcome).toMatch(/^[0-9a-f-]{36}$/);
      } finally {
        await server.pg.query('ALTER SYSTEM RESET synchronous_standby_names');
        await server.pg.query('SELECT pg_reload_conf()');
      }
      const query = (sql: string) => manager.dataSource.query(sql);
      expect(await rowCounts(query)).toEqual(COUNTS);
      expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'done' }]);
    });
  },
  30_000,
);

/** A seed of COUNTS whose afterLoad hook (a finishing step) runs `sql`: what it rejects with. */
function seedRunningAfterLoad(manager: DataSourceManager, sql: string): Promise<unknown> {
  return seed({ config: exampleConfig, manager, counts: COUNTS, hooks: { afterLoad: async ({ dataSource }) => void (await dataSource.query(sql)) } }).catch((e: unknown) => e);
}

it('does not report a run complete when its ledger rows vanished during the finishing steps', async () => {
  await inNewDatabase(server.pg, 'run_deleted', async (manager) => {
    const error = await seedRunningAfterLoad(manager, 'DELETE FROM reseed_runs');
    expect(error).toBeInstanceOf(LedgerRunGoneError);
  });
});

it('does not mark a run done that another process took over during the finishing steps', async () => {
  await inNewDatabase(server.pg, 'run_taken', async (manager) => {
    const error = await seedRunningAfterLoad(manager, `UPDATE reseed_runs SET owner = '4242@elsewhere#other', heartbeat_at = now()`);
    expect(error).toBeInstanceOf(RunTakenOverError);
    expect((error as Error).message).toMatch(/was taken over by another process \(pid 4242 on elsewhere\) while this one was loading it: this process stopped before marking it done/);
    expect(await manager.dataSource.query('SELECT status FROM reseed_runs')).toEqual([{ status: 'running' }]);
  });
});
