import type { SeedPlan } from './seed-plan';

/** What one table cost in this call. */
export interface TableReport {
  table: string;
  /** Rows this call wrote (a resumed run counts only the rest). */
  rows: number;
  elapsedMs: number;
  rowsPerSec: number;
  /** Time spent making rows. It overlaps writeMs: the next batch is made while one is written. */
  generateMs: number;
  /** Wall time from the start of each batch's transaction (insert + ledger advance) to its commit, reconnects included. */
  writeMs: number;
}

/** The outcome of {@link seed}. */
export interface SeedReport {
  /** Ledger id of the run; undefined for a dry run. */
  runId: string | undefined;
  seed: number;
  plan: SeedPlan;
  tables: TableReport[];
  /** Rows this call wrote. */
  totalRows: number;
  elapsedMs: number;
  /**
   * Wall time of the table loads (the batches, reconnects included; not the
   * hooks, sequences and ANALYZE): tables loading side by side count once,
   * where the tables' own elapsedMs overlap.
   */
  loadMs: number;
  /** Reconnects during this call, and the time the database was unreachable. */
  reconnects: number;
  downtimeMs: number;
  /** Whether this call continued an unfinished run. */
  resumed: boolean;
  dryRun: boolean;
}
