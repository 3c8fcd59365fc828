import type { RunSource } from '../run-source';

/** Status of a run: running and interrupted runs are unfinished. */
export type RunStatus = 'running' | 'interrupted' | 'done' | 'abandoned';

/** One table of a run as the ledger has it. */
export interface LedgerTable {
  table: string;
  position: number;
  target: number;
  done: number;
  idStart: number | undefined;
  /** Row index of the table's first row in this run (its shard's start; 0 unless sharded). */
  rowStart: number;
  status: 'pending' | 'loading' | 'done';
}

/** A run as the ledger (reseed_runs, reseed_run_tables) has it. */
export interface LedgerRun {
  runId: string;
  seed: number;
  preset: string;
  counts: Record<string, number>;
  configHash: string;
  /** Where its config came from, as its caller named it; undefined for a run recorded without one. */
  source: RunSource | undefined;
  append: boolean;
  status: RunStatus;
  createdAt: Date;
  /** The process loading it (`pid@host#call:pidns`), undefined when nobody claims it. */
  owner: string | undefined;
  /** Milliseconds since the owner last said it owns the run (server clock). */
  heartbeatAgeMs: number | undefined;
  /** Which share of every table the run loads: shard `index` of `count` (1 of 1 unless sharded). */
  shard: { index: number; count: number };
  /** The runs of one sharded load share it (the run id of a run that is not sharded). */
  shardGroup: string;
  tables: LedgerTable[];
}

/** What {@link SeedLedger.advance} found. */
export type AdvanceResult =
  /** rows_done moved: insert the batch. */
  | 'advanced'
  /** rows_done or an earlier table is not what the caller thought: read the ledger again. */
  | 'moved'
  /** The run is no longer this process's to load (taken over, discarded, finished, deleted): stop. */
  | 'not-owner';

/**
 * The heartbeat's age in milliseconds by the server's clock, as a
 * select-list item of a query on reseed_runs (not aliased): the time since
 * the owner's last sign of life, its heartbeat or its last batch (a batch
 * moves its table's updated_at; the heartbeat's own update may wait behind
 * batches of tables loading side by side). NULL when the run has no owner
 * (released: heartbeat_at is NULL).
 */
export const HEARTBEAT_AGE = `(EXTRACT(EPOCH FROM now() - GREATEST(heartbeat_at,
    (SELECT max(t.updated_at) FROM reseed_run_tables t WHERE t.run_id = reseed_runs.run_id AND reseed_runs.heartbeat_at IS NOT NULL))) * 1000)::float8 AS heartbeat_age_ms`;

/** The heartbeat age of a row selected with {@link HEARTBEAT_AGE}. */
export function heartbeatAgeOf(row: { heartbeat_age_ms?: unknown }): number | undefined {
  return row.heartbeat_age_ms === null || row.heartbeat_age_ms === undefined ? undefined : Number(row.heartbeat_age_ms);
}
