import { expect, it } from 'vitest';
import { classifyError, withReconnect } from '../../src/connection';
import { restartSkipReason } from '../support/postgres';
import { useServer } from '../support/use-server';

const ctx = useServer({
  manager: { pool: { max: 3 } },
  prepare: async ({ manager }) => {
    await manager.dataSource.query('CREATE TABLE batches (batch int PRIMARY KEY, rows int NOT NULL)');
    await manager.dataSource.query('CREATE TABLE items (id int PRIMARY KEY, batch int NOT NULL)');
  },
});

it('does not redo work that failed for another reason than a lost connection', async () => {
  await ctx.manager.dataSource.query('INSERT INTO batches (batch, rows) VALUES (0, 0)');
  let runs = 0;
  const failing = withReconnect(ctx.manager, async (dataSource) => {
    runs += 1;
    await dataSource.query('INSERT INTO batches (batch, rows) VALUES (0, 0)'); // the second insert breaks the primary key
  });
  await expect(failing).rejects.toMatchObject({ code: '23505' });
  expect(runs).toBe(1);
});

it('redoes a transaction that was in flight during a fast restart, and it takes effect exactly once', async (context) => {
  if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
  let runs = 0;
  let restart: Promise<void> | undefined;
  const retryErrors: unknown[] = [];

  await withReconnect(
    ctx.manager,
    (dataSource) =>
      dataSource.transaction(async (tx) => {
        runs += 1;
        const ids = Array.from({ length: 100 }, (_, i) => i + 1);
        await tx.query('INSERT INTO items (id, batch) SELECT id, 1 FROM unnest($1::int[]) AS id', [ids]);
        if (runs === 1) {
          // The rows are written but not committed when the server goes away under the transaction.
          restart = ctx.pg.restart({ mode: 'fast' });
          await tx.query('SELECT pg_sleep(30)');
        }
        await tx.query('INSERT INTO batches (batch, rows) VALUES (1, 100)');
      }),
    { onRetry: (error) => retryErrors.push(error) },
  );
  await restart;

  expect(runs).toBe(2);
  expect(retryErrors).toHaveLength(1);
  expect(classifyError(retryErrors[0])).toBe('connection-lost');
  const [items] = await ctx.pg.query<{ n: number; distinct_ids: number }>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct_ids FROM items');
  expect(items).toEqual({ n: 100, distinct_ids: 100 });
  const batches = await ctx.pg.query('SELECT batch, rows FROM batches WHERE batch = 1');
  expect(batches).toEqual([{ batch: 1, rows: 100 }]);
});

it('gives up with a connection-lost error once the policy allows no more reconnects', async (context) => {
  if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
  let runs = 0;
  const failing = withReconnect(
    ctx.manager,
    async (dataSource) => {
      runs += 1;
      // Every run loses its connection: its own backend is terminated under it.
      await dataSource.query('SELECT pg_terminate_backend(pg_backend_pid())');
    },
    { maxReconnects: 2 },
  );
  await expect(failing).rejects.toMatchObject({ code: 'RESEED_CONNECTION_LOST', message: expect.stringContaining('gave up after 2 reconnects') });
  expect(runs).toBe(3);
});
