import { describe, expect, it } from 'vitest';
import { prePingPoolOf, withReconnect } from '../../src/connection';
import { restartSkipReason } from '../support/postgres';
import { countBackends, sleep } from './support/manager';
import { useServer } from '../support/use-server';

const APP = 'reseed-concurrency-test';
let reconnecting = 0;

const ctx = useServer({
  manager: { pool: { max: 5 }, overrides: { applicationName: APP }, initialize: false },
  prepare: ({ manager }) => {
    manager.on('reconnecting', () => reconnecting++);
  },
});

/** Backends of this manager once the server has caught up with closed connections. */
async function settledBackends(expected: number): Promise<number> {
  for (let i = 0; i < 30 && (await countBackends(ctx.pg, APP)) !== expected; i++) await sleep(100);
  return countBackends(ctx.pg, APP);
}

describe('concurrency', () => {
  it('50 concurrent initialize() calls build one DataSource with one pool', async () => {
    expect(ctx.manager.state).toBe('new');
    expect(() => ctx.manager.dataSource).toThrow(/call initialize\(\) before using the DataSourceManager/);
    const results = await Promise.all(Array.from({ length: 50 }, () => ctx.manager.initialize()));
    expect(ctx.manager.state).toBe('ready');
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toBe(ctx.manager.dataSource);
    // TypeORM keeps the one client it connected with; a leaked pool would add its own.
    expect(await settledBackends(1)).toBe(1);
  });

  it('50 concurrent recreate() calls share one recreation: one new DataSource, the old pool closed, no leaked backend', async () => {
    await Promise.all(Array.from({ length: 5 }, () => ctx.manager.dataSource.query('SELECT pg_sleep(0.05)')));
    expect(await countBackends(ctx.pg, APP)).toBe(5);
    const old = ctx.manager.dataSource;
    reconnecting = 0;

    const recreations = Array.from({ length: 50 }, (_, i) => ctx.manager.recreate(`caller ${i}`));
    // While it runs there is no DataSource to hand out: using one now is a typed error, not a dead pool.
    expect(ctx.manager.state).toBe('connecting');
    expect(() => ctx.manager.dataSource).toThrow(expect.objectContaining({ code: 'RESEED_NOT_READY' }));
    const results = await Promise.all(recreations);

    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBe(old);
    expect(old.isInitialized).toBe(false);
    expect(reconnecting).toBe(1);
    expect(ctx.manager.stats.reconnects).toBe(1);
    const pool = prePingPoolOf(ctx.manager.dataSource)!;
    expect(pool.totalCount).toBe(1);
    expect(await settledBackends(1)).toBe(1);
  });

  it('many workers hit by the same outage cause a single recreation', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const reconnectsBefore = ctx.manager.stats.reconnects;
    await ctx.pg.stop('fast');
    const workers = Array.from({ length: 20 }, (_, i) =>
      withReconnect(ctx.manager, async (ds) => (await ds.query('SELECT $1::int AS worker', [i]))[0].worker as number),
    );
    await sleep(500);
    await ctx.pg.start();
    const startedAt = performance.now();

    expect(await Promise.all(workers)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Workers queued on the old pool are released when it closes, not when their 10 s connect timeout fires.
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(ctx.manager.stats.reconnects - reconnectsBefore).toBe(1);
    expect(await countBackends(ctx.pg, APP)).toBeLessThanOrEqual(5);
  });

  it('destroy() leaves no backend behind, and the manager refuses further use', async () => {
    await ctx.manager.destroy();
    expect(await settledBackends(0)).toBe(0);
    expect(() => ctx.manager.dataSource).toThrow(expect.objectContaining({ code: 'RESEED_NOT_READY' }));
    await expect(ctx.manager.recreate('after destroy')).rejects.toMatchObject({ code: 'RESEED_NOT_READY' });
  });
});
