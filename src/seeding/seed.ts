import type { DataSource } from 'typeorm';
import { DEFAULT_MAX_RECONNECTS, describeConnectionError, withReconnect, type DataSourceManager, type ReconnectedEvent, type ReconnectingEvent } from '../connection';
import type { BatchWriter } from './batch-writer';
import { loadTable } from './load-table';
import { openRun, type OpenedRun } from './open-run';
import { planSeed } from './plan-seed';
import { CopyBatchWriter } from './copy-batch-writer';
import type { ReseedConfig, TableCounts } from './reseed-config';
import { RowGenerator } from './row-generator';
import { SeedAbortedError } from './seed-aborted-error';
import { SeedInputError } from './seed-input-error';
import { HEARTBEAT_LOCK_TIMEOUT_MS, HEARTBEAT_MS, LOCK_TIMEOUT_MS, SeedLedger, type LedgerRun } from './seed-ledger';
import type { PlannedTable, SeedPlan } from './seed-plan';
import type { SeedProgressEvent } from './seed-progress-event';
import type { SeedReport, TableReport } from './seed-report';
import { analyzeTables, resetSequences } from './finish-tables';
import { LedgerRunGoneError } from './ledger-run-gone-error';
import { RestartExitRequested } from '../restart/restart-exit-requested';
import { ReconnectBudget } from './reconnect-budget';
import { SeedStalledError } from './seed-stalled-error';

/** Rounds of load + finishing steps before seed() stops when the ledger keeps finding short tables. */
const MAX_FINISHING_ROUNDS = 3;

/** What the load hooks receive. */
export interface SeedHookContext {
  plan: SeedPlan;
  /** The manager's current DataSource (it may be replaced after a reconnect: re-read it from the manager). */
  dataSource: DataSource;
  manager: DataSourceManager;
}

/** Options of {@link seed}. */
export interface SeedOptions {
  /** Connection owner, initialized by the caller; seed() never destroys it. */
  manager: DataSourceManager;
  /** Entities, factories, presets. Default: the example schema's config. */
  config?: ReseedConfig;
  /** 'small' (default), 'medium', 'large', or a preset of the config. */
  preset?: string;
  /** Rows per table (table or entity name), over the preset. Default: none. */
  counts?: TableCounts;
  /** Default 1. */
  seed?: number;
  /** Rows per batch, capped at floor(65535 / columns). Default: that cap. */
  batchSize?: number;
  /** Continue the unfinished run (its seed and counts unless given). Default false. */
  resume?: boolean;
  /** Empty the planned tables (after confirm) and discard an unfinished run. Default false. */
  truncate?: boolean;
  /** Add rows after existing ones: ids start past max(id). Default false. */
  append?: boolean;
  /** Plan and validate only; nothing is read from or written to the tables. Default false. */
  dryRun?: boolean;
  /** Asks the user (truncate, offer to resume). Absent: the answer is no, and the error names the flag to pass. */
  confirm?(question: string): Promise<boolean>;
  /** Progress: plan, table-start, batch, table-done, reconnecting/reconnected, finishing. Default: none. */
  onProgress?(event: SeedProgressEvent): void;
  /**
   * Stops after the batch being written commits, or wherever else it lands
   * (opening the run, hooks, finishing steps); throws SeedAbortedError and
   * leaves the run resumable (interrupted). A failure that is not the abort
   * itself (nor caused by it) is thrown as it is, even after an abort; the run
   * is still left interrupted. Default: none.
   */
  signal?: AbortSignal;
  /**
   * Around the load: tuning plugs in here. When beforeLoad throws for a fresh
   * run, the run is marked abandoned (no row was loaded, and an unfinished run
   * would block the next plain run); an abort or a RestartExitRequested keeps
   * it resumable. Default: none.
   */
  hooks?: {
    beforeLoad?(ctx: SeedHookContext): Promise<void>;
    afterLoad?(ctx: SeedHookContext): Promise<void>;
  };
  /** How batches are inserted. Default: {@link CopyBatchWriter} (COPY); RepositoryBatchWriter is TypeORM's INSERTs. */
  writer?: BatchWriter;
  /**
   * Reconnects in a row without progress (no table's rows_done rose in the
   * ledger since) before the seed stops with SeedStalledError, leaving the run
   * resumable. Default: DEFAULT_MAX_RECONNECTS (10).
   */
  maxReconnects?: number;
  /**
   * How long a batch waits for a lock (the ledger row of its table above all)
   * before it looks at who holds it: a backend that one of this call's lost
   * connections left inside a batch transaction is ended (its batch never
   * committed); another session's lock is waited for again, with a `note`
   * event each time. Also how long --truncate and --append wait to lock the
   * tables when the run is created: past it they stop with a SeedInputError,
   * nothing changed. And how long resuming or discarding an unfinished run
   * waits for its ledger row, once the leftover backends of its gone or
   * silent owner have been ended: past it, a SeedInputError names the
   * session(s) holding it. Default: LOCK_TIMEOUT_MS (5 s).
   */
  lockTimeoutMs?: number;
}

/**
 * Fills the database: plans (validating everything first), resumes or starts
 * a run in the ledger, loads every table in FK order in batches that commit
 * with their ledger advance, survives lost connections through the manager,
 * then moves sequences past max(id) and analyzes. Same seed and counts, same
 * rows, byte for byte, whatever the batch size or interruptions.
 *
 * The ledger, not memory, says what is loaded: it is read again after every
 * table and after every reconnect, and the run becomes `done` only in a
 * transaction that checks rows_done = target_rows for every table. A crash
 * under synchronous_commit = off can take back batches of a table that had
 * already finished; they are loaded again, parents before children.
 *
 * An abort of `signal`, wherever it lands, ends in SeedAbortedError with the
 * run left resumable.
 *
 * One process loads a run at a time: the run is this call's (a new one, or an
 * unfinished one taken over from an owner that is gone or silent for
 * OWNER_LEASE_MS), every batch checks that in its own transaction, and a
 * heartbeat says so while the call runs. Another live owner is refused
 * (SeedInputError naming it); losing the run to another process mid-load
 * stops this one with RunTakenOverError before its next batch. Reconnects
 * without progress are bounded (maxReconnects): SeedStalledError.
 */
export async function seed(options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const { manager, signal } = options;
  checkFlags(options);
  const onProgress = options.onProgress ?? (() => undefined);
  const planInput = {
    config: options.config,
    preset: options.preset,
    counts: options.counts,
    seed: options.seed,
    batchSize: options.batchSize,
    append: options.append ?? false,
  };
  const requested = planSeed({ ...planInput, dataSource: await manager.ready() });
  if (options.dryRun) {
    onProgress({ type: 'plan', plan: requested, runId: undefined, resumed: false, dryRun: true });
    return emptyReport(requested, started, true);
  }

  const stats = { ...manager.stats };
  // Every reconnect counts, whoever caused it (a batch, a hook, a finishing step): after one,
  // the ledger is read again before another row is written.
  let reconnects = 0;
  // Reconnects without progress, over the whole call: a batch that loses its connection every
  // time must not be retried forever (each loadTable call has a fresh withReconnect budget).
  const budget = new ReconnectBudget(options.maxReconnects ?? DEFAULT_MAX_RECONNECTS);
  const forwardReconnecting = (e: ReconnectingEvent) => {
    reconnects += 1;
    budget.spend(e.error);
    onProgress({ type: 'reconnecting', reason: e.reason, error: e.error });
  };
  const forwardReconnected = (e: ReconnectedEvent) => onProgress({ type: 'reconnected', attempts: e.attempts, downtimeMs: e.downtimeMs });
  manager.on('reconnecting', forwardReconnecting);
  manager.on('reconnected', forwardReconnected);
  const ledger = new SeedLedger();
  const newRunId = ledger.newRunId();
  // While this call runs, the runs it owns are live: no other call may take them over.
  ledger.activate();
  let heartbeat: NodeJS.Timeout | undefined;
  let opened: OpenedRun | undefined;
  const progress = new TableProgress();

  const report = (runId: string | undefined): SeedReport => {
    const plan = opened?.plan ?? requested;
    const tables = progress.reports(plan);
    return {
      runId,
      seed: plan.seed,
      plan,
      tables,
      totalRows: tables.reduce((n, t) => n + t.rows, 0),
      elapsedMs: performance.now() - started,
      reconnects: manager.stats.reconnects - stats.reconnects,
      downtimeMs: manager.stats.downtimeMs - stats.downtimeMs,
      resumed: opened?.resumed ?? false,
      dryRun: false,
    };
  };

  /** Loads until the ledger says every table is complete (or the signal aborts, which throws). */
  const loadAll = async (run: LedgerRun, plan: SeedPlan, generator: RowGenerator, writer: BatchWriter): Promise<void> => {
    let previous: { ledger: string; reconnects: number } | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const seen = reconnects;
      const current = await withReconnect(manager, (ds) => ledger.findRun(ds, run.runId), { signal });
      if (!current) throw new LedgerRunGoneError(run.runId);
      progress.observe(current);
      budget.observe(current);
      // FK order: the first short table is the one whose parents are all complete.
      const next = plan.tables.find((t) => progress.done(t.table) < t.count);
      progress.reach(plan, next);
      if (!next) return;
      const from = progress.done(next.table);
      const batch = `${next.table} rows ${from + 1}-${Math.min(from + next.batchSize, next.count)}`;
      if (budget.exhausted) {
        throw new SeedStalledError(
          run.runId,
          next.table,
          `gave up: the batch of ${batch} lost its connection ${budget.spent} times in a row, with no progress after ${budget.max} reconnects (last error: ${describeConnectionError(budget.lastError, manager.target)})`,
          { cause: budget.lastError },
        );
      }
      // A reconnect during the read: read again, on the new connection, before trusting it.
      if (reconnects !== seen) continue;
      // A batch the ledger refused with no reconnect and no change in the ledger would be refused
      // again forever: the plan and the ledger disagree.
      const ledgerNow = current.tables.map((t) => `${t.table}:${t.done}`).join(',');
      if (previous && previous.ledger === ledgerNow && previous.reconnects === reconnects) {
        throw new SeedStalledError(run.runId, next.table, `the ledger refused the batch of ${batch} twice without changing: it does not match the plan`);
      }
      previous = { ledger: ledgerNow, reconnects };
      const result = await loadTable({
        manager,
        ledger,
        writer,
        generator,
        runId: run.runId,
        table: next,
        done: progress.done(next.table),
        stale: () => reconnects !== seen,
        signal,
        lockTimeoutMs: options.lockTimeoutMs ?? LOCK_TIMEOUT_MS,
        onProgress,
      });
      progress.add(result.report, result.done);
      if (result.done >= next.count) {
        // The table's rows and time for the whole call, as the report will have them.
        const { table, rows, elapsedMs, rowsPerSec } = progress.report(next.table)!;
        onProgress({ type: 'table-done', table, rows, elapsedMs, rowsPerSec });
      }
    }
  };

  try {
    signal?.throwIfAborted();
    opened = await openRun({
      manager,
      ledger,
      requested,
      planInput,
      resume: options.resume ?? false,
      truncate: options.truncate ?? false,
      append: options.append ?? false,
      confirm: options.confirm,
      newRunId,
      signal,
      lockTimeoutMs: options.lockTimeoutMs ?? LOCK_TIMEOUT_MS,
      onNote: (message) => onProgress({ type: 'note', message }),
    });
    const { run, plan, resumed } = opened;
    heartbeat = startHeartbeat(run.runId);
    checkLedgerFitsPlan(run, plan);
    progress.start(run);
    budget.start(run);
    onProgress({ type: 'plan', plan, runId: run.runId, resumed, dryRun: false });
    signal?.throwIfAborted();
    const hookContext = async (): Promise<SeedHookContext> => ({ plan, dataSource: await manager.ready(), manager });
    if (options.hooks?.beforeLoad) {
      try {
        await options.hooks.beforeLoad(await hookContext());
      } catch (error) {
        // A fresh run that failed before its first row holds nothing worth resuming; left
        // unfinished it would block the next plain run ("an unfinished run exists").
        // Abandoned (not deleted) so the ledger keeps the attempt. An abort, or a planned
        // stop for a restart whose printed command is --resume, keeps it resumable.
        if (!resumed && !signal?.aborted && !(error instanceof RestartExitRequested)) {
          await withReconnect(manager, (ds) => ledger.setStatus(ds, run.runId, 'abandoned', ['running']), { maxReconnects: 0 }).catch(() => undefined);
        }
        throw error;
      }
    }

    const generator = new RowGenerator(plan.seed, plan.tables);
    const writer = options.writer ?? new CopyBatchWriter();
    for (let round = 1; ; round++) {
      await loadAll(run, plan, generator, writer);
      onProgress({ type: 'finishing', step: 'sequences' });
      await withReconnect(manager, (ds) => resetSequences(ds, plan.tables), { signal });
      signal?.throwIfAborted();
      onProgress({ type: 'finishing', step: 'after-load' });
      if (options.hooks?.afterLoad) await options.hooks.afterLoad(await hookContext());
      signal?.throwIfAborted();
      onProgress({ type: 'finishing', step: 'analyze' });
      await withReconnect(manager, (ds) => analyzeTables(ds, plan.tables), { signal });
      signal?.throwIfAborted();
      const short = await withReconnect(manager, (ds) => ds.transaction((tx) => ledger.completeRun(tx, run.runId)), { signal });
      // Short tables here lost batches in a crash during the finishing steps: load them again.
      if (short.length === 0) break;
      if (round >= MAX_FINISHING_ROUNDS) {
        throw new SeedStalledError(run.runId, short[0], `after ${round} rounds of loading and finishing, the ledger still shows ${short.join(', ')} short`);
      }
    }
    return report(run.runId);
  } catch (error) {
    clearInterval(heartbeat);
    if (!signal?.aborted) {
      // The run stays resumable, by anyone at once: this call no longer owns it.
      const runId = opened?.run.runId;
      if (runId !== undefined) await withReconnect(manager, (ds) => ledger.release(ds, runId), { maxReconnects: 0 }).catch(() => undefined);
      throw error;
    }
    const aborted = await abortedError(error);
    // After Ctrl-C, only the abort itself is "stopped, resumable"; any other failure is reported as it is.
    if (!isAbortCaused(error, signal)) throw error;
    throw aborted;
  } finally {
    clearInterval(heartbeat);
    ledger.deactivate();
    manager.off('reconnecting', forwardReconnecting);
    manager.off('reconnected', forwardReconnected);
  }

  /**
   * Tells the ledger, every HEARTBEAT_MS whatever the call is doing (a long hook, an index
   * rebuild, a wait for the server), that this process still owns the run, so that no other
   * process takes it over; batches say so too. One try each: a miss only ages the heartbeat,
   * and a lock wait longer than HEARTBEAT_LOCK_TIMEOUT_MS is a miss.
   */
  function startHeartbeat(runId: string): NodeJS.Timeout {
    let beating = false;
    const timer = setInterval(() => {
      if (beating) return;
      beating = true;
      // Under a short lock timeout: a heartbeat that finds the run's row locked (a batch in
      // flight, a leftover backend about to be ended) tries again at the next tick rather than
      // waiting, and aging, behind it. Whatever goes wrong, the seed goes on.
      withReconnect(manager, (ds) => ds.transaction((tx) => ledger.heartbeat(tx, runId, HEARTBEAT_LOCK_TIMEOUT_MS)), { maxReconnects: 0 })
        .catch(() => undefined)
        .finally(() => (beating = false));
    }, HEARTBEAT_MS);
    timer.unref();
    return timer;
  }

  /** The run this call opened (or was creating when the abort came), left resumable. */
  async function abortedError(cause: unknown): Promise<SeedAbortedError> {
    // One try each, no waiting for a server that is away: a 'running' run resumes just the same.
    const once = { maxReconnects: 0 };
    let runId = opened?.run.runId;
    if (runId === undefined) {
      // The abort came inside openRun: the new run exists if its transaction committed.
      const created = await withReconnect(manager, (ds) => ledger.findRun(ds, newRunId), once).catch(() => undefined);
      runId = created && created.status !== 'abandoned' ? created.runId : undefined;
    }
    if (runId !== undefined) {
      const id = runId;
      await withReconnect(manager, (ds) => ledger.release(ds, id, 'interrupted'), once).catch(() => undefined);
    }
    return new SeedAbortedError(report(runId), { cause });
  }
}

/**
 * What this call did per table. Rows are counted from the ledger (rows_done
 * now minus rows_done when the run was opened), so a batch whose commit
 * acknowledgement was lost, or one a crash took back and that was loaded
 * again, counts exactly once.
 */
class TableProgress {
  readonly #initial = new Map<string, number>();
  readonly #done = new Map<string, number>();
  readonly #timing = new Map<string, TableReport>();

  start(run: LedgerRun): void {
    for (const t of run.tables) {
      this.#initial.set(t.table, t.done);
      this.#done.set(t.table, t.done);
    }
  }

  observe(run: LedgerRun): void {
    for (const t of run.tables) this.#done.set(t.table, t.done);
  }

  done(table: string): number {
    return this.#done.get(table) ?? 0;
  }

  /** Every table up to `next` (all when undefined) has been reached by the load and belongs in the report. */
  reach(plan: SeedPlan, next: PlannedTable | undefined): void {
    for (const t of plan.tables) {
      if (!this.#timing.has(t.table)) this.#timing.set(t.table, { table: t.table, rows: 0, elapsedMs: 0, rowsPerSec: 0, generateMs: 0, writeMs: 0 });
      if (t === next) return;
    }
  }

  add(report: TableReport, done: number): void {
    const timing = this.#timing.get(report.table)!;
    timing.elapsedMs += report.elapsedMs;
    timing.generateMs += report.generateMs;
    timing.writeMs += report.writeMs;
    this.#done.set(report.table, done);
  }

  reports(plan: SeedPlan): TableReport[] {
    return plan.tables.map((t) => this.report(t.table)).filter((r): r is TableReport => r !== undefined);
  }

  /** What this call did for one table so far, undefined when the load has not reached it. */
  report(table: string): TableReport | undefined {
    const timing = this.#timing.get(table);
    if (!timing) return undefined;
    const rows = Math.max(0, this.done(table) - (this.#initial.get(table) ?? 0));
    return { ...timing, rows, rowsPerSec: timing.elapsedMs > 0 ? Math.round((rows * 1000) / timing.elapsedMs) : 0 };
  }
}

/**
 * The ledger's tables of the run must be the plan's, in order, with the
 * planned counts: otherwise advances would be refused (or the run never
 * complete) forever. The config hash makes this all but certain; this makes
 * it certain.
 */
function checkLedgerFitsPlan(run: LedgerRun, plan: SeedPlan): void {
  const ledger = run.tables.map((t) => `${t.table}=${t.target}`).join(', ');
  const planned = plan.tables.map((t) => `${t.table}=${t.count}`).join(', ');
  if (ledger !== planned) {
    throw new SeedInputError(`the ledger of run ${run.runId} (${ledger}) does not match its plan (${planned}); pass --truncate to discard it and start over`);
  }
}

/** Whether `error` is the abort of `signal` (its reason, an AbortError, or caused by either), not a failure that happened meanwhile. */
function isAbortCaused(error: unknown, signal: AbortSignal): boolean {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e === signal.reason || e instanceof SeedAbortedError) return true;
    if (e instanceof Error && e.name === 'AbortError') return true;
  }
  return false;
}

function checkFlags(options: SeedOptions): void {
  if (options.lockTimeoutMs !== undefined && (!Number.isInteger(options.lockTimeoutMs) || options.lockTimeoutMs < 1)) {
    throw new SeedInputError(`lockTimeoutMs must be an integer >= 1, got ${options.lockTimeoutMs}`);
  }
  if (options.maxReconnects !== undefined && (!Number.isInteger(options.maxReconnects) || options.maxReconnects < 0)) {
    throw new SeedInputError(`maxReconnects must be an integer >= 0, got ${options.maxReconnects}`);
  }
  const pairs: [keyof SeedOptions, keyof SeedOptions][] = [
    ['resume', 'truncate'],
    ['resume', 'append'],
    ['truncate', 'append'],
  ];
  for (const [a, b] of pairs) {
    if (options[a] && options[b]) throw new SeedInputError(`--${a} and --${b} cannot be combined: pick one`);
  }
}

function emptyReport(plan: SeedPlan, started: number, dryRun: boolean): SeedReport {
  return {
    runId: undefined,
    seed: plan.seed,
    plan,
    tables: [],
    totalRows: 0,
    elapsedMs: performance.now() - started,
    reconnects: 0,
    downtimeMs: 0,
    resumed: false,
    dryRun,
  };
}
