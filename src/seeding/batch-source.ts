import type { BatchTransaction } from './batch-transaction';
import type { BatchWriter } from './batch-writer';
import type { PlannedTable, SeedPlan } from './seed-plan';

/** A batch made and ready to be written in its transaction. */
export interface PreparedBatch {
  /** Rows in the batch. */
  readonly rows: number;
  /** Time spent generating (and encoding) it, wherever that ran. */
  readonly generateMs: number;
  /** Writes the batch in the batch's transaction (after the ledger advance). */
  write(tx: BatchTransaction): Promise<void>;
}

/**
 * How soon the load needs a batch it asks for, for a source that makes one
 * batch at a time to choose the next: `now`, the batch a table writes next;
 * `ahead`, one after it, of a table being loaded; `later`, the first
 * batches of a table that has not started (its parents still load).
 */
export type BatchUrgency = 'now' | 'ahead' | 'later';

/**
 * Where batches come from: generated on the main thread for a writer, or
 * generated and encoded by worker threads. Row i is the same either way.
 */
export interface BatchSource {
  /** How many batches the load may ask for ahead of the one being written. */
  readonly lookahead: number;
  /** Rows [start, start + count) of `table`; `urgency` (default `now`) may order the batches asked for and not begun. */
  prepare(table: PlannedTable, start: number, count: number, urgency?: BatchUrgency): Promise<PreparedBatch>;
  /** The batch of `table` from row `start`, asked for earlier, is needed now (see {@link BatchUrgency}). */
  hurry?(table: PlannedTable, start: number): void;
}

/** A batch source opened for one load, and how to release it. */
export interface OpenedBatchSource {
  source: BatchSource;
  /** Where generation runs, for messages: `main thread` or `N workers`. */
  where: string;
  /** Worker threads that generate; 0 or absent: the main thread does (it sets the default streams). */
  workers?: number;
  close(): Promise<void>;
}

/**
 * Opens the batch source of a load: the plan, the writer for batches made
 * on the main thread, and what the config's prepare step returned.
 */
export type BatchSourceOpener = (plan: SeedPlan, writer: BatchWriter, prepared: Readonly<Record<string, unknown>>) => Promise<OpenedBatchSource>;
