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

/**
 * Tables analyzed at once. ANALYZE of a table runs on one core of the
 * server, and nothing else runs then: the medium preset's 6 tables took
 * 290-400 ms one after another, 130-180 ms two at a time (2 cores).
 */
const ANALYZE_CONCURRENCY = 2;

/**
 * Refreshes planner statistics of the loaded tables, ANALYZE_CONCURRENCY at
 * a time when `db` is a pool (a DataSource: each statement may take its own
 * connection; on one connection they queue).
 */
export async function analyzeTables(db: Queryable, tables: readonly PlannedTable[]): Promise<void> {
  const queue = tables.filter((t) => t.count > 0);
  // One statement per table: Citus refuses a reference table after distributed ones in one ANALYZE.
  const next = async (): Promise<void> => {
    for (let t = queue.shift(); t; t = queue.shift()) await db.query(`ANALYZE ${quoteTable(t.metadata)}`);
  };
  await Promise.all(Array.from({ length: ANALYZE_CONCURRENCY }, next));
}
