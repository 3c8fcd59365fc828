import { exampleConfig } from '../../src/factories/example-config';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DataSourceManager } from '../../src/connection';
import { seed } from '../../src/seeding/seed';
import { integrityProblems, migrate, openManager, rowCounts, tableChecksums, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';
import { TcpProxy } from '../support/tcp-proxy';

const COUNTS = { users: 80, posts: 200, comments: 300, tags: 15, post_tags: 250, follows: 150 };

const server = useServer();
let proxy: TcpProxy;
beforeAll(async () => {
  proxy = await TcpProxy.start(server.pg.port);
});
afterAll(async () => {
  await proxy?.close();
});

it('abandons a batch whose link went silent (sockets open, nothing forwarded) after its bound, says so, and the load finishes exactly', async () => {
  const viaProxy = new URL(server.pg.url);
  viaProxy.port = String(proxy.port);
  const options = testDataSourceOptions(viaProxy.toString());
  await migrate(options);
  const manager = new DataSourceManager({
    dataSourceOptions: options,
    pool: { statementCheckFloorMs: 1_500, pingTimeoutMs: 500 },
    readiness: { minDelayMs: 50, maxDelayMs: 500, budgetMs: 30_000 },
  });
  await manager.initialize();
  let batches = 0;
  const reasons: string[] = [];
  const started = performance.now();
  try {
    const report = await seed({
      config: exampleConfig,
      manager,
      counts: COUNTS,
      seed: 5,
      batchSize: 25,
      // Only existing connections go silent: the server and new connections are fine, as after a NAT or firewall forgets a flow.
      onProgress: (event) => {
        if (event.type === 'batch' && ++batches === 6) proxy.blackHoleExisting();
        if (event.type === 'reconnecting') reasons.push(event.reason);
      },
    });
    const tookMs = performance.now() - started;

    expect(report.reconnects).toBeGreaterThanOrEqual(1);
    expect(reasons.join('\n')).toMatch(/no answer to a statement for \d+ s: .*abandoned it/);
    expect(tookMs).toBeLessThan(60_000);
    const query = (sql: string) => manager.dataSource.query(sql);
    expect(await rowCounts(query)).toEqual(COUNTS);
    expect(await integrityProblems(query)).toEqual([]);
    const sums = await tableChecksums(query);
    expect(await server.pg.query(`SELECT pid FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND datname = current_database()`)).toEqual([]);

    await server.pg.query('CREATE DATABASE reference');
    const referenceOptions = testDataSourceOptions(server.pg.urlFor('reference'));
    await migrate(referenceOptions);
    const reference = await openManager(referenceOptions);
    try {
      await seed({ config: exampleConfig, manager: reference, counts: COUNTS, seed: 5 });
      expect(sums).toEqual(await tableChecksums((sql) => reference.dataSource.query(sql)));
    } finally {
      await reference.destroy();
    }
  } finally {
    await manager.destroy();
  }
});
