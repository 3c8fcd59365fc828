import { describe, expect, it } from 'vitest';
import { type ProbeAttempt, type ReconnectedEvent, withReconnect } from '../../src/connection';
import { restartSkipReason } from '../support/postgres';
import { sleep } from './support/manager';
import { useServer } from '../support/use-server';
import { waitFor } from '../support/wait-for';

const ctx = useServer({ manager: { pool: { max: 5 } } });

/** Checks out `count` clients at once so that the pool holds that many idle connections afterwards. */
async function fillPool(count: number): Promise<number[]> {
  const rows = await Promise.all(
    Array.from({ length: count }, () => ctx.manager.dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.1)')),
  );
  return rows.map((r: Array<{ pid: number }>) => r[0].pid);
}

describe('a fast restart', () => {
  it('with idle pooled clients does not crash, and the next operation through the manager succeeds', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const before = await fillPool(5);
    expect(new Set(before).size).toBe(5);

    await ctx.pg.restart({ mode: 'fast' });
    // The dead idle clients report their errors; once, as the assertion below says.
    await waitFor('the lost idle connections to be reported', () => ctx.log.warn.some((line) => line.startsWith('lost idle connections')));

    const after = await withReconnect(ctx.manager, (ds) => ds.query('SELECT pg_backend_pid() AS pid'));
    expect(before).not.toContain(after[0].pid);
    // Five idle clients died; the user hears about it once, not five or ten times.
    expect(ctx.log.warn.filter((line) => line.startsWith('lost idle connections'))).toHaveLength(1);
  });

  it('makes an operation issued while the server is down wait for it, then succeed, with the downtime reported', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    await fillPool(3);
    const probes: ProbeAttempt[] = [];
    const reconnected: ReconnectedEvent[] = [];
    ctx.manager.on('probe', (attempt) => probes.push(attempt));
    ctx.manager.on('reconnected', (event) => reconnected.push(event));
    const oldDataSource = ctx.manager.dataSource;

    await ctx.pg.stop('fast');
    const stoppedAt = performance.now();
    const retries: unknown[] = [];
    const operation = withReconnect(ctx.manager, (ds) => ds.query('SELECT 1 AS one'), { onRetry: (error) => retries.push(error) });
    await sleep(1_500);
    await ctx.pg.start();
    const startedAt = performance.now();
    const result = await operation;
    const answeredAt = performance.now();

    expect(result).toEqual([{ one: 1 }]);
    expect(retries).toHaveLength(1);
    expect(ctx.manager.dataSource).not.toBe(oldDataSource);
    expect(oldDataSource.isInitialized).toBe(false);
    expect(probes.some((p) => p.outcome === 'refused')).toBe(true);
    expect(probes.at(-1)?.outcome).toBe('ready');
    expect(reconnected).toHaveLength(1);
    expect(reconnected[0].health.ok).toBe(true);
    expect(reconnected[0].downtimeMs).toBeGreaterThanOrEqual(1_000);
    expect(ctx.manager.stats.reconnects).toBe(1);
    // Generous bound on a noisy two-core machine; the number itself goes to the log.
    expect(answeredAt - startedAt).toBeLessThan(5_000);
    console.log(
      `fast restart: server down ${Math.round(startedAt - stoppedAt)} ms, answered ${Math.round(answeredAt - startedAt)} ms after it accepted connections; ` +
        `manager downtime ${reconnected[0].downtimeMs} ms, ${reconnected[0].attempts} probe attempts`,
    );
  });
});
