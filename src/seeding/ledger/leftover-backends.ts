import { createHash } from 'node:crypto';
import type { Queryable } from '../../queryable';

/**
 * application_name of the backends inside a batch transaction of `owner`
 * for `table` (set for the transaction only): a backend that still carries
 * it while that owner has moved on is the leftover of a connection it lost.
 * Tables load side by side, one batch transaction each at a time, so the
 * name says the table too: a stream ends its own leftovers, never a sibling
 * stream's live batch. Digests, so that a long host name or table name
 * cannot truncate the unique part away (63 bytes max).
 */
export function batchApplicationName(owner: string, table: string): string {
  return `${ownerPrefix(owner)} ${digest(table).slice(0, 8)}`;
}

/** The start of every {@link batchApplicationName} of `owner`. */
function ownerPrefix(owner: string): string {
  return `reseed batch ${digest(owner).slice(0, 24)}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Which of an owner's batch backends {@link endLeftoverBatches} ends. */
export type LeftoverScope =
  /**
   * Every one of the table's but the caller's: the owner itself asks, and it
   * has one batch transaction of a table at a time, the caller's, which just
   * ended.
   */
  | { table: string }
  /**
   * Only those idle in transaction or waiting for a lock, of any table: the
   * owner is gone or stale, and a batch statement still running is waited
   * for instead.
   */
  | 'stuck';

/**
 * Ends the backends still inside a batch transaction of `owner` (its
 * {@link batchApplicationName}s, of the scope's table or of all): what a lost connection left behind (its
 * client is gone, the server has not noticed yet), holding the ledger row
 * lock until it dies. Their batches had not committed, so ending them rolls
 * them back. Returns how many were ended; a backend this role may not signal
 * is left alone (to die when the server notices, or to be named by the lock
 * wait that follows).
 */
export async function endLeftoverBatches(db: Queryable, owner: string, scope: LeftoverScope): Promise<number> {
  const rows = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE (application_name = $1 OR ($1 IS NULL AND starts_with(application_name, $2 || ' ')))
        AND pid <> pg_backend_pid() AND datname = current_database() AND xact_start IS NOT NULL
        AND ($1 IS NOT NULL OR state IN ('idle in transaction', 'idle in transaction (aborted)') OR wait_event_type = 'Lock')`,
    [scope === 'stuck' ? null : batchApplicationName(owner, scope.table), ownerPrefix(owner)],
  );
  let ended = 0;
  for (const { pid } of rows) {
    try {
      const [r] = await db.query<{ ok: boolean }>(`SELECT pg_terminate_backend($1) AS ok`, [pid]);
      if (r?.ok) ended += 1;
    } catch {
      // insufficient privilege: leave it
    }
  }
  return ended;
}

/** A session that held a lock someone waited for, as pg_stat_activity shows it. */
export interface LockHolder {
  pid: number;
  applicationName: string;
  state: string;
  /** Seconds since its transaction started. */
  transactionSeconds: number;
}

/** Whose locks {@link lockHolders} lists. */
export type LockHolderScope =
  /** Writers of reseed_runs or reseed_run_tables (who may hold a ledger row a batch waits for). */
  | 'ledger-writers'
  /** Holders of a lock on reseed_runs that comes with row locks (who may hold a run's row). */
  | 'run-row';

/** Other sessions in a transaction that may hold the ledger rows of `scope`, for messages. */
export async function lockHolders(db: Queryable, scope: LockHolderScope): Promise<LockHolder[]> {
  const relations = scope === 'ledger-writers' ? ['reseed_runs', 'reseed_run_tables'] : ['reseed_runs'];
  const rows = await db.query(
    `SELECT DISTINCT a.pid, a.application_name, a.state, floor(EXTRACT(EPOCH FROM now() - a.xact_start))::int AS secs
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL
        AND (CASE WHEN $2 THEN l.mode = 'RowExclusiveLock' ELSE l.mode <> 'AccessShareLock' END)
        AND l.relation = ANY (SELECT to_regclass(r) FROM unnest($1::text[]) AS r)
      ORDER BY a.pid`,
    [relations, scope === 'ledger-writers'],
  );
  return rows.map((r) => ({ pid: Number(r.pid), applicationName: r.application_name ?? '', state: r.state ?? '', transactionSeconds: Number(r.secs ?? 0) }));
}
