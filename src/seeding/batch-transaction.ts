import type { Readable } from 'node:stream';
import type { Queryable } from '../queryable';

/** Chunks of COPY data (text, or bytes of either format) for {@link BatchTransaction.copyFrom}. */
export type CopySource = Iterable<string | Buffer> | AsyncIterable<string | Buffer> | Readable;

/**
 * The batch's transaction as a writer sees it: statements and COPY on the
 * one connection that will commit the batch together with its ledger
 * advance. Narrow on purpose: no ORM, no pool, no commit; whatever runs
 * through it is rolled back with the batch.
 */
export interface BatchTransaction extends Queryable {
  /** Runs one statement (or, without parameters, several separated by `;`) and returns the rows of the last. */
  query<Row = any>(sql: string, parameters?: unknown[]): Promise<Row[]>;
  /**
   * Runs `COPY ... FROM STDIN` with the chunks of `source`, respecting the
   * socket's backpressure. A failure of the source or of the server rejects
   * (the server is sent CopyFail when the source fails first); either way the
   * transaction is left to be rolled back.
   */
  copyFrom(sql: string, source: CopySource): Promise<void>;
}
