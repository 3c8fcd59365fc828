import { createHash, randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { errorCode } from '../connection';
import { LedgerMissingError } from './ledger-missing-error';
import { LedgerRunGoneError } from './ledger-run-gone-error';
import { describeOwner, RunTakenOverError } from './run-taken-over-error';
import { SeedInputError } from './seed-input-error';
import type { SeedPlan } from './seed-plan';

/** An owner silent for this long (no batch, no heartbeat) may have its run taken over. */
export const OWNER_LEASE_MS = 30_000;
/** How often seed() tells the ledger it still owns its run, whatever it is doing. */
export const HEARTBEAT_MS = 5_000;

/**
 * How long a batch transaction waits for a lock (the ledger row above all)
 * before it gives up, looks for who holds it, and tries again; see
 * {@link SeedLedger.beginBatch}. Without a limit, a batch would wait as long
 * as a backend whose client is gone stays alive (hours, until TCP keepalive).
 */
export const LOCK_TIMEOUT_MS = 5_000;

/**
 * How long the heartbeat's update waits for the run's row lock: a heartbeat
 * that cannot get it (a leftover backend or another session holds the row)
 * gives up and tries again at the next tick, instead of waiting, and aging,
 * until the holder is gone. See {@link SeedLedger.heartbeat}.
 */
export const HEARTBEAT_LOCK_TIMEOUT_MS = 2_000;

/** SQLSTATE of a lock wait that hit lock_timeout. */
export const LOCK_NOT_AVAILABLE = '55P03';

/**
 * application_name of the backends inside a batch transaction of `owner`
 * (set for the transaction only): a backend that still carries it while that
 * owner has moved on is the leftover of a connection it lost. A digest, so
 * that a long host name cannot truncate the unique part away (63 bytes max).
 */
export function batchApplicationName(owner: string): string {
  return `reseed batch ${createHash('sha256').update(owner).digest('hex').slice(0, 24)}`;
}

/** A session that held a lock a batch waited for, as pg_stat_activity shows it. */
export interface LockHolder {
  pid: number;
  applicationName: string;
  state: string;
  /** Seconds since its transaction started. */
  transactionSeconds: number;
}

/** What {@link SeedLedger.advance} found. */
export type AdvanceResult =
  /** rows_done moved: insert the batch. */
  | 'advanced'
  /** rows_done or an earlier table is not what the caller thought: read the ledger again. */
  | 'moved'
  /** The run is no longer this process's to load (taken over, discarded, finished, deleted): stop. */
  | 'not-owner';

/** Whether the owner of an unfinished run may be displaced. */
export type OwnerVerdict = 'free' | 'self' | 'gone' | 'stale' | 'live';

/** Owner tokens of the seed() calls running in this process right now. */
const ACTIVE_OWNERS = new Set<string>();

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
  /** The process loading it (`pid@host#call`), undefined when nobody claims it. */
  owner: string | undefined;
  /** Milliseconds since the owner last said it owns the run (server clock). */
  heartbeatAgeMs: number | undefined;
  tables: LedgerTable[];
}

/**
 * Reads and writes reseed_runs / reseed_run_tables. `advance` is meant to run
 * inside the batch's own transaction: the rows and rows_done commit together,
 * so after a lost connection the ledger says whether the batch exists.
 */
export class SeedLedger {
  /**
   * This ledger user's owner token, `pid@host#call:pidns`: runs it starts or
   * takes over are recorded as its, and it writes only to runs it owns.
   */
  readonly owner: string;

  constructor(owner: string = `${process.pid}@${os.hostname()}#${randomUUID().slice(0, 8)}:${PID_NAMESPACE}`) {
    this.owner = owner;
  }

  /** application_name of this owner's batch transactions: see {@link batchApplicationName}. */
  get batchApplicationName(): string {
    return batchApplicationName(this.owner);
  }

  /**
   * First statement of a batch transaction: a lock wait longer than
   * `lockTimeoutMs` fails with 55P03 instead of waiting without end, and the
   * backend carries this owner's {@link batchApplicationName} until the
   * transaction ends, so that a leftover of it can be told apart.
   */
  async beginBatch(tx: Queryable, lockTimeoutMs: number): Promise<void> {
    await tx.query(`SELECT set_config('lock_timeout', $1, true), set_config('application_name', $2, true)`, [`${lockTimeoutMs}ms`, this.batchApplicationName]);
  }

  /**
   * Ends the backends that are still inside a batch transaction of this
   * owner, other than the caller's: this owner has one batch transaction at
   * a time and the caller's just ended, so any other is what a lost
   * connection left behind (its client is gone, the server has not noticed
   * yet), holding the ledger row lock until it dies. Its batch had not
   * committed, so ending it rolls it back. Returns how many were ended (a
   * backend this role may not signal is left alone).
   */
  async endLeftoverBatches(db: Queryable): Promise<number> {
    const rows: { pid: number }[] = await db.query(
      `SELECT pid FROM pg_stat_activity
        WHERE application_name = $1 AND pid <> pg_backend_pid() AND datname = current_database() AND xact_start IS NOT NULL`,
      [this.batchApplicationName],
    );
    // Not signalled (not allowed): it is left to die when the server notices its client is gone.
    return terminateBackends(db, rows.map((r) => r.pid));
  }

  /** Other sessions in a transaction that wrote to the ledger's tables (who may hold a ledger row lock), for messages. */
  async ledgerWriters(db: Queryable): Promise<LockHolder[]> {
    const rows = await db.query(
      `SELECT DISTINCT a.pid, a.application_name, a.state, floor(EXTRACT(EPOCH FROM now() - a.xact_start))::int AS secs
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()
          AND l.relation IN (to_regclass('reseed_runs'), to_regclass('reseed_run_tables'))
        ORDER BY a.pid`,
    );
    return rows.map((r: any) => ({ pid: Number(r.pid), applicationName: r.application_name ?? '', state: r.state ?? '', transactionSeconds: Number(r.secs ?? 0) }));
  }

  /** Marks this owner as running in this process (a run it owns is live) until {@link deactivate}. */
  activate(): void {
    ACTIVE_OWNERS.add(this.owner);
  }

  deactivate(): void {
    ACTIVE_OWNERS.delete(this.owner);
  }

  /**
   * Whether `run` may be taken from its owner: it has none (released), it is
   * this one, its process is gone (same host, pid no longer running, or a
   * seed() call of this process that ended), its heartbeat is older than
   * {@link OWNER_LEASE_MS}, or it is live.
   */
  verdict(run: Pick<LedgerRun, 'owner' | 'heartbeatAgeMs'>): OwnerVerdict {
    if (run.owner === undefined) return 'free';
    if (run.owner === this.owner) return 'self';
    // Only a process of this host and PID namespace can be looked up by its pid (containers may share a hostname).
    const match = /^(\d+)@(.*)#[^#:]*:([^#:]*)$/.exec(run.owner);
    if (match && match[2] === os.hostname() && match[3] === PID_NAMESPACE) {
      const pid = Number(match[1]);
      if (pid === process.pid ? !ACTIVE_OWNERS.has(run.owner) : !processExists(pid)) return 'gone';
    }
    if (run.heartbeatAgeMs === undefined || run.heartbeatAgeMs >= OWNER_LEASE_MS) return 'stale';
    return 'live';
  }

  /** Refuses (SeedInputError) when another live process owns `run`; otherwise a note when its owner is displaced, if any. */
  checkTakeover(run: Pick<LedgerRun, 'runId' | 'owner' | 'heartbeatAgeMs'>, action: string): string | undefined {
    const verdict = this.verdict(run);
    const owner = run.owner === undefined ? '' : describeOwner(run.owner);
    const age = `${Math.round((run.heartbeatAgeMs ?? 0) / 1000)}s`;
    if (verdict === 'live') {
      throw new SeedInputError(
        `run ${run.runId} is being loaded by another process (${owner}, last heard from ${age} ago): cannot ${action} it now; ` +
          `wait for that process to finish or stop it (a run whose owner has been silent for ${OWNER_LEASE_MS / 1000}s can be taken over)`,
      );
    }
    if (verdict === 'gone') return `taking over run ${run.runId} from ${owner}, which is no longer running`;
    if (verdict === 'stale') return `taking over run ${run.runId} from ${owner}, silent for ${age}`;
    return undefined;
  }

  /** A fresh run id. */
  newRunId(): string {
    return randomUUID();
  }

  /** Throws LedgerMissingError when the migration has not run. */
  async assertInstalled(db: Queryable): Promise<void> {
    const rows = await db.query(
      `SELECT to_regclass('reseed_runs') IS NOT NULL AND to_regclass('reseed_run_tables') IS NOT NULL AS ok,
              EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('reseed_runs') AND attname = 'heartbeat_at' AND NOT attisdropped) AS owned`,
    );
    if (!rows[0]?.ok) throw new LedgerMissingError();
    if (!rows[0]?.owned) throw new LedgerMissingError({ outdated: true });
  }

  /** The unfinished run, if any (at most one exists). */
  async findUnfinished(db: Queryable): Promise<LedgerRun | undefined> {
    return this.#read(db, await db.query(`SELECT *, ${AGE} FROM reseed_runs WHERE status IN ('running', 'interrupted') ORDER BY created_at DESC LIMIT 1`));
  }

  /** One run by id, if it exists. */
  async findRun(db: Queryable, runId: string): Promise<LedgerRun | undefined> {
    return this.#read(db, await db.query(`SELECT *, ${AGE} FROM reseed_runs WHERE run_id = $1`, [runId]));
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
      owner: run.owner ?? undefined,
      heartbeatAgeMs: run.heartbeat_age_ms === null || run.heartbeat_age_ms === undefined ? undefined : Number(run.heartbeat_age_ms),
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
      `INSERT INTO reseed_runs (run_id, seed, preset, counts, config_hash, append, status, owner, heartbeat_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, now()) RETURNING created_at`,
      [runId, plan.seed, plan.preset, JSON.stringify(counts), plan.configHash, plan.append, this.owner],
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
    return {
      runId,
      seed: plan.seed,
      preset: plan.preset,
      counts,
      configHash: plan.configHash,
      append: plan.append,
      status: 'running',
      createdAt: row.created_at,
      owner: this.owner,
      heartbeatAgeMs: 0,
      tables,
    };
  }

  /**
   * Takes the unfinished run over, in the caller's transaction: locks its
   * row, refuses (SeedInputError) while another live process owns it, then
   * either makes it this owner's and `running` again (`resume`) or marks it
   * abandoned (`abandon`, before a truncate). The row lock orders this
   * against the owner's batches: each of them either commits before the
   * takeover, or sees it and stops. Returns a note when an owner was
   * displaced.
   *
   * When the owner is gone or stale, the backends its lost connections left
   * inside one of its batch transactions (its {@link batchApplicationName},
   * idle in transaction or waiting for a lock) are ended first: they would
   * hold the row until the server notices their client is gone (hours). The
   * row lock is then waited for at most `lockTimeoutMs`; a session still
   * holding it after that is named in a SeedInputError, nothing changed.
   */
  async takeOver(db: Queryable, runId: string, then: 'resume' | 'abandon', lockTimeoutMs: number = LOCK_TIMEOUT_MS): Promise<string | undefined> {
    const action = then === 'resume' ? 'resume' : 'discard';
    // A plain read is never blocked by the row lock: who owns the run, before waiting for it.
    const [seen] = await db.query(`SELECT status, owner, ${AGE} FROM reseed_runs WHERE run_id = $1`, [runId]);
    if (seen && (seen.status === 'running' || seen.status === 'interrupted') && seen.owner) {
      const current = { runId, owner: seen.owner as string, heartbeatAgeMs: ageOf(seen) };
      const verdict = this.verdict(current);
      if (verdict === 'live') this.checkTakeover(current, action);
      if (verdict === 'gone' || verdict === 'stale') await this.endLeftoverBatchesOf(db, current.owner);
    }
    await db.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
    // In a savepoint, so that after a lock timeout the transaction can still say who holds the row.
    await db.query(`SAVEPOINT reseed_take_over`);
    let row: any;
    try {
      [row] = await db.query(`SELECT status, owner, ${AGE} FROM reseed_runs WHERE run_id = $1 FOR UPDATE`, [runId]);
    } catch (error) {
      if (errorCode(error) !== LOCK_NOT_AVAILABLE) throw error;
      await db.query(`ROLLBACK TO SAVEPOINT reseed_take_over`);
      const holders = await this.runRowHolders(db).catch(() => [] as LockHolder[]);
      const who =
        holders.length > 0
          ? holders.map((h) => `pid ${h.pid} (application_name '${h.applicationName}', ${h.state}, in a transaction for ${h.transactionSeconds}s)`).join('; ')
          : 'another session';
      throw new SeedInputError(
        `cannot ${action} run ${runId}: its ledger row stayed locked for ${lockTimeoutMs / 1000}s by ${who}. ` +
          'Nothing was changed; run the command again when that session has ended its transaction (or end it: SELECT pg_terminate_backend(<pid>))',
        { cause: error },
      );
    }
    await db.query(`RELEASE SAVEPOINT reseed_take_over`);
    if (!row || (row.status !== 'running' && row.status !== 'interrupted')) {
      throw new SeedInputError(`run ${runId} changed while this command was starting (it is ${row ? row.status : 'gone'} now): run the command again`);
    }
    const note = this.checkTakeover({ runId, owner: row.owner ?? undefined, heartbeatAgeMs: ageOf(row) }, action);
    if (then === 'resume') {
      await db.query(`UPDATE reseed_runs SET status = 'running', owner = $2, heartbeat_at = now(), updated_at = now() WHERE run_id = $1`, [runId, this.owner]);
    } else {
      await db.query(`UPDATE reseed_runs SET status = 'abandoned', owner = NULL, heartbeat_at = NULL, updated_at = now(), finished_at = now() WHERE run_id = $1`, [runId]);
    }
    return note;
  }

  /**
   * Ends the backends left inside a batch transaction of `owner`, an owner
   * that is gone or stale (see {@link takeOver}): those idle in transaction
   * or waiting for a lock (a batch statement still running is waited for).
   * Their batches had not committed: ending them rolls them back. Returns
   * how many were ended (a backend this role may not signal is left alone).
   */
  async endLeftoverBatchesOf(db: Queryable, owner: string): Promise<number> {
    const rows: { pid: number }[] = await db.query(
      `SELECT pid FROM pg_stat_activity
        WHERE application_name = $1 AND pid <> pg_backend_pid() AND datname = current_database() AND xact_start IS NOT NULL
          AND (state IN ('idle in transaction', 'idle in transaction (aborted)') OR wait_event_type = 'Lock')`,
      [batchApplicationName(owner)],
    );
    // Not signalled (not allowed): the lock wait that follows names it if it still holds the row.
    return terminateBackends(db, rows.map((r) => r.pid));
  }

  /** Other sessions in a transaction holding a lock on reseed_runs that comes with row locks (who may hold a run's row), for messages. */
  async runRowHolders(db: Queryable): Promise<LockHolder[]> {
    const rows = await db.query(
      `SELECT DISTINCT a.pid, a.application_name, a.state, floor(EXTRACT(EPOCH FROM now() - a.xact_start))::int AS secs
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.granted AND l.mode <> 'AccessShareLock' AND l.pid <> pg_backend_pid()
          AND l.relation = to_regclass('reseed_runs') AND a.xact_start IS NOT NULL
        ORDER BY a.pid`,
    );
    return rows.map((r: any) => ({ pid: Number(r.pid), applicationName: r.application_name ?? '', state: r.state ?? '', transactionSeconds: Number(r.secs ?? 0) }));
  }

  /**
   * Tells the ledger this owner is still at work on the run; false when it
   * no longer owns it. Run it in a transaction of its own: the update waits
   * at most `lockTimeoutMs` for the run's row, then fails with 55P03
   * ({@link LOCK_NOT_AVAILABLE}), which means "try again at the next tick"
   * (a batch holding the row bumps the heartbeat itself when it commits).
   */
  async heartbeat(tx: Queryable, runId: string, lockTimeoutMs: number = HEARTBEAT_LOCK_TIMEOUT_MS): Promise<boolean> {
    await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
    const result = await tx.query(
      `UPDATE reseed_runs SET heartbeat_at = now() WHERE run_id = $1 AND owner = $2 AND status IN ('running', 'interrupted') RETURNING run_id`,
      [runId, this.owner],
    );
    return rowsOf(result).length === 1;
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
   * `from` and every table before it in the run is complete; false otherwise
   * (another writer moved it, the batch had already committed, or a crash took
   * back async-committed batches of an earlier table: their rows and their
   * ledger advance vanish together, and a child batch must not be written
   * over missing parents): 'moved'. First of all, the run must still be this
   * owner's and unfinished, or it is 'not-owner'; that check locks the run's
   * row (and bumps its heartbeat) until the batch commits, so a takeover or
   * a truncate by another process waits for the batch or the batch sees it.
   * Run it in the batch's transaction, before the insert.
   */
  async advance(db: Queryable, runId: string, table: string, from: number, to: number): Promise<AdvanceResult> {
    const [row] = await db.query(
      `WITH owned AS (
         UPDATE reseed_runs SET heartbeat_at = now()
          WHERE run_id = $1 AND owner = $5 AND status IN ('running', 'interrupted')
          RETURNING run_id
       ), advanced AS (
         UPDATE reseed_run_tables
            SET rows_done = $4, updated_at = now(), started_at = COALESCE(started_at, now()),
                status = CASE WHEN $4 = target_rows THEN 'done' ELSE 'loading' END
          WHERE run_id = (SELECT run_id FROM owned) AND table_name = $2 AND rows_done = $3
            AND NOT EXISTS (
                  SELECT 1 FROM reseed_run_tables p
                   WHERE p.run_id = reseed_run_tables.run_id AND p.position < reseed_run_tables.position AND p.rows_done <> p.target_rows)
          RETURNING rows_done
       )
       SELECT EXISTS (SELECT 1 FROM owned) AS owned, EXISTS (SELECT 1 FROM advanced) AS advanced`,
      [runId, table, from, to, this.owner],
    );
    if (!row.owned) return 'not-owner';
    return row.advanced ? 'advanced' : 'moved';
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
    const short: { table_name: string }[] = await db.query(
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
    if (rowsOf(done).length === 1) return [];
    // A redo after the acknowledgement of this very update was lost finds it done by this owner.
    const run = await this.findRun(db, runId);
    if (run?.status === 'done' && run.owner === this.owner) return [];
    throw await this.lostRunError(db, runId, 'before marking it done');
  }
}

/** This process's PID namespace (Linux), so that pids are compared only within one; '' elsewhere. */
const PID_NAMESPACE = (() => {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '';
  } catch {
    return '';
  }
})();

/** The heartbeat's age in milliseconds, by the server's clock. */
const AGE = `(EXTRACT(EPOCH FROM now() - heartbeat_at) * 1000)::float8 AS heartbeat_age_ms`;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageOf(row: { heartbeat_age_ms?: unknown }): number | undefined {
  return row.heartbeat_age_ms === null || row.heartbeat_age_ms === undefined ? undefined : Number(row.heartbeat_age_ms);
}

function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
}

/** pg_terminate_backend on each pid; returns how many were ended (one this role may not signal is skipped). */
async function terminateBackends(db: Queryable, pids: readonly number[]): Promise<number> {
  let ended = 0;
  for (const pid of pids) {
    try {
      const [r] = await db.query(`SELECT pg_terminate_backend($1) AS ok`, [pid]);
      if (r?.ok) ended += 1;
    } catch {
      // insufficient privilege: leave it
    }
  }
  return ended;
}
