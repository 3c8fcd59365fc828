import type { SeedPlan } from './seed-plan';

/** What {@link SeedOptions.onProgress} hears, in order: plan, then per table start / batch... / done, then finishing steps. */
export type SeedProgressEvent =
  | { type: 'plan'; plan: SeedPlan; runId: string | undefined; resumed: boolean; dryRun: boolean }
  | { type: 'table-start'; table: string; target: number; done: number }
  | {
      type: 'batch';
      table: string;
      /** Rows of the table committed so far (earlier processes included). */
      done: number;
      target: number;
      batchRows: number;
      /** Rows per second of this table in this call. */
      rowsPerSec: number;
      elapsedMs: number;
    }
  | { type: 'table-done'; table: string; rows: number; elapsedMs: number; rowsPerSec: number }
  | { type: 'reconnecting'; reason: string; error?: unknown }
  | { type: 'reconnected'; attempts: number; downtimeMs: number }
  | { type: 'finishing'; step: 'sequences' | 'analyze' | 'after-load' }
  /**
   * Something the user should know: that the run was taken over from an owner that is gone or
   * silent (before `plan`), or that a batch is waiting for a lock (see SeedOptions.lockTimeoutMs).
   */
  | { type: 'note'; message: string };
