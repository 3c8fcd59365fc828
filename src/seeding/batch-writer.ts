import type { EntityManager } from 'typeorm';
import type { GeneratedRow } from './row-generator';
import type { PlannedTable } from './seed-plan';

/**
 * Writes one batch of generated rows inside the batch's transaction. The
 * engine commits the transaction together with the ledger advance; a writer
 * only inserts. Narrow on purpose: COPY or another database can plug in.
 */
export interface BatchWriter {
  write(tx: EntityManager, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void>;
}
