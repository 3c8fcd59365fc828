import { quoteIdent, quoteTable } from '../sql-quote';
import type { Queryable } from '../queryable';
import type { PlannedTable } from './seed-plan';

/** Moves each id sequence past max(id), so the application's next insert gets a free id. */
export async function resetSequences(db: Queryable, tables: readonly PlannedTable[]): Promise<void> {
  for (const t of tables) {
    if (!t.hasSequence || t.idColumn === undefined) continue;
    const table = quoteTable(t.metadata);
    await db.query(
      `SELECT setval(seq, COALESCE((SELECT max(${quoteIdent(t.idColumn)}) FROM ${table}), 0) + 1, false)
         FROM pg_get_serial_sequence($1, $2) AS seq WHERE seq IS NOT NULL`,
      [table, t.idColumn],
    );
  }
}

/** Refreshes planner statistics of the loaded tables. */
export async function analyzeTables(db: Queryable, tables: readonly PlannedTable[]): Promise<void> {
  const loaded = tables.filter((t) => t.count > 0);
  // One statement per table: Citus refuses a reference table after distributed ones in one ANALYZE.
  for (const t of loaded) await db.query(`ANALYZE ${quoteTable(t.metadata)}`);
}
