import { describe, expect, it } from 'vitest';
import { type ProbeAttempt, ReadinessTimeoutError, withReconnect } from '../../src/connection';
import { useServer } from '../support/use-server';
import { waitFor } from '../support/wait-for';

const probes: ProbeAttempt[] = [];

const ctx = useServer({
  proxy: true,
  manager: ({ proxy }) => ({
    overrides: { port: proxy.port },
    pool: { max: 4 },
    readiness: { budgetMs: 3_000, onAttempt: (a) => probes.push(a) },
  }),
});

async function fillPool(): Promise<void> {
  await Promise.all(Array.from({ length: 4 }, () => ctx.manager.dataSource.query('SELECT pg_sleep(0.05)')));
}

describe('behind a proxy that drops every connection', () => {
  it('an operation fails after the readiness budget with a clear error, without hanging or crashing', async () => {
    await fillPool();
    probes.length = 0;
    ctx.proxy.mode = 'drop';
    ctx.proxy.dropAll();
    const started = performance.now();

    const error = await withReconnect(ctx.manager, (ds) => ds.query('SELECT 1')).catch((e: unknown) => e);
    const tookMs = performance.now() - started;

    expect(error).toBeInstanceOf(ReadinessTimeoutError);
    expect((error as Error).message).toContain(`127.0.0.1:${ctx.proxy.port}/${ctx.pg.database} did not accept connections within`);
    expect(probes.length).toBeGreaterThan(3);
    expect(probes.every((p) => p.outcome !== 'ready')).toBe(true);
    expect(tookMs).toBeLessThan(15_000);
    expect(() => ctx.manager.dataSource).toThrow(expect.objectContaining({ code: 'RESEED_NOT_READY' }));
  });

  it('after that failure, the next operation reconnects by itself once connections are forwarded again', async () => {
    expect(ctx.manager.state).toBe('failed');
    ctx.proxy.mode = 'forward';
    const retries: number[] = [];
    await expect(withReconnect(ctx.manager, (ds) => ds.query('SELECT 1 AS one'), { onRetry: (_, n) => retries.push(n) })).resolves.toEqual([{ one: 1 }]);
    expect(retries).toEqual([1]);
    expect(ctx.manager.state).toBe('ready');
  });

  it('an operation waits while connections are dropped and succeeds once they are forwarded again', async () => {
    await fillPool();
    ctx.proxy.mode = 'drop';
    ctx.proxy.dropAll();
    probes.length = 0;

    const operation = withReconnect(ctx.manager, (ds) => ds.query('SELECT 1 AS one'));
    // Until the readiness probe has met a dropped connection: the operation is waiting for the server.
    await waitFor('a probe to meet a dropped connection', () => probes.some((p) => p.outcome !== 'ready'));
    ctx.proxy.mode = 'forward';

    await expect(operation).resolves.toEqual([{ one: 1 }]);
    expect(probes.filter((p) => p.outcome !== 'ready').length).toBeGreaterThan(0);
    expect(probes.at(-1)?.outcome).toBe('ready');
  });
});
