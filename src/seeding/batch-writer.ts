import type { BatchTransaction } from './batch-transaction';
import type { GeneratedRow } from './row-generator';
import type { PlannedTable } from './seed-plan';

/**
 * Writes one batch of generated rows inside the batch's transaction. The
 * engine commits the transaction together with the ledger advance; a writer
 * only inserts, through the transaction's statements or COPY: it sees no
 * ORM, pool or commit.
 */
export interface BatchWriter {
  write(tx: BatchTransaction, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void>;
}
