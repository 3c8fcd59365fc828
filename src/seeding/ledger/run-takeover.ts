import { isLockTimeout } from '../../connection/classify-error';
import type { Queryable } from '../../queryable';
import { SeedInputError } from '../seed-input-error';
import { HEARTBEAT_AGE, heartbeatAgeOf } from './ledger-run';
import { endLeftoverBatches, lockHolders, type LockHolder } from './leftover-backends';
import type { RunOwnership } from './run-ownership';

/** What becomes of the run {@link takeOverRun} takes: this owner's and running again, or abandoned (before a truncate). */
export type TakeoverOutcome = 'resume' | 'abandon';

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
 * inside one of its batch transactions (idle in transaction or waiting for
 * a lock) are ended first: they would hold the row until the server notices
 * their client is gone (hours). The row lock is then waited for at most
 * `lockTimeoutMs`; a session still holding it after that is named in a
 * SeedInputError, nothing changed.
 */
export async function takeOverRun(db: Queryable, ownership: RunOwnership, runId: string, then: TakeoverOutcome, lockTimeoutMs: number): Promise<string | undefined> {
  const action = then === 'resume' ? 'resume' : 'discard';
  // A plain read is never blocked by the row lock: who owns the run, before waiting for it.
  const [seen] = await db.query(`SELECT status, owner, ${HEARTBEAT_AGE} FROM reseed_runs WHERE run_id = $1`, [runId]);
  if (seen && (seen.status === 'running' || seen.status === 'interrupted') && seen.owner) {
    const current = { runId, owner: seen.owner as string, heartbeatAgeMs: heartbeatAgeOf(seen) };
    const verdict = ownership.verdict(current);
    if (verdict === 'live') ownership.checkTakeover(current, action);
    if (verdict === 'gone' || verdict === 'stale') await endLeftoverBatches(db, current.owner, 'stuck');
  }
  await db.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
  // In a savepoint, so that after a lock timeout the transaction can still say who holds the row.
  await db.query(`SAVEPOINT reseed_take_over`);
  let row: any;
  try {
    [row] = await db.query(`SELECT status, owner, ${HEARTBEAT_AGE} FROM reseed_runs WHERE run_id = $1 FOR UPDATE`, [runId]);
  } catch (error) {
    if (!isLockTimeout(error)) throw error;
    await db.query(`ROLLBACK TO SAVEPOINT reseed_take_over`);
    const holders = await lockHolders(db, 'run-row').catch(() => [] as LockHolder[]);
    const who =
      holders.length > 0
        ? holders.map((h) => `pid ${h.pid} (application_name '${h.applicationName}', ${h.state}, in a transaction for ${h.transactionSeconds}s)`).join('; ')
        : 'another session';
    throw new SeedInputError(`cannot ${action} run ${runId}: its ledger row stayed locked for ${lockTimeoutMs / 1000}s by ${who}`, {
      hint: 'Nothing was changed; run the command again when that session has ended its transaction (or end it: SELECT pg_terminate_backend(<pid>))',
      cause: error,
    });
  }
  await db.query(`RELEASE SAVEPOINT reseed_take_over`);
  if (!row || (row.status !== 'running' && row.status !== 'interrupted')) {
    throw new SeedInputError(`run ${runId} changed while this command was starting (it is ${row ? row.status : 'gone'} now)`, { hint: 'run the command again' });
  }
  const note = ownership.checkTakeover({ runId, owner: row.owner ?? undefined, heartbeatAgeMs: heartbeatAgeOf(row) }, action);
  if (then === 'resume') {
    await db.query(`UPDATE reseed_runs SET status = 'running', owner = $2, heartbeat_at = now(), updated_at = now() WHERE run_id = $1`, [runId, ownership.owner]);
  } else {
    await db.query(`UPDATE reseed_runs SET status = 'abandoned', owner = NULL, heartbeat_at = NULL, updated_at = now(), finished_at = now() WHERE run_id = $1`, [runId]);
  }
  return note;
}
