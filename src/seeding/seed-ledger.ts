import { randomUUID } from 'node:crypto';
import { LedgerMissingError } from './ledger-missing-error';
import type { SeedPlan } from './seed-plan';

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** Status of a run: running and interrupted runs are unfinished. */
export type RunStatus = 'running' | 'interrupted' | 'done' | 'abandoned';

/** One table of a run as the ledger has it. */
export interface LedgerTable {
  table: string;
  position: number;
  target: number;
  done: number;
  idStart: number | undefined;
  status: 'pending' | 'loading' | 'done';
}

/** A run as the ledger has it. */
export interface LedgerRun {
  runId: string;
  seed: number;
  preset: string;
  counts: Record<string, number>;
  configHash: string;
  append: boolean;
  status: RunStatus;
  createdAt: Date;
  tables: LedgerTable[];
}

/**
 * Reads and writes reseed_runs / reseed_run_tables. `advance` is meant to run
 * inside the batch's own transaction: the rows and rows_done commit together,
 * so after a lost connection the ledger says whether the batch exists.
 */
export class SeedLedger {
  /** A fresh run id. */
  newRunId(): string {
    return randomUUID();
  }

  /** Throws LedgerMissingError when the migration has not run. */
  async assertInstalled(db: Queryable): Promise<void> {
    const rows = await db.query(`SELECT to_regclass('reseed_runs') IS NOT NULL AND to_regclass('reseed_run_tables') IS NOT NULL AS ok`);
    if (!rows[0]?.ok) throw new LedgerMissingError();
  }

  /** The unfinished run, if any (at most one exists). */
  async findUnfinished(db: Queryable): Promise<LedgerRun | undefined> {
    return this.#read(db, await db.query(`SELECT * FROM reseed_runs WHERE status IN ('running', 'interrupted') ORDER BY created_at DESC LIMIT 1`));
  }

  /** One run by id, if it exists. */
  async findRun(db: Queryable, runId: string): Promise<LedgerRun | undefined> {
    return this.#read(db, await db.query(`SELECT * FROM reseed_runs WHERE run_id = $1`, [runId]));
  }

  async #read(db: Queryable, runs: any[]): Promise<LedgerRun | undefined> {
    if (runs.length === 0) return undefined;
    const run = runs[0];
    const tables = await db.query(`SELECT * FROM reseed_run_tables WHERE run_id = $1 ORDER BY position`, [run.run_id]);
    return {
      runId: run.run_id,
      seed: Number(run.seed),
      preset: run.preset,
      counts: run.counts,
      configHash: run.config_hash,
      append: run.append,
      status: run.status,
      createdAt: run.created_at,
      tables: tables.map((t: any) => ({
        table: t.table_name,
        position: t.position,
        target: Number(t.target_rows),
        done: Number(t.rows_done),
        idStart: t.id_start === null ? undefined : Number(t.id_start),
        status: t.status,
      })),
    };
  }

  /**
   * Records a new run and its tables (call inside a transaction). Choose the
   * id before the transaction (see {@link newRunId}): when the commit's
   * acknowledgement is lost, a redo finds the run by it instead of starting
   * a second one.
   */
  async start(db: Queryable, plan: SeedPlan, runId: string): Promise<LedgerRun> {
    const existing = await this.findRun(db, runId);
    if (existing) return existing;
    const counts = Object.fromEntries(plan.tables.map((t) => [t.table, t.count]));
    const [row] = await db.query(
      `INSERT INTO reseed_runs (run_id, seed, preset, counts, config_hash, append, status) VALUES ($1, $2, $3, $4, $5, $6, 'running') RETURNING created_at`,
      [runId, plan.seed, plan.preset, JSON.stringify(counts), plan.configHash, plan.append],
    );
    const tables: LedgerTable[] = plan.tables.map((t, position) => ({
      table: t.table,
      position,
      target: t.count,
      done: 0,
      idStart: t.idStart,
      status: t.count === 0 ? 'done' : 'pending',
    }));
    for (const t of tables) {
      await db.query(
        `INSERT INTO reseed_run_tables (run_id, table_name, position, target_rows, id_start, status) VALUES ($1, $2, $3, $4, $5, $6)`,
        [runId, t.table, t.position, t.target, t.idStart ?? null, t.status],
      );
    }
    return { runId, seed: plan.seed, preset: plan.preset, counts, configHash: plan.configHash, append: plan.append, status: 'running', createdAt: row.created_at, tables };
  }

  /**
   * Moves rows_done of a table from `from` to `to`, only if it still is
   * `from` and every table before it in the run is complete; false otherwise
   * (another writer moved it, the batch had already committed, or a crash took
   * back async-committed batches of an earlier table: their rows and their
   * ledger advance vanish together, and a child batch must not be written
   * over missing parents). Run it in the batch's transaction.
   */
  async advance(db: Queryable, runId: string, table: string, from: number, to: number): Promise<boolean> {
    const result = await db.query(
      `UPDATE reseed_run_tables
          SET rows_done = $4, updated_at = now(), started_at = COALESCE(started_at, now()),
              status = CASE WHEN $4 = target_rows THEN 'done' ELSE 'loading' END
        WHERE run_id = $1 AND table_name = $2 AND rows_done = $3
          AND NOT EXISTS (
                SELECT 1 FROM reseed_run_tables p
                 WHERE p.run_id = reseed_run_tables.run_id AND p.position < reseed_run_tables.position AND p.rows_done <> p.target_rows)
        RETURNING rows_done`,
      [runId, table, from, to],
    );
    // TypeORM answers an UPDATE with [rows, affected count].
    return rowsOf(result).length === 1;
  }

  /** rows_done of one table of a run: the truth about which rows exist. */
  async rowsDone(db: Queryable, runId: string, table: string): Promise<number> {
    const rows = await db.query(`SELECT rows_done FROM reseed_run_tables WHERE run_id = $1 AND table_name = $2`, [runId, table]);
    return Number(rows[0]?.rows_done ?? 0);
  }

  /**
   * Sets the run's status; `done` and `abandoned` also record finished_at.
   * With `onlyFrom`, a run in another status is left alone (so that marking
   * a run interrupted never undoes a `done` that did commit).
   */
  async setStatus(db: Queryable, runId: string, status: RunStatus, onlyFrom?: readonly RunStatus[]): Promise<void> {
    await db.query(
      `UPDATE reseed_runs SET status = $2, updated_at = now(), finished_at = CASE WHEN $2 IN ('done', 'abandoned') THEN now() ELSE finished_at END
        WHERE run_id = $1 AND ($3::text[] IS NULL OR status = ANY ($3::text[]))`,
      [runId, status, onlyFrom ? [...onlyFrom] : null],
    );
  }

  /**
   * Marks the run `done` if, and only if, every table has rows_done =
   * target_rows; otherwise changes nothing and returns the tables that are
   * short (a crash under synchronous_commit = off can take back batches of a
   * table that had finished). Run it in a transaction: its commit is made
   * synchronous, which flushes every earlier async commit of the run too, so
   * a crash after `done` can no longer lose rows.
   */
  async completeRun(db: Queryable, runId: string): Promise<string[]> {
    await db.query(`SELECT set_config('synchronous_commit', 'on', true) WHERE current_setting('synchronous_commit') = 'off'`);
    const short: { table_name: string }[] = await db.query(
      `SELECT table_name FROM reseed_run_tables WHERE run_id = $1 AND rows_done <> target_rows ORDER BY position`,
      [runId],
    );
    if (short.length === 0) await this.setStatus(db, runId, 'done');
    return short.map((t) => t.table_name);
  }
}

function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
}
