import { describe, expect, it } from 'vitest';
import { classifyError, type DataSourceManager, prePingPoolOf, type PrePingPoolOptions } from '../../src/connection';
import { countBackends, sleep } from './support/manager';
import { testManager } from '../support/test-manager';
import { useServer } from '../support/use-server';

const ctx = useServer({ proxy: true });

/** A manager whose pool holds `count` idle connections, idle for longer than the default pre-ping threshold. */
async function managerWithIdleClients(count: number, pool: PrePingPoolOptions, port = ctx.pg.port): Promise<{ manager: DataSourceManager; pids: number[] }> {
  const { manager } = testManager(ctx.pg, { pool: { max: count, ...pool }, overrides: { port } });
  await manager.initialize();
  const rows = await Promise.all(
    Array.from({ length: count }, () => manager.dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.1)')),
  );
  await sleep(1_200);
  return { manager, pids: rows.map((r: Array<{ pid: number }>) => r[0].pid) };
}

/** pg_terminate_backend on every pooled connection, then waits until the server has none left. */
async function terminateAndWait(): Promise<void> {
  expect(await ctx.pg.terminateBackends()).toBeGreaterThan(0);
  for (let i = 0; i < 50 && (await countBackends(ctx.pg)) > 0; i++) await sleep(100);
  expect(await countBackends(ctx.pg)).toBe(0);
}

describe('pre-ping on checkout', () => {
  it('replaces connections killed with pg_terminate_backend: the next query runs on a new backend', async () => {
    const { manager, pids } = await managerWithIdleClients(3, {});
    try {
      await terminateAndWait();
      const [row] = await manager.dataSource.query('SELECT pg_backend_pid() AS pid');
      expect(pids).not.toContain(row.pid);
    } finally {
      await manager.destroy();
    }
  });

  it('validates idle connections whose death the client has not noticed yet, discards them and hands out a live one', async () => {
    const { manager, pids } = await managerWithIdleClients(3, {}, ctx.proxy.port);
    try {
      // As behind a NAT or firewall: the server ends the sessions, the client is not told.
      ctx.proxy.hideServerSideOfExisting();
      await terminateAndWait();
      const pool = prePingPoolOf(manager.dataSource)!;
      expect(pool.idleCount).toBe(3);

      const [row] = await manager.dataSource.query('SELECT pg_backend_pid() AS pid');

      expect(pids).not.toContain(row.pid);
      expect(pool.prePingStats).toEqual({ pings: 3, discarded: 3 });
    } finally {
      await manager.destroy();
    }
  });

  it('is what saves that query: without pre-ping the same first query fails with a lost connection', async () => {
    const { manager } = await managerWithIdleClients(3, { pingIdleAfterMs: Infinity }, ctx.proxy.port);
    try {
      ctx.proxy.hideServerSideOfExisting();
      await terminateAndWait();

      const error = await manager.dataSource.query('SELECT 1').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/Connection terminated/);
      expect(classifyError(error)).toBe('connection-lost');
      expect(prePingPoolOf(manager.dataSource)!.prePingStats.pings).toBe(0);
    } finally {
      await manager.destroy();
    }
  });

  it('never hands out again a client whose session the server just ended, even before its socket has closed', async () => {
    const { manager } = testManager(ctx.pg, { pool: { max: 1 } });
    await manager.initialize();
    try {
      const [{ pid }] = await manager.dataSource.query('SELECT pg_backend_pid() AS pid');
      const error = await manager.dataSource.query('SELECT pg_terminate_backend(pg_backend_pid())').catch((e: unknown) => e);
      expect(classifyError(error)).toBe('connection-lost');
      // Straight away, in the same turn of the event loop as the failure.
      const [row] = await manager.dataSource.query('SELECT pg_backend_pid() AS pid');
      expect(row.pid).not.toBe(pid);
      expect(prePingPoolOf(manager.dataSource)!.prePingStats).toMatchObject({ pings: 0, discarded: 1 });
    } finally {
      await manager.destroy();
    }
  });

  it('survives the server ending the session of a client that is checked out and idle: no uncaught error, and the next query gets a live one', async () => {
    const { manager } = testManager(ctx.pg, { pool: { max: 2 } });
    await manager.initialize();
    try {
      const pool = prePingPoolOf(manager.dataSource)!;
      // Held between statements, as a batch transaction holds its client while its rows are made;
      // no query is running on it to take the error, and pg's pool listens only to idle clients.
      const held = await pool.connect();
      await held.query('SELECT 1');
      await terminateAndWait();
      await sleep(200);
      await expect(held.query('SELECT 1')).rejects.toSatisfy((error: unknown) => classifyError(error) === 'connection-lost');
      held.release(new Error('its session ended'));
      const [row] = await manager.dataSource.query('SELECT 1 AS one');
      expect(row.one).toBe(1);
    } finally {
      await manager.destroy();
    }
  });

  it('does not ping a connection that was used a moment ago', async () => {
    const { manager } = testManager(ctx.pg, { pool: { max: 1 } });
    await manager.initialize();
    try {
      for (let i = 0; i < 5; i++) await manager.dataSource.query('SELECT 1');
      expect(prePingPoolOf(manager.dataSource)!.prePingStats.pings).toBe(0);
      await sleep(1_200);
      await manager.dataSource.query('SELECT 1');
      expect(prePingPoolOf(manager.dataSource)!.prePingStats).toEqual({ pings: 1, discarded: 0 });
    } finally {
      await manager.destroy();
    }
  });
});
