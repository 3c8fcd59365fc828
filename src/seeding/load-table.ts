import type { DataSource, EntityManager } from 'typeorm';
import { isLockTimeout, withReconnect } from '../connection';
import { endLeftoverBatches, lockHolders } from './ledger/leftover-backends';
import type { AdvanceResult } from './ledger/ledger-run';
import type { SeedLedger } from './ledger/seed-ledger';
import { SeedDataError } from './seed-data-error';
import { ServerResourceError } from './server-resource-error';
import { entityManagerBatchTransaction } from './pg-batch-transaction';
import type { BatchPrefetch } from './batch-prefetch';
import type { PreparedBatch } from './batch-source';
import type { ResolvedSeedOptions } from './seed-options';
import { rowsToWrite, type PlannedTable } from './seed-plan';
import type { TableReport } from './seed-report';

/** One table's part of a seed: what {@link loadTable} loads. */
export interface LoadTableJob {
  /** Where batches come from, made ahead in load order (generated here for a writer, or encoded by workers). */
  prefetch: BatchPrefetch;
  runId: string;
  table: PlannedTable;
  /** The table's ancestors in the plan: the ledger takes a batch only when they are complete. */
  after: readonly string[];
  /** rows_done of the table when the call starts (from the ledger). */
  done: number;
  /**
   * True once the ledger read that `done` came from can no longer be trusted
   * (a reconnect happened since): the call stops before its next batch.
   */
  stale(): boolean;
  /**
   * How many batches of the table may be written at once now, each in its
   * own transaction on its own connection (the streams no other table
   * uses). Default 1.
   */
  width?(): number;
  /** The value the factory gives row `index` (0-based) in database column `column`, made again: for the message of a refused value. */
  valueAt?(index: number, column: string): { value: unknown } | undefined;
  /** Estimated bytes of the rows the run has still to load (every table; this one from ledger row `done`), for the message of a full disk. */
  remainingBytes?(done: number): number;
  /** Called before the call throws, with what its batches committed until then. */
  onFailed?(result: LoadTableResult): void;
}

/**
 * What one {@link loadTable} call did (it emits table-start and batch events;
 * table-done is the caller's, over all calls for the table). It returns when the table is complete,
 * when the signal aborted, or when the caller must read the whole ledger again
 * (after a reconnect, or when the ledger refused an advance) before anything
 * else is written; the caller tells these apart through the ledger.
 */
export interface LoadTableResult {
  /** rows_done of the table as last known: the ledger's word when it was asked. */
  done: number;
  report: TableReport;
}

/** What one batch's write did: rows_done after it, and whether the ledger must be read again. */
interface BatchOutcome {
  committed: number;
  reread: boolean;
}

/** Thrown inside a batch transaction to roll it back when the ledger refused the advance. */
class LedgerMoved extends Error {}

/** Thrown inside a batch transaction to roll it back when the run is no longer this process's. */
class NotOwner extends Error {}

/**
 * Writes the table's remaining rows batch by batch. Each batch is generated
 * from its row indexes, then inserted in one transaction that also advances
 * the ledger from `done` to `done + n` (the advance first: it gates the insert).
 * While the table may use more than one connection (`width`), the next batch
 * is inserted while the one before it is still being written, and advances
 * the ledger only once that one has committed: rows_done stays a prefix of
 * the batches, each committed exactly once. The next batches (past the
 * table's end, the next table's) are made while the current one is written. The call stops, for the caller to re-read every
 * table from the ledger, as soon as the connection was lost or the ledger
 * refused an advance: a crash under synchronous_commit = off can take back
 * committed batches of any table, not only this one, so in-memory progress is
 * not the truth after a reconnect. Stops between batches when the signal aborts.
 */
export async function loadTable(options: ResolvedSeedOptions, ledger: SeedLedger, job: LoadTableJob): Promise<LoadTableResult> {
  const { manager, signal, onProgress } = options;
  const { runId, table } = job;
  const started = performance.now();
  const report: TableReport = { table: table.table, rows: 0, elapsedMs: 0, rowsPerSec: 0, generateMs: 0, writeMs: 0 };
  let done = job.done;
  // `done` counts this process's rows: those of its shard (all of them, from 0, unless sharded).
  const { target } = rowsToWrite(table);
  // After a reconnect the caller reads the ledger again first: no table-start from a stale `done`.
  if (done >= target || job.stale()) return { done, report };
  onProgress({ type: 'table-start', table: table.table, target, done });
  /**
   * After a batch's lock wait timed out: a backend left inside one of this
   * owner's batch transactions by a lost connection holds the ledger row until
   * the server notices its client is gone (hours, with default keepalives), so
   * it is ended; anyone else's lock is waited for, saying so each time.
   */
  const afterLockTimeout = async (ds: DataSource, what: string, waitedMs: number): Promise<void> => {
    const ended = await endLeftoverBatches(ds, ledger.owner, { table: table.table }).catch(() => 0);
    if (ended > 0) {
      onProgress({
        type: 'note',
        message: `${what} waited ${seconds(options.lockTimeoutMs)} for the ledger row, held by a transaction of this seed whose connection was lost; ended ${ended} backend${ended === 1 ? '' : 's'} of it, trying again`,
      });
      return;
    }
    const holders = await lockHolders(ds, 'ledger-writers').catch(() => []);
    const who =
      holders.length > 0
        ? holders.map((h) => `pid ${h.pid}${h.applicationName ? ` (${h.applicationName})` : ''}, ${h.state}, in a transaction for ${h.transactionSeconds}s`).join('; ')
        : 'another session';
    onProgress({ type: 'note', message: `${what} has waited ${seconds(waitedMs)} for a lock held by ${who}; still waiting` });
  };
  let reread = false;
  /** The batches being written, oldest first; each commits only after the one before it did. */
  const inFlight: Array<{ from: number; outcome: Promise<BatchOutcome>; ended: Before }> = [];
  /** First row (ledger rows) of the next batch to take. */
  let next = done;
  let failure: { error: unknown } | undefined;
  /**
   * Writes one batch. With `before` (the batch before it is still being
   * written), the batch is checked and inserted at once but advances the
   * ledger only when that one's transaction has ended: the advance is
   * refused, and the batch rolled back, unless that one committed. `ended`
   * is this batch's own, for the batch after it.
   */
  const writeBatch = async (batch: PreparedBatch, from: number, before: Before | undefined, ended: Ended): Promise<BatchOutcome> => {
    const n = batch.rows;
    let retried = false;
    const what = `the batch of ${table.table} rows ${from + 1}-${from + n}`;
    let waitedMs = 0;
    try {
      return await withReconnect(
        manager,
        async (ds) => {
          // After a lost connection only the ledger knows whether the batch committed (its
          // acknowledgement may be what was lost); the caller re-reads the rest of it. Read
          // after the batch before it is settled, holding no connection meanwhile.
          if (retried) {
            ended.transaction();
            await before?.settled;
            return { committed: await ledger.rowsDone(ds, runId, table.table), reread: true };
          }
          for (;;) {
            try {
              await ds.transaction(async (tx) => {
                if (before === undefined) {
                  // The advance first: when it is refused (an earlier table lost batches in a crash
                  // nobody noticed, as when the pool quietly replaced dead connections), no row is
                  // inserted, so a child never meets a missing parent (23503).
                  await advanceOrThrow(tx, from, n);
                  await batch.write(await entityManagerBatchTransaction(tx));
                  return;
                }
                // The same checks first, the insert, then the advance once the batch before has ended.
                throwUnlessAdvanced(await ledger.gate(tx, runId, table.table, options.lockTimeoutMs, job.after));
                await batch.write(await entityManagerBatchTransaction(tx));
                await before.transaction;
                await advanceOrThrow(tx, from, n);
              });
            } catch (error) {
              ended.transaction();
              if (error instanceof NotOwner) throw await ledger.lostRunError(ds, runId, `before ${what}`);
              if (isLockTimeout(error)) {
                // Rolled back: nothing of the batch exists. Whoever held the lock, try again.
                waitedMs += options.lockTimeoutMs;
                await afterLockTimeout(ds, what, waitedMs);
                signal?.throwIfAborted();
                continue;
              }
              if (!(error instanceof LedgerMoved)) {
                // Rows as the table counts them (a shard's start on): those of FactoryError and valueAt.
                const first = rowsToWrite(table).start + from + 1;
                const valueAt = job.valueAt && ((row: number, column: string) => job.valueAt!(row - 1, column));
                throw (
                  SeedDataError.from(error, { table: table.table, firstRow: first, lastRow: first + n - 1, factory: table.factoryLabel, valueAt }) ??
                  ServerResourceError.from(error, { table: table.table, firstRow: first, lastRow: first + n - 1, tableRows: table.count, remainingBytes: job.remainingBytes?.(from) }) ??
                  error
                );
              }
              await before?.settled;
              return { committed: await ledger.rowsDone(ds, runId, table.table), reread: true };
            }
            return { committed: from + n, reread: false };
          }
        },
        { signal, onRetry: () => (retried = true) },
      );
    } finally {
      ended.transaction();
      ended.settled();
    }
  };
  /** The batch's ledger advance from `from`, in its transaction; throws to roll it back when refused. */
  const advanceOrThrow = async (tx: EntityManager, from: number, n: number): Promise<void> =>
    throwUnlessAdvanced(await ledger.advance(tx, runId, table.table, from, from + n, options.lockTimeoutMs, job.after));
  /** Waits for the oldest batch in flight and counts what it put in the ledger. */
  const settleOldest = async (): Promise<void> => {
    const { from, outcome } = inFlight.shift()!;
    const waiting = performance.now();
    let result: BatchOutcome;
    try {
      result = await outcome;
    } catch (error) {
      failure ??= { error };
      return;
    } finally {
      report.writeMs += performance.now() - waiting;
    }
    // Only what this batch put in the ledger: 0 when it was refused or lost before its commit.
    const written = Math.max(0, result.committed - from);
    report.rows += written;
    done = result.committed;
    reread ||= result.reread;
    const elapsedMs = performance.now() - started;
    onProgress({ type: 'batch', table: table.table, done, target, batchRows: written, rowsPerSec: rate(report.rows, elapsedMs), elapsedMs });
  };
  try {
    for (;;) {
      const more = next < target && !failure && !reread && !signal?.aborted && !job.stale();
      if (more && inFlight.length < Math.max(1, job.width?.() ?? 1)) {
        // The batches after this one (the next table's too) are made while this one is written.
        const batch = await job.prefetch.take(table, next);
        report.generateMs += batch.generateMs;
        const [ended, mine] = batchEnds();
        const outcome = writeBatch(batch, next, inFlight.at(-1)?.ended, mine);
        outcome.catch(() => undefined); // settled in order by settleOldest
        inFlight.push({ from: next, outcome, ended });
        next += batch.rows;
        continue;
      }
      if (inFlight.length === 0) break;
      await settleOldest();
    }
  } catch (error) {
    // A batch that could not be made (a factory that threw, workers stopped by an abort): the
    // batches in flight end first, and what they committed is reported with the error.
    failure ??= { error };
  } finally {
    while (inFlight.length > 0) await settleOldest();
  }
  report.elapsedMs = performance.now() - started;
  report.rowsPerSec = rate(report.rows, report.elapsedMs);
  if (failure) {
    job.onFailed?.({ done, report });
    throw failure.error;
  }
  // table-done is the caller's: it covers every loadTable call of the table, as the report does.
  return { done, report };
}

/** Rolls the batch's transaction back (by throwing) unless the ledger let it through. */
function throwUnlessAdvanced(result: AdvanceResult): void {
  if (result === 'not-owner') throw new NotOwner();
  if (result === 'moved') throw new LedgerMoved();
}

/** How a batch in flight tells the one after it that it has ended; neither ever rejects. */
interface Before {
  /** Its own (first) transaction has committed or failed: the ledger knows whether it advanced. */
  transaction: Promise<void>;
  /** It has settled altogether (a lost connection included: it reconnected and read the ledger). */
  settled: Promise<void>;
}

/** The batch's side of {@link Before}. */
interface Ended {
  transaction(): void;
  settled(): void;
}

function batchEnds(): [Before, Ended] {
  let transaction!: () => void;
  let settled!: () => void;
  const before: Before = { transaction: new Promise((resolve) => (transaction = resolve)), settled: new Promise((resolve) => (settled = resolve)) };
  return [before, { transaction, settled }];
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

function rate(rows: number, ms: number): number {
  return ms > 0 ? Math.round((rows * 1000) / ms) : 0;
}
