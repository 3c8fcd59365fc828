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

/**
 * ANALYZE of each table as soon as its last batch committed, one table at a
 * time, while the tables after it still load: the last tables of a load run
 * alone on the server (the medium preset's comments for about a second, on
 * one backend), so the others' statistics cost nothing there, where at the
 * end they are the whole tail. A table whose ANALYZE failed (a restart, a
 * lost connection, an abort) is left to the finishing step, which analyzes
 * every table not analyzed here ({@link analyzeTables}).
 */
export class EarlyAnalysis {
  readonly #db: () => Queryable;
  readonly #signal: AbortSignal | undefined;
  readonly #analyzed = new Set<string>();
  #queue: Promise<void> = Promise.resolve();

  /** `db` is asked for at each statement: the manager's DataSource may be replaced by then. */
  constructor(db: () => Queryable, signal?: AbortSignal) {
    this.#db = db;
    this.#signal = signal;
  }

  /** Queues ANALYZE of a table whose rows are all committed; a table loaded again is analyzed again. */
  add(table: PlannedTable): void {
    this.#analyzed.delete(table.table);
    if (table.count === 0) return;
    this.#queue = this.#queue.then(async () => {
      if (this.#signal?.aborted) return;
      try {
        await this.#db().query(`ANALYZE ${quoteTable(table.metadata)}`);
        this.#analyzed.add(table.table);
      } catch {
        // Left to the finishing step, on the reconnect path.
      }
    });
  }

  /** Forgets every table analyzed so far: the finishing step analyzes them all again. */
  forget(): void {
    this.#analyzed.clear();
  }

  /** Waits for the queued statements (never rejects); then what is left for the finishing step. */
  async left(tables: readonly PlannedTable[]): Promise<PlannedTable[]> {
    await this.#queue;
    return tables.filter((t) => !this.#analyzed.has(t.table));
  }
}

/**
 * Those of `tables` with an index on an expression: ANALYZE gathers
 * statistics of the index's expression only while the index exists, so a
 * table analyzed before its indexes were rebuilt is analyzed again.
 */
export async function tablesWithExpressionIndexes(db: Queryable, tables: readonly PlannedTable[]): Promise<PlannedTable[]> {
  if (tables.length === 0) return [];
  const names = tables.map((t) => quoteTable(t.metadata));
  const rows = await db.query<{ name: string }>(
    `SELECT name FROM unnest($1::text[]) AS name WHERE EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = to_regclass(name) AND i.indexprs IS NOT NULL)`,
    [names],
  );
  const found = new Set(rows.map((r) => r.name));
  return tables.filter((t) => found.has(quoteTable(t.metadata)));
}
