import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../queryable';
import { resultRows } from '../../queryable';
import { LedgerRunGoneError } from '../ledger-run-gone-error';
import { RunTakenOverError } from '../run-taken-over-error';
import { rowsToWrite, type SeedPlan } from '../seed-plan';
import { WHOLE_RUN } from '../shard';
import { runSourceOf, type RunSource } from '../run-source';
import { batchApplicationName } from './leftover-backends';
import { HEARTBEAT_AGE, heartbeatAgeOf, type AdvanceResult, type LedgerRun, type LedgerTable, type RunStatus } from './ledger-run';
import { newOwnerToken, PROCESS_RUN_OWNERS, RunOwnership } from './run-ownership';
import { ledgerTimings, type LedgerTimings, type SeedLedgerOptions } from './seed-ledger-options';

/**
 * The first CTEs of a batch's ledger statement ({@link SeedLedger.advance},
 * {@link SeedLedger.gate}), given the numbers of its parameters: the run,
 * the owner, the lock_timeout and the application_name. `batch` sets the transaction's lock_timeout and
 * application_name; `owned` is the run's row when it is this owner's and
 * unfinished, share-locked until the batch commits ((SELECT true FROM batch)
 * is evaluated before the row is locked: the timeout is in force for the wait).
 */
function ownedBatchCtes(p: { run: number; owner: number; lockTimeout: number; applicationName: number }): string {
  return `batch AS (
         SELECT set_config('lock_timeout', $${p.lockTimeout}, true), set_config('application_name', $${p.applicationName}, true)
       ), owned AS (
         SELECT run_id, shard_group, shard_count FROM reseed_runs
          WHERE run_id = $${p.run} AND owner = $${p.owner} AND status IN ('running', 'interrupted') AND (SELECT true FROM batch)
          FOR SHARE
       )`;
}

/**
 * Every ancestor (parameter `after`, table names) complete in every shard of
 * the load (the run itself unless sharded), and every shard there: a child
 * row may reference a parent row of any shard. Needs the `owned` CTE.
 */
function ancestorsComplete(after: number): string {
  return `NOT EXISTS (
                  SELECT 1 FROM reseed_run_tables p JOIN reseed_runs r ON r.run_id = p.run_id
                   WHERE r.shard_group = (SELECT shard_group FROM owned) AND r.status <> 'abandoned'
                     AND p.table_name = ANY ($${after}::text[]) AND p.rows_done <> p.target_rows)
            AND (cardinality($${after}::text[]) = 0
                 OR (SELECT count(*) FROM reseed_runs WHERE shard_group = (SELECT shard_group FROM owned) AND status <> 'abandoned')
                    = (SELECT shard_count FROM owned))`;
}

/**
 * Reads and writes reseed_runs / reseed_run_tables for one owner. `advance`
 * is meant to run inside the batch's own transaction: the rows and rows_done
 * commit together, so after a lost connection the ledger says whether the
 * batch exists. Every write is conditional on this owner still holding the
 * run unfinished; who may take a run from whom is {@link RunOwnership}'s.
 */
export class SeedLedger {
  /** Who this ledger user is, and whom it may displace. */
  readonly ownership: RunOwnership;
  /** The timings of its options, defaults applied. */
  readonly timings: LedgerTimings;

  constructor(options: SeedLedgerOptions = {}) {
    this.timings = ledgerTimings(options);
    this.ownership = new RunOwnership(options.owner ?? newOwnerToken(), options.registry ?? PROCESS_RUN_OWNERS, this.timings.ownerLeaseMs);
  }

  /** This ledger user's owner token: runs it starts or takes over are recorded as its. */
  get owner(): string {
    return this.ownership.owner;
  }


  /** A fresh run id. */
  newRunId(): string {
    return randomUUID();
  }

  /** The unfinished run of shard `shard` (1 unless sharded), if any (at most one exists). */
  async findUnfinished(db: Queryable, shard = 1): Promise<LedgerRun | undefined> {
    return this.#read(
      db,
      await db.query(`SELECT *, ${HEARTBEAT_AGE} FROM reseed_runs WHERE status IN ('running', 'interrupted') AND shard = $1 ORDER BY created_at DESC LIMIT 1`, [shard]),
    );
  }

  /** How many shards of `runId`'s load are done. */
  async shardsDone(db: Queryable, runId: string): Promise<number> {
    const [row] = await db.query(
      `SELECT count(*)::int AS n FROM reseed_runs WHERE status = 'done' AND shard_group = (SELECT shard_group FROM reseed_runs WHERE run_id = $1)`,
      [runId],
    );
    return Number(row?.n ?? 0);
  }

  /** Every unfinished run, of any shard: the shards of one sharded load (or one run). */
  async findUnfinishedRuns(db: Queryable): Promise<LedgerRun[]> {
    const rows = await db.query(`SELECT run_id FROM reseed_runs WHERE status IN ('running', 'interrupted') ORDER BY shard, created_at`);
    const runs: LedgerRun[] = [];
    for (const row of rows) {
      const run = await this.findRun(db, row.run_id);
      if (run) runs.push(run);
    }
    return runs;
  }

  /**
   * The shards of `runId`'s load that have not yet loaded every table before
   * `position` (every table, for the plan's length), or have no run yet: a
   * table's rows reference any row of its parents, whichever shard wrote it.
   */
  async shardsBehind(db: Queryable, runId: string, position: number): Promise<number[]> {
    const rows = await db.query(
      `WITH me AS (SELECT shard_group, shard_count FROM reseed_runs WHERE run_id = $1),
            ready AS (
              SELECT r.shard FROM reseed_runs r, me
               WHERE r.shard_group = me.shard_group AND r.status <> 'abandoned'
                 AND NOT EXISTS (SELECT 1 FROM reseed_run_tables p WHERE p.run_id = r.run_id AND p.position < $2 AND p.rows_done <> p.target_rows))
       SELECT s AS shard FROM me, generate_series(1, me.shard_count) AS s WHERE s NOT IN (SELECT shard FROM ready) ORDER BY s`,
      [runId, position],
    );
    return rows.map((r: { shard: number }) => Number(r.shard));
  }

  /** One run by id, if it exists. */
  async findRun(db: Queryable, runId: string): Promise<LedgerRun | undefined> {
    return this.#read(db, await db.query(`SELECT *, ${HEARTBEAT_AGE} FROM reseed_runs WHERE run_id = $1`, [runId]));
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
      source: runSourceOf(run.source),
      append: run.append,
      status: run.status,
      createdAt: run.created_at,
      owner: run.owner ?? undefined,
      heartbeatAgeMs: heartbeatAgeOf(run),
      shard: { index: Number(run.shard ?? 1), count: Number(run.shard_count ?? 1) },
      shardGroup: run.shard_group ?? run.run_id,
      tables: tables.map((t) => ({
        table: t.table_name,
        position: t.position,
        target: Number(t.target_rows),
        done: Number(t.rows_done),
        idStart: t.id_start === null ? undefined : Number(t.id_start),
        rowStart: Number(t.row_start ?? 0),
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
  async start(db: Queryable, plan: SeedPlan, runId: string, shardGroup: string = runId, source?: RunSource): Promise<LedgerRun> {
    const existing = await this.findRun(db, runId);
    if (existing) return existing;
    const counts = Object.fromEntries(plan.tables.map((t) => [t.table, t.count]));
    const shard = plan.shard ?? WHOLE_RUN;
    const [row] = await db.query(
      `INSERT INTO reseed_runs (run_id, seed, preset, counts, config_hash, append, status, owner, heartbeat_at, shard, shard_count, shard_group, source)
       VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, now(), $8, $9, $10, $11) RETURNING created_at`,
      [runId, plan.seed, plan.preset, JSON.stringify(counts), plan.configHash, plan.append, this.owner, shard.index, shard.count, shardGroup, source ? JSON.stringify(source) : null],
    );
    const tables: LedgerTable[] = plan.tables.map((t, position) => {
      // A shard's ledger counts its own rows only: target_rows is the size of its range.
      const rows = rowsToWrite(t);
      return { table: t.table, position, target: rows.target, done: 0, idStart: t.idStart, rowStart: rows.start, status: rows.target === 0 ? 'done' : 'pending' };
    });
    for (const t of tables) {
      await db.query(
        `INSERT INTO reseed_run_tables (run_id, table_name, position, target_rows, id_start, row_start, status) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [runId, t.table, t.position, t.target, t.idStart ?? null, t.rowStart, t.status],
      );
    }
    return {
      runId,
      seed: plan.seed,
      preset: plan.preset,
      counts,
      configHash: plan.configHash,
      source,
      append: plan.append,
      status: 'running',
      createdAt: row.created_at,
      owner: this.owner,
      heartbeatAgeMs: 0,
      shard: { ...shard },
      shardGroup,
      tables,
    };
  }

  /**
   * Tells the ledger this owner is still at work on the run; false when it
   * no longer owns it. Run it in a transaction of its own: the update waits
   * at most `lockTimeoutMs` (default: the heartbeatLockTimeoutMs option) for
   * the run's row, then fails with 55P03, which means "try again at the next
   * tick" (a batch holding the row bumps the heartbeat itself when it commits).
   */
  async heartbeat(tx: Queryable, runId: string, lockTimeoutMs: number = this.timings.heartbeatLockTimeoutMs): Promise<boolean> {
    await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
    const result = await tx.query(
      `UPDATE reseed_runs SET heartbeat_at = now() WHERE run_id = $1 AND owner = $2 AND status IN ('running', 'interrupted') RETURNING run_id`,
      [runId, this.owner],
    );
    return resultRows(result).length === 1;
  }

  /**
   * Gives the run up (it stays resumable by anyone at once), optionally
   * marking it interrupted; only while this owner still holds it unfinished.
   */
  async release(db: Queryable, runId: string, status?: 'interrupted'): Promise<void> {
    await db.query(
      `UPDATE reseed_runs SET owner = NULL, heartbeat_at = NULL, status = COALESCE($3, status), updated_at = now()
        WHERE run_id = $1 AND owner = $2 AND status IN ('running', 'interrupted')`,
      [runId, this.owner, status ?? null],
    );
  }

  /**
   * The error for a run this owner may no longer write to: gone from the
   * ledger, or taken over / discarded / finished by another process.
   */
  async lostRunError(db: Queryable, runId: string, what: string): Promise<Error> {
    const run = await this.findRun(db, runId);
    if (!run) return new LedgerRunGoneError(runId);
    return new RunTakenOverError(runId, run.status, run.owner, what);
  }

  /**
   * Moves rows_done of a table from `from` to `to`, only if it still is
   * `from` and every table in `after` (the table's ancestors: its parents,
   * their parents...) is complete in every shard of the load; 'moved'
   * otherwise (another writer moved it, the batch had already committed, or a
   * crash took back async-committed batches of a parent: their rows and their
   * ledger advance vanish together, and a child batch must not be written
   * over missing parents). First of all, the run must still be this owner's
   * and unfinished, or it is 'not-owner'. That check takes a share lock on
   * the run's row until the batch commits: batches of tables loading side
   * by side do not wait for one another, while a takeover or a truncate by
   * another process (an update of the row) waits for every batch in flight,
   * or the batch sees it. A batch committing is this owner's heartbeat too
   * (the table's updated_at, see HEARTBEAT_AGE): the heartbeat's own update
   * may find the row share-locked by one batch after another.
   * Run it in the batch's transaction, first, before the insert.
   *
   * The same statement, before it waits for any lock, sets for the
   * transaction a lock_timeout of `lockTimeoutMs` (a lock wait fails with
   * 55P03 instead of lasting as long as a dead client's backend) and this
   * owner's {@link batchApplicationName} for the table, so that a leftover
   * of the batch can be told apart: one round trip instead of two per batch.
   */
  async advance(db: Queryable, runId: string, table: string, from: number, to: number, lockTimeoutMs: number, after: readonly string[]): Promise<AdvanceResult> {
    const [row] = await db.query(
      `WITH ${ownedBatchCtes({ run: 1, owner: 5, lockTimeout: 6, applicationName: 7 })}, advanced AS (
         UPDATE reseed_run_tables
            SET rows_done = $4, updated_at = now(), started_at = LEAST(started_at, now()), -- not COALESCE: see setStatus
                status = CASE WHEN $4 = target_rows THEN 'done' ELSE 'loading' END
          WHERE run_id = (SELECT run_id FROM owned) AND table_name = $2 AND rows_done = $3 AND ${ancestorsComplete(8)}
          RETURNING rows_done
       )
       SELECT EXISTS (SELECT 1 FROM owned) AS owned, EXISTS (SELECT 1 FROM advanced) AS advanced`,
      [runId, table, from, to, this.owner, `${lockTimeoutMs}ms`, batchApplicationName(this.owner, table), [...after]],
    );
    if (!row.owned) return 'not-owner';
    return row.advanced ? 'advanced' : 'moved';
  }

  /**
   * The checks of {@link advance} without the advance, for a batch written
   * while the batch before it, of the same table, is still being written
   * (a table loading on several connections): run first in the batch's
   * transaction, before the insert, it takes the same share lock on the
   * run's row, sets the same lock_timeout and application_name, and says
   * whether the run is this owner's ('not-owner') and every ancestor complete
   * ('moved' when not). rows_done is not looked at: the batch before is not
   * committed yet. The batch advances the ledger only once that one has
   * committed, with {@link advance}, which checks everything again; a batch
   * whose predecessor did not commit is refused there and rolled back.
   */
  async gate(db: Queryable, runId: string, table: string, lockTimeoutMs: number, after: readonly string[]): Promise<AdvanceResult> {
    const [row] = await db.query(
      `WITH ${ownedBatchCtes({ run: 1, owner: 2, lockTimeout: 3, applicationName: 4 })}
       SELECT EXISTS (SELECT 1 FROM owned) AS owned, EXISTS (SELECT 1 FROM owned WHERE ${ancestorsComplete(5)}) AS ready`,
      [runId, this.owner, `${lockTimeoutMs}ms`, batchApplicationName(this.owner, table), [...after]],
    );
    if (!row.owned) return 'not-owner';
    return row.ready ? 'advanced' : 'moved';
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
      // No now() inside CASE or COALESCE: Citus refuses it in a statement on a Citus local table.
      `UPDATE reseed_runs SET status = $2, updated_at = now(), finished_at = ${status === 'done' || status === 'abandoned' ? 'now()' : 'finished_at'}
        WHERE run_id = $1 AND ($3::text[] IS NULL OR status = ANY ($3::text[]))`,
      [runId, status, onlyFrom ? [...onlyFrom] : null],
    );
  }

  /**
   * Marks the run `done` if, and only if, every table has rows_done =
   * target_rows; otherwise changes nothing and returns the tables that are
   * short (a crash under synchronous_commit = off can take back batches of a
   * table that had finished). Run it in a transaction: when the session runs
   * with synchronous_commit = off, its commit is made `local`, which flushes
   * the WAL up to it, every earlier async commit of the run included, so a
   * crash after `done` can no longer lose rows; `local`, not `on`, so it never
   * waits for a synchronous standby the batches never waited for (one that is
   * down would hang it). Throws LedgerRunGoneError or RunTakenOverError unless
   * exactly this owner's unfinished run became done.
   */
  async completeRun(db: Queryable, runId: string): Promise<string[]> {
    await db.query(`SELECT set_config('synchronous_commit', 'local', true) WHERE current_setting('synchronous_commit') = 'off'`);
    const short = await db.query<{ table_name: string }>(
      `SELECT table_name FROM reseed_run_tables WHERE run_id = $1 AND rows_done <> target_rows ORDER BY position`,
      [runId],
    );
    if (short.length > 0) return short.map((t) => t.table_name);
    const done = await db.query(
      `UPDATE reseed_runs SET status = 'done', updated_at = now(), finished_at = now(), heartbeat_at = now()
        WHERE run_id = $1 AND owner = $2 AND status IN ('running', 'interrupted')
        RETURNING run_id`,
      [runId, this.owner],
    );
    if (resultRows(done).length === 1) return [];
    // A redo after the acknowledgement of this very update was lost finds it done by this owner.
    const run = await this.findRun(db, runId);
    if (run?.status === 'done' && run.owner === this.owner) return [];
    throw await this.lostRunError(db, runId, 'before marking it done');
  }
}
