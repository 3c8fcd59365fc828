import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { BatchTransaction, CopySource } from './batch-transaction';

/** The slice of a node-postgres client a {@link BatchTransaction} needs. */
export type PgBatchClient = Pick<PoolClient, 'query'>;

/**
 * A {@link BatchTransaction} over the node-postgres client that holds the
 * transaction. COPY goes through pg-copy-streams on that same client, so it
 * is part of the transaction (and of whatever statement time limit the pool
 * sets on the client).
 */
export function pgBatchTransaction(client: PgBatchClient): BatchTransaction {
  return {
    async query(sql, parameters) {
      const result = (await client.query(sql, parameters)) as unknown;
      // Several statements (simple protocol): node-postgres returns one result per statement.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return (last as { rows?: any[] } | undefined)?.rows ?? [];
    },
    async copyFrom(sql, source) {
      const stream = client.query(copyFrom(sql));
      await pipeline(toReadable(source), stream);
    },
  };
}

/**
 * The {@link BatchTransaction} of a TypeORM transaction: statements go
 * through its query runner (so TypeORM's logging and error types apply),
 * COPY through the runner's own connection (the one its COMMIT will run on).
 */
export async function entityManagerBatchTransaction(tx: EntityManager): Promise<BatchTransaction> {
  const runner = tx.queryRunner;
  if (!runner) throw new Error('entityManagerBatchTransaction needs the EntityManager of a transaction (ds.transaction(tx => ...))');
  const client = (await runner.connect()) as PgBatchClient;
  const copy = pgBatchTransaction(client);
  return {
    async query(sql, parameters) {
      const result = await runner.query(sql, parameters, true);
      // One statement: its rows (result.raw is those rows too, or [rows, count] for an UPDATE).
      if (result.records !== undefined) return result.records;
      // Several statements (simple protocol): node-postgres' raw result is one per statement.
      if (Array.isArray(result.raw)) return (result.raw[result.raw.length - 1] as { rows?: any[] } | undefined)?.rows ?? [];
      return [];
    },
    copyFrom: (sql, source) => copy.copyFrom(sql, source),
  };
}

function toReadable(source: CopySource): Readable {
  return source instanceof Readable ? source : Readable.from(source, { objectMode: false });
}
