import { afterAll, beforeAll, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { type AckDroppingProxy, startAckDroppingProxy } from './support/ack-dropping-proxy';
import { integrityProblems, migrate, openManager, rowCounts, tableChecksums, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 80, posts: 200, comments: 300, tags: 15, post_tags: 250, follows: 150 };
const BATCH_SIZE = 25;

const server = useServer();
let proxy: AckDroppingProxy;
// Registered after the server's hooks: starts once it runs, closes before it is disposed of.
beforeAll(async () => {
  proxy = await startAckDroppingProxy({ host: server.pg.host, port: server.pg.port });
});
afterAll(async () => {
  await proxy?.close();
});

it('lets the ledger decide after a COMMIT whose acknowledgement was lost: the batch is neither lost nor written twice', async () => {
  const viaProxy = new URL(server.pg.url);
  viaProxy.port = String(proxy.port);
  const options = testDataSourceOptions(viaProxy.toString());
  await migrate(options);
  const manager = await openManager(options);
  let batches = 0;
  try {
    const report = await seed({
      config: exampleConfig,
      manager,
      counts: COUNTS,
      seed: 21,
      batchSize: BATCH_SIZE,
      onProgress: (event) => {
        // The batch after these commits on the server, but its client never hears so.
        if (event.type === 'batch' && (++batches === 3 || batches === 17)) proxy.armNextCommit();
      },
    });
    expect(proxy.dropped).toBe(2);
    expect(report.reconnects).toBe(2);
    const query = (sql: string) => manager.dataSource.query(sql);
    expect(await rowCounts(query)).toEqual(COUNTS);
    expect(await integrityProblems(query)).toEqual([]);
    // Rows this call counted: every row once, though two batches were "retried".
    expect(report.totalRows).toBe(Object.values(COUNTS).reduce((a, b) => a + b, 0));
    const sums = await tableChecksums(query);

    await server.pg.query('CREATE DATABASE reference');
    const referenceOptions = testDataSourceOptions(server.pg.urlFor('reference'));
    await migrate(referenceOptions);
    const reference = await openManager(referenceOptions);
    try {
      await seed({ config: exampleConfig, manager: reference, counts: COUNTS, seed: 21 });
      expect(sums).toEqual(await tableChecksums((sql) => reference.dataSource.query(sql)));
    } finally {
      await reference.destroy();
    }
  } finally {
    await manager.destroy();
  }
});
