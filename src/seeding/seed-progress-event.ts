import type { SeedPlan } from './seed-plan';

/**
 * What {@link SeedOptions.onProgress} hears, in order: plan, then per table
 * start / batch... / done, then finishing steps. After a reconnect (or a
 * refused batch) the ledger is read again and the table starts again
 * (table-start with the ledger's rows_done) before its next batch. A crash
 * that takes back committed batches (synchronous_commit = off) can make a
 * table start again after its table-done, and the finishing steps be followed
 * by more loading.
 */
export type SeedProgressEvent =
  | { type: 'plan'; plan: SeedPlan; runId: string | undefined; resumed: boolean; dryRun: boolean }
  | { type: 'table-start'; table: string; target: number; done: number }
  | {
      type: 'batch';
      table: string;
      /** Rows of the table committed so far (earlier processes included). */
      done: number;
      target: number;
      /** Rows this batch added to the ledger: 0 when it was refused or its connection was lost before the commit. */
      batchRows: number;
      /** Rows per second of this table in this call. */
      rowsPerSec: number;
      elapsedMs: number;
    }
  /** The table is complete: its rows, time and rate for this call so far, as in SeedReport.tables. */
  | { type: 'table-done'; table: string; rows: number; elapsedMs: number; rowsPerSec: number }
  | { type: 'reconnecting'; reason: string; error?: unknown }
  | { type: 'reconnected'; attempts: number; downtimeMs: number }
  | { type: 'finishing'; step: 'sequences' | 'analyze' | 'after-load' }
  /**
   * Something the user should know: that the run was taken over from an owner that is gone or
   * silent (before `plan`), or that a batch is waiting for a lock (see SeedOptions.lockTimeoutMs).
   */
  | { type: 'note'; message: string };
