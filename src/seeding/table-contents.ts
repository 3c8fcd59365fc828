import { quoteIdent } from './quote-ident';
import type { Queryable } from './seed-ledger';
import type { PlannedTable } from './seed-plan';

/** Planned tables that hold at least one row. */
export async function occupiedTables(db: Queryable, tables: readonly PlannedTable[]): Promise<PlannedTable[]> {
  const occupied: PlannedTable[] = [];
  for (const t of tables) {
    const rows = await db.query(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(t.metadata.tablePath)}) AS occupied`);
    if (rows[0]?.occupied) occupied.push(t);
  }
  return occupied;
}

/** Id of row 0 when appending: past max(id) of each table with an id. */
export async function appendIdStarts(db: Queryable, tables: readonly PlannedTable[]): Promise<Record<string, number>> {
  const starts: Record<string, number> = {};
  for (const t of tables) {
    if (t.idColumn === undefined) continue;
    const rows = await db.query(`SELECT COALESCE(max(${quoteIdent(t.idColumn)}), 0)::bigint AS max FROM ${quoteIdent(t.metadata.tablePath)}`);
    starts[t.table] = Number(rows[0]?.max ?? 0) + 1;
  }
  return starts;
}

/**
 * Empties the tables in one statement. Pass every planned table, empty ones
 * included: PostgreSQL refuses to truncate a table referenced by an FK unless
 * the referencing table is in the same statement. RESTART IDENTITY sends the
 * id sequences back to 1, as on a fresh database, so that ids match a plain run.
 */
export async function truncateTables(db: Queryable, tables: readonly PlannedTable[]): Promise<void> {
  if (tables.length === 0) return;
  await db.query(`TRUNCATE TABLE ${tables.map((t) => quoteIdent(t.metadata.tablePath)).join(', ')} RESTART IDENTITY`);
}
