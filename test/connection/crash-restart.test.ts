import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReconnect, type DataSourceManager } from '../../src/connection';
import { restartSkipReason, startPostgres, type TestPostgres } from '../support/postgres';
import { sleep, testManager, type CapturedLog } from './support/manager';

let pg: TestPostgres;
let manager: DataSourceManager;
let log: CapturedLog;

beforeAll(async () => {
  pg = await startPostgres();
  ({ manager, log } = testManager(pg, { pool: { max: 5 } }));
  await manager.initialize();
  await manager.dataSource.query('CREATE TABLE IF NOT EXISTS marks (id int PRIMARY KEY)');
});

afterAll(async () => {
  await manager?.destroy();
  await pg?.dispose();
});

async function idlePids(count: number): Promise<number[]> {
  const rows = await Promise.all(
    Array.from({ length: count }, () => manager.dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.1)')),
  );
  return rows.map((r: Array<{ pid: number }>) => r[0].pid);
}

describe.each([
  { how: 'an immediate shutdown', down: () => pg.stop('immediate') },
  { how: 'SIGKILL of the postmaster', down: () => pg.kill() },
])('after $how and a start', ({ how, down }) => {
  it('the process does not crash and the next operation through the manager succeeds', async (context) => {
    if (restartSkipReason(pg)) return context.skip(restartSkipReason(pg));
    const warnsBefore = log.warn.length;
    const before = await idlePids(5);
    await down();
    await sleep(500);
    // Issued while the server is down: it has to wait for the start below.
    const operation = withReconnect(manager, async (ds) => {
      await ds.query('INSERT INTO marks (id) VALUES ($1) ON CONFLICT DO NOTHING', [before[0]]);
      return ds.query('SELECT pg_backend_pid() AS pid');
    });
    await sleep(1_000);
    await pg.start();
    const after = await operation;

    expect(before).not.toContain(after[0].pid);
    const rows = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM marks WHERE id = $1', [before[0]]);
    expect(rows[0].n).toBe(1);
    expect(manager.dataSource.isInitialized).toBe(true);
    // The dead idle clients were reported, once per outage, never thrown.
    expect(log.warn.length - warnsBefore).toBeLessThanOrEqual(1);
    console.log(`${how}: reconnects so far ${manager.stats.reconnects}, total downtime ${manager.stats.downtimeMs} ms`);
  });
});
