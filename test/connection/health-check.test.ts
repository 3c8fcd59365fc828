import { describe, expect, it } from 'vitest';
import { healthCheck, HealthCheckFailedError, type ReconnectedEvent } from '../../src/connection';
import { restartSkipReason } from '../support/postgres';
import { testManager } from '../support/test-manager';
import { useServer } from '../support/use-server';
import { waitFor } from '../support/wait-for';

const TABLES = ['users', 'posts', 'comments', 'tags', 'post_tags', 'follows'];

const ctx = useServer({
  manager: { health: { tables: TABLES }, initialize: false },
  prepare: async ({ manager }) => {
    // The example tables do not exist yet: connecting works, the health check says what is missing.
    const error = await manager.initialize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthCheckFailedError);
    await manager.dataSource.runMigrations();
  },
});

describe('the health check', () => {
  it('reports the database, the user, the server version and that the seeded tables are reachable', async () => {
    const report = await healthCheck(ctx.manager.dataSource, { tables: [...TABLES, 'public.users'] });
    expect(report).toMatchObject({ ok: true, database: ctx.pg.database, user: ctx.pg.user, problems: [] });
    expect(report.serverVersion).toMatch(/^1[7-9]\./);
    expect(Object.values(report.tables).every(Boolean)).toBe(true);
    expect(Object.keys(report.tables)).toHaveLength(7);
  });

  it('names a missing table and a table the user may not read', async () => {
    await ctx.pg.query(`CREATE ROLE reader LOGIN PASSWORD 'reader'`);
    await ctx.pg.query(`GRANT SELECT ON users TO reader`);
    const { manager: readerManager } = testManager(ctx.pg, { overrides: { username: 'reader', password: 'reader' } });
    await readerManager.initialize();
    try {
      const report = await healthCheck(readerManager.dataSource, { tables: ['users', 'posts', 'no_such_table'] });
      expect(report.ok).toBe(false);
      expect(report.user).toBe('reader');
      expect(report.tables).toEqual({ users: true, posts: false, no_such_table: false });
      expect(report.problems).toEqual([
        'table posts is missing or not readable by reader',
        'table no_such_table is missing or not readable by reader',
      ]);
    } finally {
      await readerManager.destroy();
    }
  });

  it('compares expected settings whatever their unit', async () => {
    // The test server runs with shared_buffers = 32MB.
    const report = await healthCheck(ctx.manager.dataSource, {
      expectedSettings: { shared_buffers: '32768kB', work_mem: '4MB', fsync: 'false', statement_timeout: '0ms', max_connections: '100' },
    });
    expect(report.problems).toEqual([]);
    expect(report.settings.shared_buffers).toEqual({ expected: '32768kB', actual: '32MB', ok: true });
    expect(report.settings.fsync).toEqual({ expected: 'false', actual: 'off', ok: true });
  });

  it('reports a setting that is not in effect, and one that does not exist', async () => {
    const report = await healthCheck(ctx.manager.dataSource, { expectedSettings: { shared_buffers: '256MB', no_such_setting: 'on' } });
    expect(report.ok).toBe(false);
    expect(report.settings.shared_buffers).toEqual({ expected: '256MB', actual: '32MB', ok: false });
    expect(report.problems).toEqual(['setting shared_buffers is 32MB, expected 256MB', 'setting no_such_setting does not exist on this server']);
  });

  it('lets the tuning step verify that a restart really applied a setting', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const expectedSettings = { max_locks_per_transaction: '128' };
    await ctx.manager.dataSource.query('ALTER SYSTEM SET max_locks_per_transaction = 128');
    await ctx.manager.dataSource.query('SELECT pg_reload_conf()');
    await waitFor('the reload to flag max_locks_per_transaction pending', async () => (await ctx.pg.query(`SELECT pending_restart FROM pg_settings WHERE name = 'max_locks_per_transaction'`))[0]?.pending_restart === true);

    const beforeRestart = await healthCheck(ctx.manager.dataSource, { expectedSettings });
    expect(beforeRestart.ok).toBe(false);
    expect(beforeRestart.problems).toEqual(['setting max_locks_per_transaction is 64, expected 128 (a changed value is waiting for a server restart)']);

    const reconnected: ReconnectedEvent[] = [];
    ctx.manager.on('reconnected', (event) => reconnected.push(event));
    await ctx.pg.restart({ mode: 'fast' });
    await ctx.manager.recreate('restart to apply max_locks_per_transaction', { expectedSettings });

    expect(reconnected).toHaveLength(1);
    expect(reconnected[0].health.ok).toBe(true);
    expect(reconnected[0].health.settings.max_locks_per_transaction).toEqual({ expected: '128', actual: '128', ok: true });
    expect(reconnected[0].health.tables).toEqual(Object.fromEntries(TABLES.map((t) => [t, true])));
  });

  it('fails recreate() with the report when the expected settings are not in effect, but keeps the working DataSource', async () => {
    const error = await ctx.manager.recreate('check', { expectedSettings: { work_mem: '1GB' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthCheckFailedError);
    expect(error).toMatchObject({ code: 'RESEED_HEALTH_CHECK_FAILED', report: { ok: false, settings: { work_mem: { actual: '4MB', ok: false } } } });
    expect((error as Error).message).toContain('setting work_mem is 4MB, expected 1GB');
    await expect(ctx.manager.dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });
});
