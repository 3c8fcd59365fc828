import type { DataSource } from 'typeorm';
import { withReconnect, type DataSourceManager, type ReconnectedEvent, type ReconnectingEvent } from '../connection';
import type { BatchWriter } from './batch-writer';
import { loadTable } from './load-table';
import { openRun } from './open-run';
import { planSeed } from './plan-seed';
import { RepositoryBatchWriter } from './repository-batch-writer';
import type { ReseedConfig, TableCounts } from './reseed-config';
import { RowGenerator } from './row-generator';
import { SeedAbortedError } from './seed-aborted-error';
import { SeedInputError } from './seed-input-error';
import { SeedLedger } from './seed-ledger';
import type { SeedPlan } from './seed-plan';
import type { SeedProgressEvent } from './seed-progress-event';
import type { SeedReport, TableReport } from './seed-report';
import { analyzeTables, resetSequences } from './finish-tables';

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
  /** Stops after the batch being written commits; throws SeedAbortedError. Default: none. */
  signal?: AbortSignal;
  /** Around the load: tuning plugs in here. Default: none. */
  hooks?: {
    beforeLoad?(ctx: SeedHookContext): Promise<void>;
    afterLoad?(ctx: SeedHookContext): Promise<void>;
  };
  /** How batches are inserted. Default: {@link RepositoryBatchWriter}. */
  writer?: BatchWriter;
}

/**
 * Fills the database: plans (validating everything first), resumes or starts
 * a run in the ledger, loads every table in FK order in batches that commit
 * with their ledger advance, survives lost connections through the manager,
 * then moves sequences past max(id) and analyzes. Same seed and counts, same
 * rows, byte for byte, whatever the batch size or interruptions.
 */
export async function seed(options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const { manager } = options;
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
  options.signal?.throwIfAborted();

  const stats = { ...manager.stats };
  const forwardReconnecting = (e: ReconnectingEvent) => onProgress({ type: 'reconnecting', reason: e.reason, error: e.error });
  const forwardReconnected = (e: ReconnectedEvent) => onProgress({ type: 'reconnected', attempts: e.attempts, downtimeMs: e.downtimeMs });
  manager.on('reconnecting', forwardReconnecting);
  manager.on('reconnected', forwardReconnected);
  const ledger = new SeedLedger();
  try {
    const { run, plan, resumed } = await openRun({
      manager,
      ledger,
      requested,
      planInput,
      resume: options.resume ?? false,
      truncate: options.truncate ?? false,
      append: options.append ?? false,
      confirm: options.confirm,
    });
    onProgress({ type: 'plan', plan, runId: run.runId, resumed, dryRun: false });
    const hookContext = async (): Promise<SeedHookContext> => ({ plan, dataSource: await manager.ready(), manager });
    if (options.hooks?.beforeLoad) await options.hooks.beforeLoad(await hookContext());

    const generator = new RowGenerator(plan.seed, plan.tables);
    const writer = options.writer ?? new RepositoryBatchWriter();
    const tables: TableReport[] = [];
    let stoppedBy: unknown;
    try {
      for (const table of plan.tables) {
        const done = run.tables.find((t) => t.table === table.table)?.done ?? 0;
        tables.push(await loadTable({ manager, ledger, writer, generator, runId: run.runId, table, done, signal: options.signal, onProgress }));
        if (options.signal?.aborted) break;
      }
    } catch (error) {
      // Aborted while reconnecting: the ledger still says which batches committed.
      if (!options.signal?.aborted) throw error;
      stoppedBy = error;
    }
    const report = (): SeedReport => ({
      runId: run.runId,
      seed: plan.seed,
      plan,
      tables,
      totalRows: tables.reduce((n, t) => n + t.rows, 0),
      elapsedMs: performance.now() - started,
      reconnects: manager.stats.reconnects - stats.reconnects,
      downtimeMs: manager.stats.downtimeMs - stats.downtimeMs,
      resumed,
      dryRun: false,
    });
    if (options.signal?.aborted) {
      // One try, no waiting for a server that is away: a 'running' run resumes just the same.
      await withReconnect(manager, (ds) => ledger.setStatus(ds, run.runId, 'interrupted'), { maxReconnects: 0 }).catch(() => undefined);
      throw new SeedAbortedError(report(), { cause: stoppedBy ?? options.signal.reason });
    }
    onProgress({ type: 'finishing', step: 'sequences' });
    await withReconnect(manager, (ds) => resetSequences(ds, plan.tables));
    onProgress({ type: 'finishing', step: 'after-load' });
    if (options.hooks?.afterLoad) await options.hooks.afterLoad(await hookContext());
    onProgress({ type: 'finishing', step: 'analyze' });
    await withReconnect(manager, (ds) => analyzeTables(ds, plan.tables));
    await withReconnect(manager, (ds) => ledger.setStatus(ds, run.runId, 'done'));
    return report();
  } finally {
    manager.off('reconnecting', forwardReconnecting);
    manager.off('reconnected', forwardReconnected);
  }
}

function checkFlags(options: SeedOptions): void {
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
