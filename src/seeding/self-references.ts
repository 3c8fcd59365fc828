import type { Queryable } from '../queryable';
import { quoteTable } from '../sql-quote';
import type { PlannedTable } from './seed-plan';

/**
 * The planned tables (by the plan's table name) that have a foreign key to
 * themselves in place now: a tree, whose rows name earlier rows of the same
 * table as their parent. Such a table's batches are written one at a time:
 * written side by side, a batch's rows would name parents in the batch
 * before it, which is not committed yet, and the check (immediate or at
 * commit) would refuse them. With the key dropped for the load (index
 * deferral) the batches go side by side. One catalog query.
 */
export async function tablesReferencingThemselves(db: Queryable, tables: readonly PlannedTable[]): Promise<Set<string>> {
  if (tables.length === 0) return new Set();
  const rows = await db.query<{ ordinal: string }>(
    `SELECT DISTINCT t.ordinal
       FROM unnest($1::text[]) WITH ORDINALITY AS t(name, ordinal)
       JOIN pg_constraint c ON c.conrelid = to_regclass(t.name) AND c.confrelid = c.conrelid AND c.contype = 'f'`,
    [tables.map((t) => quoteTable(t.metadata))],
  );
  return new Set(rows.map((r) => tables[Number(r.ordinal) - 1]!.table));
}
