import type { BatchTransaction } from './batch-transaction';
import type { GeneratedRow } from './row-generator';
import type { PlannedTable } from './seed-plan';

/** A batch a writer has done its own work on (encoding), left to write in the batch's transaction. */
export type PreparedWrite = (tx: BatchTransaction) => Promise<void>;

/**
 * Writes one batch of generated rows inside the batch's transaction. The
 * engine commits the transaction together with the ledger advance; a writer
 * only inserts, through the transaction's statements or COPY: it sees no
 * ORM, pool or commit.
 */
export interface BatchWriter {
  write(tx: BatchTransaction, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void>;
  /**
   * Optional: the writer's work that needs no transaction (encoding the rows),
   * done now, while the batch before is being written, so that the
   * transaction only sends what is ready. Writes what `write` would.
   */
  prepare?(table: PlannedTable, rows: readonly GeneratedRow[]): Promise<PreparedWrite>;
  /**
   * Optional, preferred to prepare: the same work on the batch's rows as
   * they are made, slice by slice (a slice is not used once the next is
   * asked for, so its rows can die young). Writes what `write` would.
   */
  prepareSliced?(table: PlannedTable, slices: AsyncIterable<readonly GeneratedRow[]>): Promise<PreparedWrite>;
}
