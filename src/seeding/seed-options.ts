import { availableParallelism } from 'node:os';
import type { DataSource } from 'typeorm';
import { DEFAULT_MAX_RECONNECTS, type DataSourceManager } from '../connection';
import type { BatchWriter } from './batch-writer';
import { MAX_SHARDS, type Shard } from './shard';
import type { SeedLedgerOptions } from './ledger/seed-ledger-options';
import type { PlanSeedOptions } from './plan-seed';
import { CopyBatchWriter } from './copy-batch-writer';
import type { BatchSourceOpener } from './batch-source';
import { inThreadBatches } from './in-thread-batch-source';
import type { ReseedConfig, TableCounts } from './reseed-config';
import type { SeedPlan } from './seed-plan';
import { SeedInputError } from './seed-input-error';
import { MAX_STREAMS } from './max-streams';
import type { SeedProgressEvent } from './seed-progress-event';
import type { RunSource } from './run-source';

/**
 * What a seed does with the rows and the unfinished run it finds:
 * - `fresh`: start a run on empty tables; an unfinished run matching the
 *   config is resumed after confirm() says yes;
 * - `resume`: continue the unfinished run (its seed and counts unless given);
 * - `truncate`: empty the planned tables (after confirm()) and discard an
 *   unfinished run, then start a run;
 * - `append`: add rows after the existing ones (ids past max(id)).
 */
export type SeedMode = 'fresh' | 'resume' | 'truncate' | 'append';

/** Every {@link SeedMode}, in the order the messages list them. */
export const SEED_MODES: readonly SeedMode[] = ['fresh', 'resume', 'truncate', 'append'];

/**
 * Tables a seed loads side by side by default. Each stream keeps a server
 * backend busy with its COPY. With generation in `workers` threads: 2 with 4
 * cores or more, else 1; on 2 cores, where the workers and the server's COPY
 * already take both, a second stream measured no faster (the installed CLI
 * at 300k rows: 6.4-7.0 s with 1, 7.0-7.2 s with 2, 6.6-7.1 s with 3). With
 * generation on the main thread (workers 0), 2 from 2 cores: that thread
 * mostly waits for the server, which a second stream gives a second core
 * (seed() of the medium preset with its indexes and FKs, 6 runs each:
 * median 0.86x a raw COPY with 2 streams, 0.76x with 1).
 */
export function defaultStreams(cores: number = availableParallelism(), workers = 0): number {
  if (workers === 0) return cores >= 2 ? 2 : 1;
  return cores >= 4 ? 2 : 1;
}
export { MAX_STREAMS };

/** How long a seed waits for a lock before it looks at who holds it. */
export const LOCK_TIMEOUT_MS = 5_000;

/** What the load hooks receive. */
export interface SeedHookContext {
  plan: SeedPlan;
  /** The manager's current DataSource (it may be replaced after a reconnect: re-read it from the manager). */
  dataSource: DataSource;
  manager: DataSourceManager;
}

/** Hooks around the load: tuning plugs in here. */
export interface SeedHooks {
  beforeLoad?(ctx: SeedHookContext): Promise<void>;
  afterLoad?(ctx: SeedHookContext): Promise<void>;
}

/** Options of {@link seed}. */
export interface SeedOptions {
  /** Connection owner, initialized by the caller; seed() never destroys it. */
  manager: DataSourceManager;
  /** Entities, factories, presets (defineConfig); the CLI's default is the example schema's. */
  config: ReseedConfig;
  /** 'small' (default), 'medium', 'large', or a preset of the config. */
  preset?: string;
  /** Rows per table (table or entity name), over the preset. Default: none. */
  counts?: TableCounts;
  /** Default 1. */
  seed?: number;
  /** Rows per batch, capped at floor(65535 / columns). Default: about DEFAULT_BATCH_BYTES (2 MB) of rows by the plan's estimate, within that cap. */
  batchSize?: number;
  /** See {@link SeedMode}. Default 'fresh'. */
  mode?: SeedMode;
  /** Plan and validate only; nothing is read from or written to the tables. Default false. */
  dryRun?: boolean;
  /** Asks the user (truncate, offer to resume). Absent: the answer is no, and the error's hint says what to pass. */
  confirm?(question: string): Promise<boolean>;
  /** Progress: plan, table-start, batch, table-done, reconnecting/reconnected, note, finishing. Default: none. */
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
   * Around the load. When beforeLoad throws for a fresh run, the run is
   * marked abandoned (no row was loaded, and an unfinished run would block
   * the next plain run); an abort or a ResumableStopError keeps it
   * resumable. Default: none.
   */
  hooks?: SeedHooks;
  /** How batches are inserted. Default: {@link CopyBatchWriter} (COPY); RepositoryBatchWriter is TypeORM's INSERTs. */
  writer?: BatchWriter;
  /**
   * Where batches are generated: on the main thread ({@link inThreadBatches},
   * the default), or in worker threads (`generationWorkers()` of the
   * library). The data is the same either way.
   */
  batches?: BatchSourceOpener;
  /**
   * Tables loaded side by side, each through its own connection: a table
   * starts as soon as every table it references (through parents of parents)
   * is complete, up to this many at a time. The data is the same for any
   * number. 1 loads one table after another; a sharded run always does.
   * Default: {@link defaultStreams} for where `batches` generates: on the
   * main thread 2 (1 on a single core); in workers 2 with 4 cores or more,
   * else 1.
   */
  streams?: number;
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
   * event each time. Also how long modes truncate and append wait to lock the
   * tables when the run is created: past it they stop with a SeedInputError,
   * nothing changed. And how long resuming or discarding an unfinished run
   * waits for its ledger row, once the leftover backends of its gone or
   * silent owner have been ended: past it, a SeedInputError names the
   * session(s) holding it. Default: {@link LOCK_TIMEOUT_MS} (5 s).
   */
  lockTimeoutMs?: number;
  /** Run ownership: owner lease, heartbeat interval and its lock wait, the owner registry. Default: see {@link SeedLedgerOptions}. */
  ledger?: SeedLedgerOptions;
  /**
   * This process's share of the run (`--shard K/N`): rows [floor((K-1)·n/N),
   * floor(K·n/N)) of every n-row table, as its own run in the ledger; N
   * processes together write what one would. Tables wait for their parents'
   * rows from every shard. Not with mode 'truncate' or 'append'. Default: the
   * whole run.
   */
  shard?: Shard;
  /**
   * A new run whose plan is estimated above `bytes` is refused with a
   * SeedInputError before any row is written; `reason` says where the limit
   * comes from (the free disk, a sane limit) and how to go past it. Default: none.
   */
  sizeLimit?: { bytes: number; reason: string };
  /**
   * Where the config came from, recorded with a new run: a resume with
   * another config names the one the run was started with, and one whose
   * files changed since says which (a plain run asks before it resumes such
   * a run; mode 'resume' continues it with a note). Default: none recorded.
   */
  source?: RunSource;
}

/** The planning inputs of a seed: what {@link planSeed} gets besides the DataSource and id starts. */
export type PlanInput = Omit<PlanSeedOptions, 'dataSource' | 'idStarts'>;

/** {@link SeedOptions} checked once, defaults applied: what the parts of a seed receive. */
export interface ResolvedSeedOptions {
  manager: DataSourceManager;
  mode: SeedMode;
  dryRun: boolean;
  /** As requested (append follows the mode); a resume adopts the run's values for what is not given. */
  planInput: PlanInput;
  confirm?(question: string): Promise<boolean>;
  onProgress(event: SeedProgressEvent): void;
  signal: AbortSignal | undefined;
  hooks: SeedHooks;
  writer: BatchWriter;
  batches: BatchSourceOpener;
  /** Undefined: {@link defaultStreams} for the opened batch source. */
  streams: number | undefined;
  maxReconnects: number;
  lockTimeoutMs: number;
  ledger: SeedLedgerOptions;
  sizeLimit: { bytes: number; reason: string } | undefined;
  source: RunSource | undefined;
}

/** Checks the options a seed gets and applies their defaults; a bad one is a SeedInputError naming it and what is accepted. */
export function resolveSeedOptions(options: SeedOptions): ResolvedSeedOptions {
  const mode = options.mode ?? 'fresh';
  if (!SEED_MODES.includes(mode)) {
    throw new SeedInputError(`mode must be one of ${SEED_MODES.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(mode)}`);
  }
  const lockTimeoutMs = options.lockTimeoutMs ?? LOCK_TIMEOUT_MS;
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs < 1) throw new SeedInputError(`lockTimeoutMs must be an integer >= 1, got ${options.lockTimeoutMs}`);
  const streams = options.streams;
  if (streams !== undefined && (!Number.isInteger(streams) || streams < 1 || streams > MAX_STREAMS)) throw new SeedInputError(`streams must be an integer from 1 to ${MAX_STREAMS}, got ${options.streams}`);
  const maxReconnects = options.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
  if (!Number.isInteger(maxReconnects) || maxReconnects < 0) throw new SeedInputError(`maxReconnects must be an integer >= 0, got ${options.maxReconnects}`);
  return {
    manager: options.manager,
    mode,
    dryRun: options.dryRun ?? false,
    planInput: {
      config: options.config,
      preset: options.preset,
      counts: options.counts,
      seed: options.seed,
      batchSize: options.batchSize,
      append: mode === 'append',
      shard: checkShard(options.shard, mode),
    },
    confirm: options.confirm,
    onProgress: options.onProgress ?? (() => undefined),
    signal: options.signal,
    hooks: options.hooks ?? {},
    writer: options.writer ?? new CopyBatchWriter(),
    batches: options.batches ?? inThreadBatches,
    streams,
    maxReconnects,
    lockTimeoutMs,
    ledger: options.ledger ?? {},
    sizeLimit: options.sizeLimit,
    source: options.source,
  };
}

/** A valid shard, and one a split run can take: truncating or appending would act on every shard's rows. */
function checkShard(shard: Shard | undefined, mode: SeedMode): Shard | undefined {
  if (shard === undefined) return undefined;
  if (!Number.isSafeInteger(shard.index) || !Number.isSafeInteger(shard.count) || shard.count < 1 || shard.count > MAX_SHARDS || shard.index < 1 || shard.index > shard.count) {
    throw new SeedInputError(`shard ${shard.index}/${shard.count} is not valid: K/N with 1 <= K <= N <= ${MAX_SHARDS}, e.g. 1/3`);
  }
  if (shard.count > 1 && (mode === 'truncate' || mode === 'append')) {
    throw new SeedInputError(`mode '${mode}' cannot be split into shards: it acts on every shard's rows; empty the tables once, then start the shards`);
  }
  return shard;
}
