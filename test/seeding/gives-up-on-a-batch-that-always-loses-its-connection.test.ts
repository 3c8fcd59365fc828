import { setTimeout as sleep } from 'node:timers/promises';
import { exampleConfig } from '../../src/factories/example-config';
import { expect, it } from 'vitest';
import type { BatchTransaction } from '../../src/seeding/batch-transaction';
import type { BatchWriter } from '../../src/seeding/batch-writer';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import type { GeneratedRow } from '../../src/seeding/row-generator';
import { seed } from '../../src/seeding/seed';
import type { PlannedTable } from '../../src/seeding/seed-plan';
import { SeedStalledError } from '../../src/seeding/seed-stalled-error';
import { inNewDatabase, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 120, posts: 200, comments: 100, tags: 10, post_tags: 50, follows: 40 };
const BATCH_SIZE = 50;

const server = useServer();

/**
 * Inserts through the repository writer, but first makes the server end the
 * posts batch's session, the way a watchdog that kills long transactions
 * would: the transaction sits idle past idle_in_transaction_session_timeout
 * (25P03, a lost connection), `times(kills)` deciding which tries.
 */
class SessionKillingWriter implements BatchWriter {
  kills = 0;
  /** Of the table's first batch (rows 1-50): a table loading alone has the next one in flight beside it. */
  firstBatchKills = 0;
  readonly #inner = new CopyBatchWriter();
  constructor(private readonly kill: (kills: number) => boolean) {}
  async write(tx: BatchTransaction, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void> {
    if (table.table === 'posts' && this.kill(this.kills)) {
      this.kills += 1;
      if (rows[0]?.id === 1) this.firstBatchKills += 1;
      await tx.query(`SET LOCAL idle_in_transaction_session_timeout = '100ms'`);
      await sleep(400);
    }
    await this.#inner.write(tx, table, rows);
  }
}

it('still recovers from a batch that loses its connection once', async () => {
  await inNewDatabase(server.pg, 'once', async (manager) => {
    const writer = new SessionKillingWriter((kills) => kills === 0);
    const report = await seed({ config: exampleConfig, manager, counts: COUNTS, batchSize: BATCH_SIZE, writer, maxReconnects: 1, signal: AbortSignal.timeout(30_000) });
    expect(writer.kills).toBe(1);
    expect(report.reconnects).toBeGreaterThanOrEqual(1);
    expect(await rowCounts((sql) => manager.dataSource.query(sql))).toEqual(COUNTS);
  });
});

it('stops with SeedStalledError, naming the batch and the last error, when a batch loses its connection on every try; the run resumes', async () => {
  await inNewDatabase(server.pg, 'always', async (manager) => {
    const writer = new SessionKillingWriter(() => true);
    const started = Date.now();
    // Before the budget was per call, this looped until the signal fired (SeedAbortedError).
    const error = await seed({ config: exampleConfig, manager, counts: COUNTS, batchSize: BATCH_SIZE, writer, maxReconnects: 3, signal: AbortSignal.timeout(30_000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedStalledError);
    const stalled = error as SeedStalledError;
    expect(stalled.code).toBe('RESEED_STALLED');
    expect(stalled.table).toBe('posts');
    expect(stalled.message).toMatch(/^gave up: the batch of posts rows 1-50 lost its connection 4 times in a row, with no progress after 3 reconnects \(last error: .+\)/);
    expect(stalled.message).toMatch(/resumable; fix the cause, then continue with mode: 'resume'/);
    // The first try and one per allowed reconnect: bounded by the budget; each try of the
    // first batch may have the second beside it.
    expect(writer.firstBatchKills).toBe(4);
    expect(writer.kills).toBeGreaterThanOrEqual(4);
    expect(writer.kills).toBeLessThanOrEqual(8);
    expect(Date.now() - started).toBeLessThan(25_000);

    const query = (sql: string) => manager.dataSource.query(sql);
    const [run] = await query('SELECT status FROM reseed_runs');
    expect(['running', 'interrupted']).toContain(run.status);
    const counts = await rowCounts(query);
    expect(counts.users).toBe(COUNTS.users);
    expect(counts.posts).toBe(0);

    // Once the cause is gone, --resume finishes the run.
    const report = await seed({ config: exampleConfig, manager, mode: 'resume' });
    expect(report.resumed).toBe(true);
    expect(await rowCounts(query)).toEqual(COUNTS);
  });
});
