import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import type { BatchTransaction } from '../../src/seeding/batch-transaction';
import type { BatchWriter } from '../../src/seeding/batch-writer';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import type { GeneratedRow } from '../../src/seeding/row-generator';
import { seed } from '../../src/seeding/seed';
import type { PlannedTable } from '../../src/seeding/seed-plan';
import type { SeedProgressEvent } from '../../src/seeding/seed-progress-event';
import { integrityProblems, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 100, posts: 120, comments: 90, tags: 8, post_tags: 60, follows: 40 };

const db = useServer({ migrate: true, manager: true });
const query = db.query;

/** Loses its connection (the server ends its backend) inside the transactions of the chosen batches, before their rows are written. */
class ConnectionLosingWriter implements BatchWriter {
  readonly #inner = new CopyBatchWriter();
  #calls = new Map<string, number>();
  constructor(private readonly losing: Record<string, number[]>) {}
  async write(tx: BatchTransaction, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void> {
    const call = (this.#calls.get(table.table) ?? 0) + 1;
    this.#calls.set(table.table, call);
    if (this.losing[table.table]?.includes(call)) await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
    await this.#inner.write(tx, table, rows);
  }
}

it('tells in its progress events what the report says: rows written once, table-start from the ledger, table-done for the whole call', async () => {
  const events: SeedProgressEvent[] = [];
  const report = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: COUNTS,
    seed: 7,
    batchSize: 20,
    // One batch at a time: a lost backend's reconnect also ends a batch written beside it, which
    // would make where each table starts again a matter of timing.
    streams: 1,
    // users: batch 3 loses its connection before anything is written; posts: batches 2 and 4.
    writer: new ConnectionLosingWriter({ users: [3], posts: [2, 4] }),
    onProgress: (event) => events.push(event),
  });
  expect(report.reconnects).toBe(3);
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await integrityProblems(query)).toEqual([]);

  for (const table of report.tables) {
    const own = events.filter((e) => 'table' in e && e.table === table.table);
    // Every row counted once, by batch events as by the report.
    const batchRows = own.reduce((n, e) => n + (e.type === 'batch' ? e.batchRows : 0), 0);
    expect({ table: table.table, batchRows }).toEqual({ table: table.table, batchRows: table.rows });
    // Each table-start says what the ledger has: the rows of the batch events before it.
    let written = 0;
    for (const e of own) {
      if (e.type === 'table-start') expect({ table: e.table, done: e.done }).toEqual({ table: e.table, done: written });
      if (e.type === 'batch') written += e.batchRows;
    }
    // One table-done, last, with the report's rows and time for the table.
    const done = own.filter((e) => e.type === 'table-done');
    expect(done).toEqual([{ type: 'table-done', table: table.table, rows: table.rows, elapsedMs: table.elapsedMs, rowsPerSec: table.rowsPerSec }]);
    expect(own.at(-1)).toBe(done[0]);
  }
  // The tables with lost connections started again after the re-read, from the ledger's rows_done.
  const starts = (table: string) => events.filter((e) => e.type === 'table-start' && e.table === table).map((e) => (e as { done: number }).done);
  expect(starts('users')).toEqual([0, 40]);
  expect(starts('posts')).toEqual([0, 20, 40]);
});
