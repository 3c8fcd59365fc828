import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prePingPoolOf, withReconnect, type DataSourceManager } from '../../src/connection';
import { restartSkipReason, startPostgres, type TestPostgres } from '../support/postgres';
import { countBackends, sleep, testManager } from './support/manager';

const APP = 'reseed-concurrency-test';
let pg: TestPostgres;
let manager: DataSourceManager;
let reconnecting = 0;

beforeAll(async () => {
  pg = await startPostgres();
  ({ manager } = testManager(pg, { pool: { max: 5 }, overrides: { applicationName: APP } }));
  manager.on('reconnecting', () => reconnecting++);
});

afterAll(async () => {
  await manager?.destroy();
  await pg?.dispose();
});

/** Backends of this manager once the server has caught up with closed connections. */
async function settledBackends(expected: number): Promise<number> {
  for (let i = 0; i < 30 && (await countBackends(pg, APP)) !== expected; i++) await sleep(100);
  return countBackends(pg, APP);
}

describe('concurrency', () => {
  it('50 concurrent initialize() calls build one DataSource with one pool', async () => {
    expect(manager.state).toBe('new');
    expect(() => manager.dataSource).toThrow(/call initialize\(\) before using the DataSourceManager/);
    const results = await Promise.all(Array.from({ length: 50 }, () => manager.initialize()));
    expect(manager.state).toBe('ready');
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toBe(manager.dataSource);
    // TypeORM keeps the one client it connected with; a leaked pool would add its own.
    expect(await settledBackends(1)).toBe(1);
  });

  it('50 concurrent recreate() calls share one recreation: one new DataSource, the old pool closed, no leaked backend', async () => {
    await Promise.all(Array.from({ length: 5 }, () => manager.dataSource.query('SELECT pg_sleep(0.05)')));
    expect(await countBackends(pg, APP)).toBe(5);
    const old = manager.dataSource;
    reconnecting = 0;

    const recreations = Array.from({ length: 50 }, (_, i) => manager.recreate(`caller ${i}`));
    // While it runs there is no DataSource to hand out: using one now is a typed error, not a dead pool.
    expect(manager.state).toBe('connecting');
    expect(() => manager.dataSource).toThrow(expect.objectContaining({ code: 'RESEED_NOT_READY' }));
    const results = await Promise.all(recreations);

    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBe(old);
    expect(old.isInitialized).toBe(false);
    expect(reconnecting).toBe(1);
    expect(manager.stats.reconnects).toBe(1);
    const pool = prePingPoolOf(manager.dataSource)!;
    expect(pool.totalCount).toBe(1);
    expect(await settledBackends(1)).toBe(1);
  });

  it('many workers hit by the same outage cause a single recreation', async (context) => {
    if (restartSkipReason(pg)) return context.skip(restartSkipReason(pg));
    const reconnectsBefore = manager.stats.reconnects;
    await pg.stop('fast');
    const workers = Array.from({ length: 20 }, (_, i) =>
      withReconnect(manager, async (ds) => (await ds.query('SELECT $1::int AS worker', [i]))[0].worker as number),
    );
    await sleep(500);
    await pg.start();
    const startedAt = performance.now();

    expect(await Promise.all(workers)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Workers queued on the old pool are released when it closes, not when their 10 s connect timeout fires.
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(manager.stats.reconnects - reconnectsBefore).toBe(1);
    expect(await countBackends(pg, APP)).toBeLessThanOrEqual(5);
  });

  it('destroy() leaves no backend behind, and the manager refuses further use', async () => {
    await manager.destroy();
    expect(await settledBackends(0)).toBe(0);
    expect(() => manager.dataSource).toThrow(expect.objectContaining({ code: 'RESEED_NOT_READY' }));
    await expect(manager.recreate('after destroy')).rejects.toMatchObject({ code: 'RESEED_NOT_READY' });
  });
});
