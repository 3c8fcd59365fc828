import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  classifyError,
  type DataSourceManager,
  prePingPoolOf,
  type ProbeAttempt,
  ReadinessTimeoutError,
  waitForReady,
  withReconnect,
} from '../../src/connection';
import { sleep } from './support/manager';
import { testManager } from '../support/test-manager';
import { useServer } from '../support/use-server';

const ctx = useServer({ proxy: true });

/** Our established TCP sockets to a port, as the kernel lists them (with their timers). */
function establishedTo(port: number): string[] {
  return execFileSync('ss', ['-tnoH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function blackHoleManager(): { manager: DataSourceManager; probes: ProbeAttempt[] } {
  const probes: ProbeAttempt[] = [];
  const { manager } = testManager(ctx.pg, {
    overrides: { port: ctx.proxy.port },
    pool: { max: 3, pingTimeoutMs: 500, connectionTimeoutMillis: 1_000, keepAliveInitialDelayMillis: 7_000 },
    readiness: { budgetMs: 2_500, connectTimeoutMs: 800, onAttempt: (a) => probes.push(a) },
  });
  return { manager, probes };
}

describe('behind a proxy that black-holes connections (accepts, forwards nothing)', () => {
  it('pooled sockets carry TCP keepalive with the configured first-probe delay', async () => {
    ctx.proxy.mode = 'forward';
    const { manager } = blackHoleManager();
    await manager.initialize();
    try {
      await Promise.all(Array.from({ length: 3 }, () => manager.dataSource.query('SELECT pg_sleep(0.05)')));
      // ss shows the kernel's keepalive timer of each socket from our side to the proxy.
      const sockets = establishedTo(ctx.proxy.port);
      expect(sockets.length).toBe(3);
      for (const line of sockets) {
        const [, amount, unit] = /timer:\(keepalive,([0-9.]+)(ms|sec|min)/.exec(line) ?? [];
        const seconds = Number(amount) * (unit === 'ms' ? 0.001 : unit === 'min' ? 60 : 1);
        // The kernel default would be 7200 s; ours is 7 s.
        expect(seconds).toBeGreaterThan(0);
        expect(seconds).toBeLessThanOrEqual(7);
      }
    } finally {
      await manager.destroy();
    }
  });

  it('replacing a DataSource whose link went silent leaves no half-open socket behind: they are cut after the close timeout', async () => {
    ctx.proxy.mode = 'forward';
    const { manager } = blackHoleManager();
    await manager.initialize();
    try {
      await Promise.all(Array.from({ length: 3 }, () => manager.dataSource.query('SELECT pg_sleep(0.05)')));
      expect(ctx.proxy.openConnections).toBe(3);
      const oldPool = prePingPoolOf(manager.dataSource)!;
      ctx.proxy.blackHoleExisting(); // new connections are still forwarded
      const started = performance.now();

      await manager.recreate('the old link is silent');
      const tookMs = performance.now() - started;

      // The polite close waits 1 s (DEFAULT_CLOSE_TIMEOUT_MS) for goodbyes that never come, then cuts the sockets.
      expect(tookMs).toBeGreaterThanOrEqual(900);
      expect(tookMs).toBeLessThan(10_000);
      await sleep(100);
      // On our side only the new pool's connection is still established; the black hole keeps its own half.
      expect(oldPool.openClients).toBe(0);
      expect(establishedTo(ctx.proxy.port)).toHaveLength(1);
      await expect(manager.dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      await manager.destroy();
    }
  });

  it('a probe gives up after its budget: each attempt is cut by the connect timeout', async () => {
    ctx.proxy.mode = 'black-hole';
    const attempts: ProbeAttempt[] = [];
    const started = performance.now();
    const error = await waitForReady(
      { host: '127.0.0.1', port: ctx.proxy.port, user: ctx.pg.user, password: ctx.pg.password, database: ctx.pg.database },
      { budgetMs: 2_000, connectTimeoutMs: 500, onAttempt: (a) => attempts.push(a) },
    ).catch((e: unknown) => e);
    const tookMs = performance.now() - started;

    expect(error).toBeInstanceOf(ReadinessTimeoutError);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((a) => a.outcome === 'timeout')).toBe(true);
    expect((error as Error).message).toMatch(/last attempt: .*no answer within \d+ ms/);
    expect(tookMs).toBeLessThan(8_000);
  });

  it('an operation on a pool whose link went silent fails within its timeouts, and the manager recovers when the link is back', async () => {
    ctx.proxy.mode = 'forward';
    const { manager, probes } = blackHoleManager();
    await manager.initialize();
    try {
      await Promise.all(Array.from({ length: 3 }, () => manager.dataSource.query('SELECT pg_sleep(0.05)')));
      await sleep(1_200); // idle long enough to be pre-pinged
      ctx.proxy.blackHoleExisting();
      ctx.proxy.mode = 'black-hole';
      const started = performance.now();

      const error = await withReconnect(manager, (ds) => ds.query('SELECT 1')).catch((e: unknown) => e);
      const tookMs = performance.now() - started;

      // pre-ping timeouts (3 x 0.5 s), a connect timeout (1 s), the old pool's forced close and the probe budget (2.5 s).
      expect(error).toBeInstanceOf(ReadinessTimeoutError);
      expect(classifyError(error)).toBe('other');
      expect(probes.filter((p) => p.outcome === 'timeout').length).toBeGreaterThan(0);
      expect(tookMs).toBeLessThan(20_000);
      console.log(`black hole: the operation gave up after ${Math.round(tookMs)} ms`);

      ctx.proxy.mode = 'forward';
      await manager.recreate('link is back');
      await expect(manager.dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      await manager.destroy();
    }
  });
});

describe('a statement in flight when the link goes silent', () => {
  it('is abandoned after its bound, its backend ended (no locks held for nobody), and the reconnect path redoes the transaction', async () => {
    ctx.proxy.mode = 'forward';
    await ctx.pg.query('CREATE TABLE IF NOT EXISTS marks (n int PRIMARY KEY)');
    const { manager, log } = testManager(ctx.pg, {
      overrides: { port: ctx.proxy.port },
      pool: { max: 2, statementCheckFloorMs: 1_500, connectionTimeoutMillis: 2_000 },
      readiness: { budgetMs: 10_000, connectTimeoutMs: 1_000 },
    });
    await manager.initialize();
    const retries: string[] = [];
    try {
      let attempt = 0;
      const started = performance.now();
      await withReconnect(
        manager,
        (ds) =>
          ds.transaction(async (tx) => {
            attempt += 1;
            await tx.query('INSERT INTO marks VALUES (1)');
            // The link goes silent with the transaction open and a statement on its way: no answer will ever come.
            if (attempt === 1) ctx.proxy.blackHoleExisting();
            await tx.query('INSERT INTO marks VALUES (2)');
          }),
        { onRetry: (error) => retries.push((error as Error).message) },
      );
      const tookMs = performance.now() - started;

      expect(attempt).toBe(2);
      expect(retries.join('\n')).toMatch(/no answer to a statement for \d+ s: backend \d+ was idle in transaction .*; ended it; abandoned it/);
      expect(tookMs).toBeLessThan(20_000);
      expect(await ctx.pg.query('SELECT n FROM marks ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
      // The black-holed session's backend does not linger idle in transaction with its locks.
      expect(await ctx.pg.query(`SELECT pid FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND datname = current_database()`)).toEqual([]);
      void log;
    } finally {
      await manager.destroy();
      await ctx.pg.query('DROP TABLE marks');
    }
  });

  it('is left alone while its backend is still running it (a long statement is no hang)', async () => {
    ctx.proxy.mode = 'forward';
    const { manager } = testManager(ctx.pg, { overrides: { port: ctx.proxy.port }, pool: { max: 1, statementCheckFloorMs: 500 } });
    await manager.initialize();
    try {
      await expect(manager.dataSource.query('SELECT pg_sleep(2.5) AS slept')).resolves.toEqual([{ slept: '' }]);
    } finally {
      await manager.destroy();
    }
  });
});
