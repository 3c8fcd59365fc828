import { quoteIdent, quoteTable } from '../sql-quote';
import { SeedInputError } from './seed-input-error';
import type { Queryable } from '../queryable';
import type { PlannedTable } from './seed-plan';

/** Planned tables that hold at least one row. */
export async function occupiedTables(db: Queryable, tables: readonly PlannedTable[]): Promise<PlannedTable[]> {
  const occupied: PlannedTable[] = [];
  for (const t of tables) {
    const rows = await db.query(`SELECT EXISTS (SELECT 1 FROM ${quoteTable(t.metadata)}) AS occupied`);
    if (rows[0]?.occupied) occupied.push(t);
  }
  return occupied;
}

/** Id of row 0 when appending: past max(id) of each table with a numeric id, past count(*) for a uuid key (its ordinal). */
export async function appendIdStarts(db: Queryable, tables: readonly PlannedTable[]): Promise<Record<string, number>> {
  const starts: Record<string, number> = {};
  for (const t of tables) {
    if (t.idColumn === undefined) continue;
    if (t.keyKind === 'uuid') {
      const rows = await db.query(`SELECT count(*)::bigint AS n FROM ${quoteTable(t.metadata)}`);
      starts[t.table] = Number(rows[0]?.n ?? 0) + 1;
      continue;
    }
    const rows = await db.query(`SELECT COALESCE(max(${quoteIdent(t.idColumn)}), 0)::bigint AS max FROM ${quoteTable(t.metadata)}`);
    starts[t.table] = Number(rows[0]?.max ?? 0) + 1;
  }
  return starts;
}

/** A table the plan does not seed whose FK reaches a planned table (directly, or through other such tables). */
export interface OutsideReference {
  /** Name as PostgreSQL prints it (schema-qualified when not on the search_path, quoted when needed). */
  table: string;
  /** The tables its FKs point at among the planned ones and the other outside ones. */
  references: string[];
  occupied: boolean;
}

/**
 * Tables outside the plan that reference a planned table, and those that
 * reference them in turn: PostgreSQL truncates a referenced table only
 * together with every table that references it, whatever they hold.
 */
export async function outsideReferences(db: Queryable, tables: readonly PlannedTable[]): Promise<OutsideReference[]> {
  const rows: { table: string; refs: string[] | string }[] = await db.query(
    `WITH RECURSIVE planned AS (
       SELECT to_regclass(name) AS oid FROM unnest($1::text[]) AS name
     ), planned_oids AS (SELECT oid FROM planned WHERE oid IS NOT NULL),
     refs (conrelid, confrelid) AS (
       SELECT c.conrelid, c.confrelid FROM pg_constraint c
        WHERE c.contype = 'f' AND c.conparentid = 0
          AND c.confrelid IN (SELECT oid FROM planned_oids) AND c.conrelid NOT IN (SELECT oid FROM planned_oids)
       UNION
       SELECT c.conrelid, c.confrelid FROM pg_constraint c JOIN refs r ON c.confrelid = r.conrelid
        WHERE c.contype = 'f' AND c.conparentid = 0 AND c.conrelid NOT IN (SELECT oid FROM planned_oids)
     )
     SELECT conrelid::regclass::text AS table, array_agg(DISTINCT confrelid::regclass::text ORDER BY confrelid::regclass::text) AS refs
       FROM refs GROUP BY conrelid ORDER BY 1`,
    [tables.map((t) => quoteTable(t.metadata))],
  );
  const found: OutsideReference[] = [];
  for (const row of rows) {
    const refs = Array.isArray(row.refs) ? row.refs : String(row.refs).replace(/^\{|\}$/g, '').split(',');
    const [occupied] = await db.query(`SELECT EXISTS (SELECT 1 FROM ${row.table}) AS occupied`);
    found.push({ table: row.table, references: refs.filter((r) => r !== row.table), occupied: Boolean(occupied?.occupied) });
  }
  return found;
}

/**
 * Locks the tables with an id against writers (SHARE ROW EXCLUSIVE: reads go
 * on, inserts wait) until the caller's transaction ends; call it before
 * {@link appendIdStarts} in the transaction that creates an append run, so
 * that a row being inserted is waited for and counted.
 */
export async function lockForAppend(db: Queryable, tables: readonly PlannedTable[]): Promise<void> {
  const withIds = tables.filter((t) => t.idColumn !== undefined);
  if (withIds.length === 0) return;
  await db.query(`LOCK TABLE ${withIds.map((t) => quoteTable(t.metadata)).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
}

/**
 * Moves each id sequence past the ids the plan will write (idEnd), unless it
 * is already further: inserts of the application during the load then take
 * ids after the appended ones instead of colliding with them (the load
 * writes explicit ids and does not use the sequence). Not undone by a
 * rollback: a gap in the sequence at worst.
 */
export async function reserveAppendIds(db: Queryable, tables: readonly PlannedTable[]): Promise<void> {
  for (const t of tables) {
    if (!t.hasSequence || t.idColumn === undefined || t.idEnd === undefined) continue;
    await db.query(
      `SELECT setval(seq, GREATEST($3::bigint, COALESCE(pg_sequence_last_value(seq), 0)))
         FROM (SELECT pg_get_serial_sequence($1, $2)::regclass AS seq) s WHERE seq IS NOT NULL`,
      [quoteTable(t.metadata), t.idColumn, t.idEnd],
    );
  }
}

/**
 * Empties the tables in one statement. Pass every planned table, empty ones
 * included: PostgreSQL refuses to truncate a table referenced by an FK unless
 * the referencing table is in the same statement. RESTART IDENTITY sends the
 * id sequences back to 1, as on a fresh database, so that ids match a plain run.
 */
export async function truncateTables(db: Queryable, tables: readonly PlannedTable[], outside: readonly OutsideReference[] = []): Promise<void> {
  if (tables.length === 0) return;
  const names = [...tables.map((t) => quoteTable(t.metadata)), ...outside.map((t) => t.table)];
  await db.query(`TRUNCATE TABLE ${names.join(', ')} RESTART IDENTITY`);
}

/**
 * The refusal when tables outside the plan that must be truncated along with
 * it (see {@link outsideReferences}) hold rows: reseed deletes only what it
 * seeds. Undefined when they are all empty.
 */
export function outsideRowsError(outside: readonly OutsideReference[]): SeedInputError | undefined {
  const filled = outside.filter((t) => t.occupied);
  if (filled.length === 0) return undefined;
  const names = filled.map((t) => t.table).join(', ');
  const one = filled.length === 1;
  return new SeedInputError(
    `truncating cannot empty the planned tables: ${filled.map((t) => `${t.table} (references ${t.references.join(', ')})`).join(', ')} ` +
      `${one ? 'holds' : 'hold'} rows and ${one ? 'is' : 'are'} not seeded by this config, and PostgreSQL truncates a table only together with the tables that reference it. ` +
      'Nothing was changed',
    {
      hint:
        `empty ${one ? 'it' : 'them'} yourself (e.g. TRUNCATE ${names}) and run again (empty referencing tables are truncated along), ` +
        `or add ${one ? 'its entity' : 'their entities'} to the config so that ${one ? 'it is' : 'they are'} planned too`,
    },
  );
}
