import type { Queryable } from '../queryable';
import { quoteTable } from '../sql-quote';
import type { TableDependencies } from './table-order';
import type { PlannedTable } from './seed-plan';

/**
 * The plan's tables with only the parents that a foreign key in the
 * database ties them to now: what a table must wait for. A load that
 * dropped its FKs (index and FK deferral: recorded, and re-created and
 * validated once every table is complete) lets a child load beside its
 * parents instead of after them; an FK the entities declare but the schema
 * does not hold (createForeignKeyConstraints: false) never made anyone
 * wait. Read from the catalog, so a resume after `reseed restore` put the
 * FKs back waits again.
 */
export async function parentsHeldByForeignKeys(db: Queryable, tables: readonly PlannedTable[]): Promise<TableDependencies[]> {
  const names = new Map(tables.map((t) => [quoteTable(t.metadata), t.table]));
  if (tables.every((t) => t.parents.length === 0)) return tables.map((t) => ({ table: t.table, parents: [] }));
  const rows = await db.query<{ child: string; parent: string }>(
    `WITH planned AS (SELECT name, to_regclass(name) AS oid FROM unnest($1::text[]) AS name)
     SELECT DISTINCT child.name AS child, parent.name AS parent
       FROM pg_constraint c
       JOIN planned child ON child.oid = c.conrelid
       JOIN planned parent ON parent.oid = c.confrelid
      WHERE c.contype = 'f'`,
    [[...names.keys()]],
  );
  const held = new Set(rows.map((r) => `${names.get(r.child)}\u0000${names.get(r.parent)}`));
  return tables.map((t) => ({ table: t.table, parents: t.parents.filter((parent) => held.has(`${t.table}\u0000${parent}`)) }));
}
