import { describeConnectionError, finishCitusCommits, withReconnect, type ReconnectedEvent, type ReconnectingEvent } from '../connection';
import { ResumableStopError } from '../errors';
import { analyzeTables, EarlyAnalysis, resetSequences, tablesWithExpressionIndexes } from './finish-tables';
import type { LedgerRun } from './ledger/ledger-run';
import { startHeartbeat } from './ledger/run-heartbeat';
import type { SeedLedger } from './ledger/seed-ledger';
import { LedgerRunGoneError } from './ledger-run-gone-error';
import { loadTable, type LoadTableResult } from './load-table';
import { readCopyTypes, sameCopyTypes, withCopyTypes } from './copy-types';
import { openRun, type OpenedRun } from './open-run';
import { ReconnectBudget } from './reconnect-budget';
import { RowGenerator } from './row-generator';
import { tablesReferencingThemselves } from './self-references';
import type { OpenedBatchSource } from './batch-source';
import { BatchPrefetch } from './batch-prefetch';
import { SeedDataError } from './seed-data-error';
import { ServerResourceError } from './server-resource-error';
import { SeedAbortedError } from './seed-aborted-error';
import { SeedInputError } from './seed-input-error';
import { defaultStreams, type ResolvedSeedOptions, type SeedHookContext } from './seed-options';
import { rowsToWrite, type PlannedTable, type SeedPlan } from './seed-plan';
import { ancestorsOf } from './table-order';
import type { SeedReport } from './seed-report';
import { SeedStalledError } from './seed-stalled-error';
import { TableProgress } from './table-progress';

/**
 * Whether this process writes the whole run on one server: not a shard (the
 * others write beside it) and no Citus placement (its 2PC recovery and
 * per-node finishing). Only then are tables analyzed early and one table's
 * batches written on several connections.
 */
function onOneNode(run: LedgerRun, plan: SeedPlan): boolean {
  return run.shard.count === 1 && plan.distribution.length === 0;
}

/** Rounds of load + finishing steps before seed() stops when the ledger keeps finding short tables. */
const MAX_FINISHING_ROUNDS = 3;
/** How often a shard waiting for the others reads the ledger. */
const SHARD_POLL_MS = 250;
/** How often a shard waiting for the others says so. */
const SHARD_NOTE_MS = 10_000;

/**
 * One seed() call that writes: opens the run, loads until the ledger says
 * every table is complete, finishes, and on any failure leaves the run
 * resumable. See {@link seed} for the guarantees.
 */
export class SeedRun {
  readonly #options: ResolvedSeedOptions;
  readonly #ledger: SeedLedger;
  readonly #started: number;
  readonly #newRunId: string;
  readonly #progress = new TableProgress();
  readonly #budget: ReconnectBudget;
  readonly #stats: { reconnects: number; downtimeMs: number };
  #opened: OpenedRun | undefined;
  /** Wall time in #loadAll, over every round. */
  #loadMs = 0;
  /** Every reconnect counts, whoever caused it: after one, the ledger is read again before another row is written. */
  #reconnects = 0;
  /** ANALYZE of each complete table while the rest load; none for a shard or a Citus placement (finished once every node has its rows). */
  #early: EarlyAnalysis | undefined;

  constructor(options: ResolvedSeedOptions, ledger: SeedLedger, started: number) {
    this.#options = options;
    this.#ledger = ledger;
    this.#started = started;
    this.#newRunId = ledger.newRunId();
    // Reconnects without progress, over the whole call: a batch that loses its connection every
    // time must not be retried forever (each loadTable call has a fresh withReconnect budget).
    this.#budget = new ReconnectBudget(options.maxReconnects);
    this.#stats = { ...options.manager.stats };
  }

  async run(): Promise<SeedReport> {
    const { manager, signal, onProgress, hooks } = this.#options;
    const ledger = this.#ledger;
    const forwardReconnecting = (e: ReconnectingEvent) => {
      this.#reconnects += 1;
      this.#budget.spend(e.error);
      onProgress({ type: 'reconnecting', reason: e.reason, error: e.error });
    };
    const forwardReconnected = (e: ReconnectedEvent) => onProgress({ type: 'reconnected', attempts: e.attempts, downtimeMs: e.downtimeMs });
    manager.on('reconnecting', forwardReconnecting);
    manager.on('reconnected', forwardReconnected);
    // While this call runs, the runs it owns are live: no other call may take them over.
    ledger.ownership.activate();
    let stopHeartbeat = () => {};
    let batches: OpenedBatchSource | undefined;
    let opening: Promise<OpenedBatchSource> | undefined;
    try {
      signal?.throwIfAborted();
      // Its plan carries the columns' database types (read with the schema check): the COPY writer's binary format.
      this.#opened = await openRun(this.#options, ledger, this.#newRunId);
      const { run, resumed } = this.#opened;
      let { plan } = this.#opened;
      stopHeartbeat = startHeartbeat(manager, ledger, run.runId);
      checkLedgerFitsPlan(run, plan);
      this.#progress.start(run);
      this.#budget.start(run);
      if (onOneNode(run, plan)) this.#early = new EarlyAnalysis(() => manager.dataSource, signal);
      onProgress({ type: 'plan', plan, runId: run.runId, resumed, dryRun: false });
      for (const message of plan.notes) onProgress({ type: 'note', message });
      signal?.throwIfAborted();
      const hookContext = async (): Promise<SeedHookContext> => ({ plan, dataSource: await manager.ready(), manager });
      // Generation workers start and load the config while the hook runs (it drops indexes or
      // restarts the server; workers never touch the database): their start-up is off the clock.
      opening = this.#options.batches(plan, this.#options.writer, this.#options.planInput.prepared ?? {});
      opening.catch(() => undefined); // awaited below, or closed in finally when the hook fails
      if (hooks.beforeLoad) {
        try {
          await hooks.beforeLoad(await hookContext());
        } catch (error) {
          // A fresh run that failed before its first row holds nothing worth resuming; left
          // unfinished it would block the next plain run ("an unfinished run exists").
          // Abandoned (not deleted) so the ledger keeps the attempt. An abort, or a planned
          // stop (a two-phase restart whose printed command resumes), keeps it resumable.
          if (!resumed && !signal?.aborted && !(error instanceof ResumableStopError)) {
            await withReconnect(manager, (ds) => ledger.setStatus(ds, run.runId, 'abandoned', ['running']), { maxReconnects: 0 }).catch(() => undefined);
          }
          throw error;
        }
      }

      batches = await opening;
      if (hooks.beforeLoad) {
        // Binary COPY sends values in the types read before the hook; a hook that changed one (a
        // migration) would have them stored as the new type without a word: made again for it.
        const types = await withReconnect(manager, (ds) => readCopyTypes(ds, plan.tables), { signal });
        if (!sameCopyTypes(plan, types)) {
          await batches.close().catch(() => undefined);
          batches = undefined;
          plan = withCopyTypes(plan, types);
          this.#opened = { ...this.#opened, plan };
          batches = await this.#options.batches(plan, this.#options.writer, this.#options.planInput.prepared ?? {});
        }
      }
      for (let round = 1; ; round++) {
        // Tables found short after the last round's finishing: every table is analyzed again at the end.
        if (round > 1) this.#early?.forget();
        const loading = performance.now();
        try {
          // Read each round: a round after the finishing steps meets the foreign keys they put back.
          const trees = await withReconnect(manager, (ds) => tablesReferencingThemselves(ds, plan.tables), { signal });
          await this.#loadAll(run, plan, new BatchPrefetch(batches!.source, plan.tables, (table) => this.#progress.done(table)), batches!.workers ?? 0, trees);
        } finally {
          this.#loadMs += performance.now() - loading;
        }
        // Before the hook rebuilds indexes (its locks would queue behind an ANALYZE) and before the finishing ANALYZE.
        const notAnalyzed = (await this.#early?.left(plan.tables)) ?? plan.tables;
        // Sharded: the finishing steps (sequences past max(id) above all) see every shard's rows.
        await this.#waitForShards(run, plan, plan.tables.length, 'finish');
        // Citus: commits decided on the coordinator but left prepared on a worker that restarted are finished now.
        await withReconnect(manager, (ds) => finishCitusCommits(ds), { signal });
        onProgress({ type: 'finishing', step: 'sequences' });
        await withReconnect(manager, (ds) => resetSequences(ds, plan.tables), { signal });
        signal?.throwIfAborted();
        onProgress({ type: 'finishing', step: 'after-load' });
        if (hooks.afterLoad) await hooks.afterLoad(await hookContext());
        signal?.throwIfAborted();
        onProgress({ type: 'finishing', step: 'analyze' });
        const analyzedEarly = plan.tables.filter((t) => !notAnalyzed.includes(t));
        // The hook may have rebuilt indexes dropped for the load: their expressions had no statistics then.
        const again = hooks.afterLoad && analyzedEarly.length > 0 ? await withReconnect(manager, (ds) => tablesWithExpressionIndexes(ds, analyzedEarly), { signal }) : [];
        await withReconnect(manager, (ds) => analyzeTables(ds, [...notAnalyzed, ...again]), { signal });
        signal?.throwIfAborted();
        const short = await withReconnect(manager, (ds) => ds.transaction((tx) => ledger.completeRun(tx, run.runId)), { signal });
        // Short tables here lost batches in a crash during the finishing steps: load them again.
        if (short.length === 0) break;
        if (round >= MAX_FINISHING_ROUNDS) {
          throw new SeedStalledError(run.runId, short[0], `after ${round} rounds of loading and finishing, the ledger still shows ${short.join(', ')} short`);
        }
      }
      if (run.shard.count > 1) {
        const done = await withReconnect(manager, (ds) => ledger.shardsDone(ds, run.runId), { signal }).catch(() => undefined);
        onProgress({ type: 'note', message: `shard ${run.shard.index}/${run.shard.count} done${done === undefined ? '' : `; ${done} of ${run.shard.count} shards done`}` });
      }
      return this.#report(run.runId);
    } catch (error) {
      stopHeartbeat();
      if (!signal?.aborted) {
        // The run stays resumable, by anyone at once: this call no longer owns it.
        const runId = this.#opened?.run.runId;
        // A batch PostgreSQL refused, for its data (SeedDataError) or for want of disk (ServerResourceError), is not loading any more: interrupted, not running.
        const status = error instanceof SeedDataError || error instanceof ServerResourceError ? 'interrupted' : undefined;
        if (runId !== undefined) await withReconnect(manager, (ds) => ledger.release(ds, runId, status), { maxReconnects: 0 }).catch(() => undefined);
        throw error;
      }
      const aborted = await this.#abortedError(error);
      // After Ctrl-C, only the abort itself is "stopped, resumable"; any other failure is reported as it is.
      if (!isAbortCaused(error, signal)) throw error;
      throw aborted;
    } finally {
      stopHeartbeat();
      // No statement of this call may outlive it (the caller destroys the manager next).
      await this.#early?.left([]);
      await (batches ?? (await opening?.catch(() => undefined)))?.close().catch(() => undefined);
      ledger.ownership.deactivate();
      manager.off('reconnecting', forwardReconnecting);
      manager.off('reconnected', forwardReconnected);
    }
  }

  /**
   * Loads until the ledger says every table is complete (or the signal
   * aborts, which throws). Tables whose ancestors are complete load side by
   * side, up to `streams` at a time, each through its own batch
   * transactions (its own connection); a table starts as soon as its last
   * ancestor is done. After every table's turn the ledger is read again:
   * after a reconnect each table stops before its next batch, and nothing
   * more is written until a fresh read says where every table stands. When
   * one table fails, the others stop after the batch they are writing, and
   * the failure is thrown once they have.
   */
  async #loadAll(run: LedgerRun, plan: SeedPlan, prefetch: BatchPrefetch, workers: number, trees: ReadonlySet<string>): Promise<void> {
    const { manager, signal } = this.#options;
    const progress = this.#progress;
    const budget = this.#budget;
    // A sharded table waits for its parents' rows from every shard: one table at a time there.
    const streams = run.shard.count > 1 ? 1 : (this.#options.streams ?? defaultStreams(undefined, workers));
    const ancestors = new Map(plan.tables.map((t) => [t.table, ancestorsOf(plan.tables, t.table)]));
    const running = new Map<string, Promise<TableTurn & { startedFrom: string }>>();
    /**
     * Batches of one table written at once: the streams no other table uses, so a large table
     * loading alone (the medium preset's comments, after post_tags) keeps the server's cores
     * busy. One for a shard or a Citus placement.
     */
    const width = onOneNode(run, plan) ? () => Math.max(1, streams - running.size + 1) : () => 1;
    /**
     * Per table whose last turn wrote nothing: what that turn started from
     * (its rows and its ancestors' in the ledger, the rows every turn had
     * written by then, the reconnect count). Starting from that again could
     * only be refused again.
     */
    const refused = new Map<string, string>();
    let written = 0;
    let failure: { error: unknown } | undefined;
    try {
      for (;;) {
        if (failure === undefined && !signal?.aborted) {
          const seen = this.#reconnects;
          const current = await withReconnect(manager, (ds) => this.#ledger.findRun(ds, run.runId), { signal });
          if (!current) throw new LedgerRunGoneError(run.runId);
          progress.observe(current);
          budget.observe(current);
          const short = plan.tables.filter((t) => !running.has(t.table) && progress.done(t.table) < rowsToWrite(t).target);
          if (short.length === 0 && running.size === 0) return progress.reach(plan, undefined);
          const complete = (table: string) => !running.has(table) && progress.done(table) >= rowsToWrite(plan.tables.find((t) => t.table === table)!).target;
          const ready = short.filter((t) => ancestors.get(t.table)!.every(complete)).slice(0, Math.max(0, streams - running.size));
          const first = ready[0];
          if (first && budget.exhausted) throw this.#stalled(run, first, progress.done(first.table));
          // A reconnect during the read: read again, on the new connection, before trusting it.
          if (this.#reconnects === seen && first) {
            // Sharded: its parents' rows come from every shard; the ledger refuses the batch until they are there.
            if (await this.#waitForShards(run, plan, plan.tables.indexOf(first), first.table)) continue;
            for (const table of ready) {
              // A batch the ledger refused with no reconnect and no change in what it depends on (the
              // table and its ancestors) would be refused again forever: the plan and the ledger disagree.
              const ledgerNow = `${[table.table, ...ancestors.get(table.table)!].map((t) => `${t}:${progress.done(t)}`).join(',')}/${written}/${this.#reconnects}`;
              if (refused.get(table.table) === ledgerNow) {
                throw new SeedStalledError(run.runId, table.table, `the ledger refused the batch of ${batchName(table, progress.done(table.table))} twice without changing: it does not match the plan`);
              }
              progress.reach(plan, table);
              // A table with a foreign key to itself in place writes one batch at a time (see tablesReferencingThemselves).
              const tableWidth = trees.has(table.table) ? () => 1 : width;
              const turn = this.#turn(run, table, ancestors.get(table.table)!, prefetch, () => this.#reconnects !== seen || failure !== undefined, tableWidth);
              running.set(table.table, turn.then((t) => ({ ...t, startedFrom: ledgerNow })));
            }
          } else if (running.size === 0) {
            if (this.#reconnects !== seen) continue;
            // Not reachable with a plan in FK order (the first short table has its ancestors complete).
            throw new SeedStalledError(run.runId, short[0]!.table, `no table can start: ${short.map((t) => t.table).join(', ')} wait for tables that are not complete`);
          }
        }
        if (running.size === 0) {
          if (failure) throw failure.error;
          signal?.throwIfAborted();
          continue;
        }
        const turn = await Promise.race(running.values());
        running.delete(turn.table.table);
        if ('error' in turn) {
          // Its batches committed before the error (an abort, a refused batch) count in the report.
          if (turn.partial) this.#progress.add(turn.partial.report, turn.partial.done);
          failure ??= { error: turn.error };
          continue;
        }
        written += turn.result.report.rows;
        if (turn.result.report.rows === 0) refused.set(turn.table.table, turn.startedFrom);
        else refused.delete(turn.table.table);
        await this.#afterTurn(plan, turn.table, turn.result);
      }
    } finally {
      // Thrown past the loop (a ledger read, a stall, an abort met by a table's finishing step): the
      // tables still loading stop after their batch first, and what they committed counts in the report.
      if (running.size > 0) {
        failure ??= { error: undefined };
        for (const turn of await Promise.all(running.values())) {
          const result = 'error' in turn ? turn.partial : turn.result;
          if (result) this.#progress.add(result.report, result.done);
        }
      }
    }
  }

  /** One table's turn: its batches until it is complete, stale or stopped; never rejects. */
  async #turn(run: LedgerRun, table: PlannedTable, after: readonly string[], prefetch: BatchPrefetch, stale: () => boolean, width: () => number): Promise<TableTurn> {
    let partial: LoadTableResult | undefined;
    try {
      const result = await loadTable(this.#options, this.#ledger, {
        prefetch,
        runId: run.runId,
        table,
        after,
        done: this.#progress.done(table.table),
        stale,
        width,
        valueAt: (index, column) => this.#valueAt(table, index, column),
        remainingBytes: (done) => this.#remainingBytes(table, done),
        onFailed: (result) => (partial = result),
      });
      return { table, result };
    } catch (error) {
      return { table, error, partial };
    }
  }

  /**
   * The value the factory gives row `index` of `table` in database column
   * `column`, made again on this thread (the batch may have been made by a
   * worker, and its rows are gone once encoded), as the writers would insert
   * it (getEntityValue); undefined when it cannot be told.
   */
  #valueAt(table: PlannedTable, index: number, column: string): { value: unknown } | undefined {
    const plan = this.#opened?.plan;
    const metadata = table.metadata.columns.find((c) => c.databaseName === column);
    if (!plan || !metadata) return undefined;
    try {
      const generator = new RowGenerator(plan.seed, plan.tables, this.#options.planInput.prepared ?? {});
      const [row] = generator.batch(table.table, index, 1);
      return { value: metadata.getEntityValue(row!) };
    } catch {
      return undefined;
    }
  }

  /**
   * Estimated bytes of the rows this process has still to load: `table`'s
   * from ledger row `done` on, the others' from their progress (as of their
   * last turn: about, for tables loading beside it).
   */
  #remainingBytes(table: PlannedTable, done: number): number {
    const tables = this.#opened?.plan.tables ?? [];
    const left = (t: PlannedTable) => Math.max(0, rowsToWrite(t).target - (t.table === table.table ? done : this.#progress.done(t.table)));
    return tables.reduce((bytes, t) => bytes + t.estimatedRowBytes * left(t), 0);
  }

  /** What follows a table's turn: its report, and when it is complete, its Citus commits and table-done. */
  async #afterTurn(plan: SeedPlan, table: PlannedTable, result: LoadTableResult): Promise<void> {
    const { manager, signal, onProgress } = this.#options;
    this.#progress.add(result.report, result.done);
    if (result.done < rowsToWrite(table).target) return;
    // Citus: the table's rows are visible on every worker before its children reference them.
    await withReconnect(manager, (ds) => finishCitusCommits(ds), { signal });
    // The table's rows and time for the whole call, as the report will have them.
    const { rows, elapsedMs, rowsPerSec } = this.#progress.report(table.table)!;
    onProgress({ type: 'table-done', table: table.table, rows, elapsedMs, rowsPerSec });
    // Early only while other tables still load; the last one is the finishing step's, two at a time.
    if (plan.tables.some((t) => t !== table && this.#progress.done(t.table) < rowsToWrite(t).target)) this.#early?.add(table);
  }

  /** The SeedStalledError of a table whose batch lost its connection too often without progress. */
  #stalled(run: LedgerRun, table: PlannedTable, done: number): SeedStalledError {
    const budget = this.#budget;
    return new SeedStalledError(
      run.runId,
      table.table,
      `gave up: the batch of ${batchName(table, done)} lost its connection ${budget.spent} times in a row, with no progress after ${budget.max} reconnects (last error: ${describeConnectionError(budget.lastError, this.#options.manager.target)})`,
      { cause: budget.lastError },
    );
  }

  /**
   * Sharded runs only: waits until every shard of the load has loaded every
   * table before `position` (polling the ledger, saying which shards it waits
   * for every SHARD_NOTE_MS). Returns whether it waited (then the caller reads
   * the ledger again). Aborts with the signal.
   */
  async #waitForShards(run: LedgerRun, plan: SeedPlan, position: number, what: string): Promise<boolean> {
    if (run.shard.count <= 1 || position === 0) return false;
    const { manager, signal, onProgress } = this.#options;
    let waited = false;
    let told = 0;
    for (;;) {
      const behind = await withReconnect(manager, (ds) => this.#ledger.shardsBehind(ds, run.runId, position), { signal });
      if (behind.length === 0) return waited;
      const now = performance.now();
      if (now - told >= SHARD_NOTE_MS) {
        const before = plan.tables.slice(0, position).map((t) => t.table).join(', ');
        onProgress({ type: 'note', message: `shard ${run.shard.index}/${run.shard.count} waits for shard${behind.length === 1 ? '' : 's'} ${behind.join(', ')} to load ${before} before ${what === 'finish' ? 'finishing' : what}` });
        told = now;
      }
      waited = true;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, SHARD_POLL_MS);
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
    }
  }

  #report(runId: string | undefined): SeedReport {
    const { manager } = this.#options;
    const plan = this.#opened!.plan;
    const tables = this.#progress.reports(plan);
    return {
      runId,
      seed: plan.seed,
      plan,
      tables,
      totalRows: tables.reduce((n, t) => n + t.rows, 0),
      elapsedMs: performance.now() - this.#started,
      loadMs: this.#loadMs,
      reconnects: manager.stats.reconnects - this.#stats.reconnects,
      downtimeMs: manager.stats.downtimeMs - this.#stats.downtimeMs,
      resumed: this.#opened?.resumed ?? false,
      dryRun: false,
    };
  }

  /** The run this call opened (or was creating when the abort came), left resumable. */
  async #abortedError(cause: unknown): Promise<SeedAbortedError> {
    const { manager } = this.#options;
    const ledger = this.#ledger;
    // One try each, no waiting for a server that is away: a 'running' run resumes just the same.
    const once = { maxReconnects: 0 };
    let runId = this.#opened?.run.runId;
    if (runId === undefined) {
      // The abort came inside openRun: the new run exists if its transaction committed.
      const created = await withReconnect(manager, (ds) => ledger.findRun(ds, this.#newRunId), once).catch(() => undefined);
      runId = created && created.status !== 'abandoned' ? created.runId : undefined;
    }
    if (runId !== undefined) {
      const id = runId;
      await withReconnect(manager, (ds) => ledger.release(ds, id, 'interrupted'), once).catch(() => undefined);
    }
    return new SeedAbortedError(this.#opened ? this.#report(runId) : { ...emptyReport(undefined, this.#started), runId }, { cause });
  }
}

/** A report of a call that wrote nothing: a dry run (with its plan), or an abort before the run was planned. */
export function emptyReport<P extends SeedPlan | undefined>(plan: P, started: number): Omit<SeedReport, 'plan'> & { plan: P } {
  return {
    runId: undefined,
    seed: plan?.seed ?? 0,
    plan,
    tables: [],
    totalRows: 0,
    elapsedMs: performance.now() - started,
    loadMs: 0,
    reconnects: 0,
    downtimeMs: 0,
    resumed: false,
    dryRun: plan !== undefined,
  };
}

/**
 * The ledger's tables of the run must be the plan's, in order, with the
 * planned counts: otherwise advances would be refused (or the run never
 * complete) forever. The config hash makes this all but certain; this makes
 * it certain.
 */
function checkLedgerFitsPlan(run: LedgerRun, plan: SeedPlan): void {
  const ledger = run.tables.map((t) => `${t.table}=${t.target}`).join(', ');
  const planned = plan.tables.map((t) => `${t.table}=${rowsToWrite(t).target}`).join(', ');
  if (ledger !== planned) {
    throw new SeedInputError(`the ledger of run ${run.runId} (${ledger}) does not match its plan (${planned})`, { hint: '{truncate} discards it and starts over' });
  }
}

/** One table's turn of {@link SeedRun}'s load: what loadTable returned, or what it threw. */
/** A table's turn: its result, or its error with what it had committed before it (`partial`). */
type TableTurn = { table: PlannedTable; result: LoadTableResult } | { table: PlannedTable; error: unknown; partial: LoadTableResult | undefined };

/** `posts rows 1001-2000`: the batch of a table that starts after `done` of its rows, for messages. */
function batchName(table: PlannedTable, done: number): string {
  const { start, target } = rowsToWrite(table);
  return `${table.table} rows ${start + done + 1}-${start + Math.min(done + table.batchSize, target)}`;
}

/** Whether `error` is the abort of `signal` (its reason, an AbortError, or caused by either), not a failure that happened meanwhile. */
function isAbortCaused(error: unknown, signal: AbortSignal): boolean {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e === signal.reason || e instanceof SeedAbortedError) return true;
    if (e instanceof Error && e.name === 'AbortError') return true;
  }
  return false;
}
