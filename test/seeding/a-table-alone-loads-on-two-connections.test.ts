import { describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import type { BatchWriter } from '../../src/seeding/batch-writer';
import { seed } from '../../src/seeding/seed';
import { inNewDatabase, integrityProblems, tableChecksums } from './support/seeding-database';
import { useServer } from '../support/use-server';
import { waitFor } from '../support/wait-for';

// comments loads alone once posts is complete: with 2 streams it has both.
const COUNTS = { users: 40, posts: 60, comments: 1500, tags: 0, post_tags: 0, follows: 0 };
const BATCH_SIZE = 100;

/** The CopyBatchWriter, counting how many comments batches are being inserted at once. */
class OverlapWriter implements BatchWriter {
  readonly #copy = new CopyBatchWriter();
  writing = 0;
  most = 0;
  /** Called inside a comments batch's transaction, while it is being inserted. */
  during?: (tx: Parameters<BatchWriter['write']>[0], batch: number) => Promise<void>;
  #batches = 0;

  /** Comments batches whose insert has begun (a retried batch counts again). */
  get started(): number {
    return this.#batches;
  }

  async write(...[tx, table, rows]: Parameters<BatchWriter['write']>): Promise<void> {
    if (table.table !== 'comments') return this.#copy.write(tx, table, rows);
    this.writing++;
    this.most = Math.max(this.most, this.writing);
    try {
      await this.during?.(tx, ++this.#batches);
      await this.#copy.write(tx, table, rows);
    } finally {
      this.writing--;
    }
  }
}

describe('a table loading alone', () => {
  const server = useServer();
  /** The checksums of the same seed loaded one batch at a time (one stream). */
  const oneAtATime = (database: string, seedValue: number) =>
    inNewDatabase(server.pg, database, async (manager) => {
      await seed({ config: exampleConfig, manager, counts: COUNTS, seed: seedValue, batchSize: BATCH_SIZE, streams: 1 });
      return tableChecksums((sql) => manager.dataSource.query(sql));
    });

  it('writes its batches on two connections at once, and ends with the database one connection writes', async () => {
    const reference = await oneAtATime('lanes_reference', 7);
    await inNewDatabase(server.pg, 'lanes', async (manager) => {
      const writer = new OverlapWriter();
      // Each batch waits a little inside its transaction, so the next one has time to start beside it.
      writer.during = () => new Promise((r) => setTimeout(r, 20));
      const report = await seed({ config: exampleConfig, manager, counts: COUNTS, seed: 7, batchSize: BATCH_SIZE, streams: 2, writer });
      expect(writer.most).toBe(2);
      expect(report.totalRows).toBe(1600);
      const query = (sql: string) => manager.dataSource.query(sql);
      expect(await tableChecksums(query)).toEqual(reference);
      expect(await query(`SELECT table_name, rows_done::int AS done FROM reseed_run_tables WHERE table_name = 'comments'`)).toEqual([{ table_name: 'comments', done: 1500 }]);
    });
  });

  it('loses no row and writes none twice when the backend of a batch is ended while the batch after it is being written', async () => {
    const reference = await oneAtATime('lanes_fault_reference', 8);
    await inNewDatabase(server.pg, 'lanes_fault', async (manager) => {
      const writer = new OverlapWriter();
      let ended = false;
      writer.during = async (tx, batch) => {
        if (batch !== 3 || ended) return new Promise((r) => setTimeout(r, 20));
        ended = true;
        const [{ pid }] = await tx.query('SELECT pg_backend_pid() AS pid');
        // The fourth batch is inserted beside this one before this one's backend goes. The fourth
        // starts only once the second has settled (two at once): the second has committed, and the
        // reconnect that the third's lost backend brings ends no other batch's transaction.
        await waitFor('the fourth batch to be written beside the third', async () => writer.started >= 4 && writer.writing >= 2, { timeoutMs: 10_000, everyMs: 5 });
        await manager.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
      };
      const reconnects: string[] = [];
      const refused: number[] = [];
      await seed({
        config: exampleConfig,
        manager,
        counts: COUNTS,
        seed: 8,
        batchSize: BATCH_SIZE,
        streams: 2,
        writer,
        onProgress: (e) => {
          if (e.type === 'reconnecting') reconnects.push(e.reason);
          // The third, lost, and the fourth, written beside it: refused by the ledger, the third not having committed.
          if (e.type === 'batch' && e.table === 'comments' && e.batchRows === 0) refused.push(e.done);
        },
      });
      expect(ended).toBe(true);
      expect(reconnects.length).toBeGreaterThan(0);
      expect(refused).toEqual([200, 200]);
      const query = (sql: string) => manager.dataSource.query(sql);
      expect(await integrityProblems(query)).toEqual([]);
      expect(await tableChecksums(query)).toEqual(reference);
    });
  });
});
