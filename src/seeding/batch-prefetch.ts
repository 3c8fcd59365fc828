import type { BatchSource, PreparedBatch } from './batch-source';
import { rowsToWrite, type PlannedTable } from './seed-plan';

/** A batch asked for ahead: `done` is its first row as the ledger counts it (rows of the shard before it). */
interface Prefetched {
  table: PlannedTable;
  done: number;
  result: Promise<PreparedBatch>;
}

/**
 * The batches asked for ahead of the one being written, in load order: the
 * rest of the table, then the next tables of the plan from where the ledger
 * last left them, so the first batch of a table is made while the last one
 * of its parent is written (a table used to start with the server idle for
 * a whole batch's generation). Row i is a pure function of (seed, table, i):
 * a batch made early is the very batch written later. When the load asks for
 * another batch than the next one made (the ledger was re-read after a
 * reconnect, or refused an advance), whatever was made ahead is dropped.
 */
export class BatchPrefetch {
  readonly #source: BatchSource;
  readonly #tables: readonly PlannedTable[];
  readonly #doneOf: (table: string) => number;
  #ahead: Prefetched[] = [];

  /**
   * @param tables the plan's tables in load order
   * @param doneOf rows_done of a table as last read from the ledger: where a
   *   table not started yet will start
   */
  constructor(source: BatchSource, tables: readonly PlannedTable[], doneOf: (table: string) => number) {
    this.#source = source;
    this.#tables = tables;
    this.#doneOf = doneOf;
  }

  /**
   * The batch of `table` whose first row is `done` (ledger rows), made ahead
   * if it was; the source's lookahead of batches after it are asked for
   * before this returns.
   */
  take(table: PlannedTable, done: number): Promise<PreparedBatch> {
    const head = this.#ahead[0];
    if (head && (head.table !== table || head.done !== done)) this.#ahead = [];
    if (this.#ahead.length === 0) this.#ahead.push(this.#prepare(table, done));
    const taken = this.#ahead.shift()!;
    this.#fill(taken);
    return taken.result;
  }

  /** Asks for batches after `last` until the lookahead is full or nothing of the plan is left. */
  #fill(last: Prefetched): void {
    let at: Prefetched | undefined = this.#ahead.at(-1) ?? last;
    while (this.#ahead.length < this.#source.lookahead) {
      const next = this.#after(at.table, at.done);
      if (!next) return;
      at = this.#prepare(next.table, next.done);
      this.#ahead.push(at);
    }
  }

  /** The batch position after the batch of `table` at `done`: later in the table, else the next unfinished table. */
  #after(table: PlannedTable, done: number): { table: PlannedTable; done: number } | undefined {
    if (done + table.batchSize < rowsToWrite(table).target) return { table, done: done + table.batchSize };
    for (let i = this.#tables.indexOf(table) + 1; i < this.#tables.length; i++) {
      const next = this.#tables[i]!;
      const start = this.#doneOf(next.table);
      if (start < rowsToWrite(next).target) return { table: next, done: start };
    }
    return undefined;
  }

  #prepare(table: PlannedTable, done: number): Prefetched {
    const { start, target } = rowsToWrite(table);
    const result = this.#source.prepare(table, start + done, Math.min(table.batchSize, target - done));
    result.catch(() => undefined); // awaited when taken; a dropped one must not be an unhandled rejection
    return { table, done, result };
  }
}
