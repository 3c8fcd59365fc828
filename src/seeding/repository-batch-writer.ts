import type { EntityManager } from 'typeorm';
import type { BatchWriter } from './batch-writer';
import type { GeneratedRow } from './row-generator';
import type { PlannedTable } from './seed-plan';

/**
 * The default writer: one multi-row TypeORM insert of plain objects per batch,
 * with explicit ids (the column list names the generated id too, which
 * TypeORM would otherwise leave out), no RETURNING, no entity listeners, no
 * per-row save.
 */
export class RepositoryBatchWriter implements BatchWriter {
  async write(tx: EntityManager, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx
      .createQueryBuilder()
      .insert()
      .into(table.metadata.target, [...table.insertProperties])
      .values(rows as GeneratedRow[])
      .updateEntity(false)
      .callListeners(false)
      .execute();
  }
}
