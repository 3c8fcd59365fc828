import type { BatchSource, BatchUrgency, PreparedBatch } from './batch-source';
import { rowsToWrite, type PlannedTable } from './seed-plan';

/** A batch asked for ahead: `done` is its first row as the ledger counts it (rows of the shard before it). */
interface Prefetched {
  table: PlannedTable;
  done: number;
  result: Promise<PreparedBatch>;
}

/**
 * The batches asked for ahead of those being written, table by table:
 * the rest of each table being loaded, and past a table's end the first
 * batch of the next tables of the plan from where the ledger last left them,
 * so the first batch of a table is made while the last one of its parent is
 * written (a table used to start with the server idle for a whole batch's
 * generation). Tables loading side by side each have their own queue. Row i
 * is a pure function of (seed, table, i): a batch made early is the very
 * batch written later. When the load asks a table for another batch than
 * the next one made for it (the ledger was re-read after a reconnect, or
 * refused an advance), whatever was made ahead for that table is dropped.
 * Each batch is asked for with its {@link BatchUrgency}, and one made ahead
 * is hurried when its table takes it: a source that makes one batch at a
 * time makes a loading table's next batch before the first batch of a
 * table that cannot start yet.
 */
export class BatchPrefetch {
  readonly #source: BatchSource;
  readonly #tables: readonly PlannedTable[];
  readonly #doneOf: (table: string) => number;
  readonly #ahead = new Map<PlannedTable, Prefetched[]>();
  /** Tables a load has asked for a batch of. */
  readonly #taken = new Set<PlannedTable>();

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
    let queue = this.#ahead.get(table) ?? [];
    if (queue[0] && queue[0].done !== done) queue = [];
    if (queue.length === 0) queue.push(this.#prepare(table, done, 'now'));
    else this.#source.hurry?.(table, rowsToWrite(table).start + done);
    const taken = queue.shift()!;
    this.#ahead.set(table, queue);
    this.#taken.add(table);
    this.#fill(taken);
    return taken.result;
  }

  /**
   * Asks for the batches of the table after `last` until the lookahead is
   * full; past the table's end, for those of the next unfinished tables of
   * the plan that no load has asked for yet (a table already loading, side
   * by side, fills its own queue), within the same lookahead.
   */
  #fill(last: Prefetched): void {
    let budget = this.#source.lookahead - this.#ahead.get(last.table)!.length;
    budget = this.#extend(last.table, last, budget, 'ahead');
    for (let i = this.#tables.indexOf(last.table) + 1; i < this.#tables.length && budget > 0; i++) {
      const next = this.#tables[i]!;
      if (this.#taken.has(next)) continue;
      const start = this.#doneOf(next.table);
      if (start >= rowsToWrite(next).target) continue;
      const queue = this.#ahead.get(next) ?? [];
      if (queue.length === 0) {
        queue.push(this.#prepare(next, start, 'later'));
        this.#ahead.set(next, queue);
        budget--;
      } else {
        budget -= queue.length;
      }
      if (budget > 0) budget = this.#extend(next, queue[0]!, budget, 'later');
    }
  }

  /** Asks for up to `budget` batches of `table` after its queue's last (or `last`); returns what is left of the budget. */
  #extend(table: PlannedTable, last: Prefetched, budget: number, urgency: BatchUrgency): number {
    const queue = this.#ahead.get(table)!;
    let at = queue.at(-1) ?? last;
    while (budget > 0 && at.done + table.batchSize < rowsToWrite(table).target) {
      at = this.#prepare(table, at.done + table.batchSize, urgency);
      queue.push(at);
      budget--;
    }
    return budget;
  }

  #prepare(table: PlannedTable, done: number, urgency: BatchUrgency): Prefetched {
    const { start, target } = rowsToWrite(table);
    const result = this.#source.prepare(table, start + done, Math.min(table.batchSize, target - done), urgency);
    result.catch(() => undefined); // awaited when taken; a dropped one must not be an unhandled rejection
    return { table, done, result };
  }
}
