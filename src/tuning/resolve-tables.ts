import { messageOf } from './pg-settings';
import type { Queryable } from '../queryable';
import { TuningError } from './tuning-error';

/** A table as the server resolved it. */
export interface ResolvedTable {
  oid: number;
  schema: string;
  name: string;
  /** Schema-qualified and quoted, ready for SQL: "public"."users". */
  qualified: string;
}

/**
 * Resolves table names (`users`, `public.users`, `"Odd Name"`) through the
 * search_path; throws RESEED_TUNING_UNKNOWN_TABLE naming the first one the
 * server does not know.
 */
export async function resolveTables(runner: Queryable, tables: readonly string[]): Promise<ResolvedTable[]> {
  const resolved: ResolvedTable[] = [];
  for (const table of tables) {
    let rows: { oid: number; schema: string; name: string; qualified: string }[];
    try {
      rows = await runner.query(
        `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, format('%I.%I', n.nspname, c.relname) AS qualified
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')`,
        [table],
      );
    } catch (cause) {
      throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not look up table "${table}": ${messageOf(cause)}`, { cause });
    }
    if (!rows[0]) {
      throw new TuningError('RESEED_TUNING_UNKNOWN_TABLE', `Table "${table}" does not exist in this database (or is not a table)`);
    }
    if (!resolved.some((t) => t.oid === rows[0].oid)) resolved.push(rows[0]);
  }
  return resolved;
}
