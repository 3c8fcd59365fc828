import type { Queryable } from '../queryable';
import { quoteIdent } from '../sql-quote';
import type { RecordedAutovacuum, RecordedConstraint, RecordedIndex } from './tuning-state';

/**
 * What to do with one recorded entry: run `sql`, skip it (its table is gone,
 * or it is back already), or refuse it because the record is not what reseed
 * writes (an index or foreign key of the recorded table, exactly as
 * pg_get_indexdef / pg_get_constraintdef print it).
 */
export type RecordedStep = { kind: 'run'; sql: string } | { kind: 'skip' } | { kind: 'refuse'; reason: string };

/** A plain or double-quoted SQL identifier, as quote_ident prints it. */
const IDENT = String.raw`(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")`;
const QUALIFIED = new RegExp(String.raw`^(${IDENT})\.(${IDENT})$`);

/** The table as the catalog names it (schema.table, quoted as needed), or undefined when it does not exist. */
async function catalogTable(runner: Queryable, table: string): Promise<{ qualified: string; schema: string } | undefined> {
  if (!QUALIFIED.test(table)) return undefined;
  const [row] = await runner.query<{ qualified: string; schema: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS qualified, quote_ident(n.nspname) AS schema
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')`,
    [table],
  );
  return row;
}

/** Refuses a table name that is not a schema-qualified identifier pair or names another table than it says. */
async function checkTable(runner: Queryable, table: string): Promise<RecordedStep | { kind: 'table'; schema: string }> {
  if (typeof table !== 'string' || !QUALIFIED.test(table)) return { kind: 'refuse', reason: `"${String(table)}" is not a schema-qualified table name` };
  const found = await catalogTable(runner, table);
  if (!found) return { kind: 'skip' };
  if (found.qualified !== table) return { kind: 'refuse', reason: `"${table}" is not how the catalog names table ${found.qualified}` };
  return { kind: 'table', schema: found.schema };
}

/** The statement that recreates a recorded index, once it is verified to be a plain CREATE INDEX on its recorded table. */
export async function indexStep(runner: Queryable, index: RecordedIndex): Promise<RecordedStep> {
  const table = await checkTable(runner, index.table);
  if (table.kind !== 'table') return table;
  const name = typeof index.name === 'string' ? QUALIFIED.exec(index.name) : null;
  if (!name || name[1] !== table.schema) return { kind: 'refuse', reason: `"${String(index.name)}" is not an index name in the schema of ${index.table}` };
  const definition = String(index.definition);
  const shape = new RegExp(String.raw`^CREATE INDEX ${escape(name[2])} ON (?:ONLY )?${escape(index.table)} USING [a-z_]+ \(`);
  if (!shape.test(definition) || definition.includes(';')) {
    return { kind: 'refuse', reason: `its recorded definition is not a CREATE INDEX ${name[2]} on ${index.table}` };
  }
  const [exists] = await runner.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [index.name]);
  return exists?.found ? { kind: 'skip' } : { kind: 'run', sql: definition };
}

/** The statement that recreates a recorded foreign key, once it is verified to be a FOREIGN KEY clause on its recorded table. */
export async function constraintStep(runner: Queryable, constraint: RecordedConstraint): Promise<RecordedStep> {
  const table = await checkTable(runner, constraint.table);
  if (table.kind !== 'table') return table;
  const definition = String(constraint.definition);
  if (typeof constraint.name !== 'string' || constraint.name === '') return { kind: 'refuse', reason: 'it has no constraint name' };
  if (!/^FOREIGN KEY \(.+\) REFERENCES /.test(definition) || definition.includes(';')) {
    return { kind: 'refuse', reason: `its recorded definition is not a FOREIGN KEY clause` };
  }
  const rows = await runner.query('SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2', [constraint.table, constraint.name]);
  if (rows.length > 0) return { kind: 'skip' };
  return { kind: 'run', sql: `ALTER TABLE ${constraint.table} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${definition}` };
}

/** Values autovacuum_enabled accepts. */
const BOOLEAN = /^(?:true|false|on|off|yes|no|1|0)$/i;

/** Verifies a recorded autovacuum option; `run` carries no SQL here, the caller builds it from the checked record. */
export async function autovacuumStep(runner: Queryable, recorded: RecordedAutovacuum): Promise<RecordedStep> {
  const table = await checkTable(runner, recorded.table);
  if (table.kind !== 'table') return table;
  if (recorded.original !== null && !(typeof recorded.original === 'string' && BOOLEAN.test(recorded.original))) {
    return { kind: 'refuse', reason: `"${String(recorded.original)}" is not a value of autovacuum_enabled` };
  }
  return { kind: 'run', sql: '' };
}

/** A setting name as PostgreSQL spells them (custom ones carry a dot). */
export function isSettingName(name: unknown): name is string {
  return typeof name === 'string' && /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?$/.test(name);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
