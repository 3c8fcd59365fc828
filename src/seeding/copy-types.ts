import type { Queryable } from '../queryable';
import { quoteTable } from '../sql-quote';
import type { PlannedTable, SeedPlan } from './seed-plan';

/** A type's name as the codecs know it: any enum as `enum`, a built-in base type by name, anything else marked other. */
const KEY = (alias: string) =>
  `CASE WHEN ${alias}.typtype = 'e' THEN 'enum' WHEN ${alias}.typtype = 'b' AND ${alias}.typnamespace = 'pg_catalog'::regnamespace THEN ${alias}.typname::text ELSE 'other:' || ${alias}.typname END`;

/**
 * The database type of every column of the planned tables, as the binary
 * COPY codecs name them (copy-binary.ts): a built-in type by its pg_type name
 * (`int4`, `text`, `timestamptz`...), any enum as `enum`, anything else
 * (domains, extension or user types) by a name no codec has; an array as
 * `array:<its element's name>:<its element's oid>`. Keyed
 * by the plan's table name, then by column name. One catalog query; a table
 * the catalog does not have gets no entry (its COPY then goes as text, and
 * fails as it would have).
 */
export async function readCopyTypes(db: Queryable, tables: readonly PlannedTable[]): Promise<Record<string, Record<string, string>>> {
  if (tables.length === 0) return {};
  const rows = await db.query<{ ordinal: string; column: string; type: string }>(
    `SELECT t.ordinal, a.attname AS column,
            CASE WHEN el.oid IS NOT NULL THEN 'array:' || ${KEY('el')} || ':' || el.oid ELSE ${KEY('ty')} END AS type
       FROM unnest($1::text[]) WITH ORDINALITY AS t(name, ordinal)
       JOIN pg_attribute a ON a.attrelid = to_regclass(t.name)
       JOIN pg_type ty ON ty.oid = a.atttypid
       -- A true array type (the one its element names as its array), not a fixed-length one such as int2vector.
       LEFT JOIN pg_type el ON el.typarray = ty.oid AND ty.typlen = -1
      WHERE a.attnum > 0 AND NOT a.attisdropped`,
    [tables.map((t) => quoteTable(t.metadata))],
  );
  // No prototype: a table or column named __proto__ is a key like any other.
  const types: Record<string, Record<string, string>> = Object.create(null);
  for (const row of rows) {
    const table = tables[Number(row.ordinal) - 1]!.table;
    (types[table] ??= Object.create(null) as Record<string, string>)[row.column] = row.type;
  }
  return types;
}

/** The plan with each table's copyTypes (see readCopyTypes; none for a table the catalog did not have); nothing else changes. */
export function withCopyTypes(plan: SeedPlan, types: Readonly<Record<string, Readonly<Record<string, string>>>>): SeedPlan {
  return { ...plan, tables: plan.tables.map((t) => ({ ...t, copyTypes: Object.hasOwn(types, t.table) ? types[t.table] : undefined })) };
}

/** Whether `types` are the ones the plan's tables carry, column for column. */
export function sameCopyTypes(plan: SeedPlan, types: Readonly<Record<string, Readonly<Record<string, string>>>>): boolean {
  const key = (t: Readonly<Record<string, string>> | undefined) => (t ? JSON.stringify(Object.entries(t).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : '');
  return plan.tables.every((t) => key(t.copyTypes) === key(Object.hasOwn(types, t.table) ? types[t.table] : undefined));
}
