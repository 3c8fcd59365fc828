import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadinessTimeoutError, withReconnect, type DataSourceManager, type ProbeAttempt } from '../../src/connection';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { sleep, testManager } from './support/manager';
import { TcpProxy } from './support/tcp-proxy';

let pg: TestPostgres;
let proxy: TcpProxy;
let manager: DataSourceManager;
const probes: ProbeAttempt[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  proxy = await TcpProxy.start(pg.port);
  ({ manager } = testManager(pg, {
    overrides: { port: proxy.port },
    pool: { max: 4 },
    readiness: { budgetMs: 3_000, onAttempt: (a) => probes.push(a) },
  }));
  await manager.initialize();
});

afterAll(async () => {
  await manager?.destroy();
  await proxy?.close();
  await pg?.dispose();
});

async function fillPool(): Promise<void> {
  await Promise.all(Array.from({ length: 4 }, () => manager.dataSource.query('SELECT pg_sleep(0.05)')));
}

describe('behind a proxy that drops every connection', () => {
  it('an operation fails after the readiness budget with a clear error, without hanging or crashing', async () => {
    await fillPool();
    probes.length = 0;
    proxy.mode = 'drop';
    proxy.dropAll();
    const started = performance.now();

    const error = await withReconnect(manager, (ds) => ds.query('SELECT 1')).catch((e: unknown) => e);
    const tookMs = performance.now() - started;

    expect(error).toBeInstanceOf(ReadinessTimeoutError);
    expect((error as Error).message).toContain(`127.0.0.1:${proxy.port}/${pg.database} did not accept connections within`);
    expect(probes.length).toBeGreaterThan(3);
    expect(probes.every((p) => p.outcome !== 'ready')).toBe(true);
    expect(tookMs).toBeLessThan(15_000);
    expect(() => manager.dataSource).toThrow(expect.objectContaining({ code: 'RESEED_NOT_READY' }));
  });

  it('after that failure, the next operation reconnects by itself once connections are forwarded again', async () => {
    expect(manager.state).toBe('failed');
    proxy.mode = 'forward';
    const retries: number[] = [];
    await expect(withReconnect(manager, (ds) => ds.query('SELECT 1 AS one'), { onRetry: (_, n) => retries.push(n) })).resolves.toEqual([{ one: 1 }]);
    expect(retries).toEqual([1]);
    expect(manager.state).toBe('ready');
  });

  it('an operation waits while connections are dropped and succeeds once they are forwarded again', async () => {
    await fillPool();
    proxy.mode = 'drop';
    proxy.dropAll();
    probes.length = 0;

    const operation = withReconnect(manager, (ds) => ds.query('SELECT 1 AS one'));
    await sleep(1_000);
    proxy.mode = 'forward';

    await expect(operation).resolves.toEqual([{ one: 1 }]);
    expect(probes.filter((p) => p.outcome !== 'ready').length).toBeGreaterThan(0);
    expect(probes.at(-1)?.outcome).toBe('ready');
  });
});
