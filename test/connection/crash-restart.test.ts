import { describe, expect, it } from 'vitest';
import { withReconnect } from '../../src/connection';
import { restartSkipReason } from '../support/postgres';
import { sleep } from './support/manager';
import { useServer } from '../support/use-server';

const ctx = useServer({
  manager: { pool: { max: 5 } },
  prepare: ({ manager }) => manager.dataSource.query('CREATE TABLE IF NOT EXISTS marks (id int PRIMARY KEY)'),
});

async function idlePids(count: number): Promise<number[]> {
  const rows = await Promise.all(
    Array.from({ length: count }, () => ctx.manager.dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.1)')),
  );
  return rows.map((r: Array<{ pid: number }>) => r[0].pid);
}

describe.each([
  { how: 'an immediate shutdown', down: () => ctx.pg.stop('immediate') },
  { how: 'SIGKILL of the postmaster', down: () => ctx.pg.kill() },
])('after $how and a start', ({ how, down }) => {
  it('the process does not crash and the next operation through the manager succeeds', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const warnsBefore = ctx.log.warn.length;
    const before = await idlePids(5);
    await down();
    await sleep(500);
    // Issued while the server is down: it has to wait for the start below.
    const operation = withReconnect(ctx.manager, async (ds) => {
      await ds.query('INSERT INTO marks (id) VALUES ($1) ON CONFLICT DO NOTHING', [before[0]]);
      return ds.query('SELECT pg_backend_pid() AS pid');
    });
    await sleep(1_000);
    await ctx.pg.start();
    const after = await operation;

    expect(before).not.toContain(after[0].pid);
    const rows = await ctx.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM marks WHERE id = $1', [before[0]]);
    expect(rows[0].n).toBe(1);
    expect(ctx.manager.dataSource.isInitialized).toBe(true);
    // The dead idle clients were reported, once per outage, never thrown.
    expect(ctx.log.warn.length - warnsBefore).toBeLessThanOrEqual(1);
    console.log(`${how}: reconnects so far ${ctx.manager.stats.reconnects}, total downtime ${ctx.manager.stats.downtimeMs} ms`);
  });
});
