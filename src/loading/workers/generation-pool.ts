import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { BatchTransaction } from '../../seeding/batch-transaction';
import type { BatchSource, BatchUrgency, PreparedBatch } from '../../seeding/batch-source';
import type { PlannedTable, SeedPlan } from '../../seeding/seed-plan';
import { copyData } from '../../seeding/copy-binary';
import { joinStatement, type JoinedStatement } from '../../seeding/copy-table-encoder';
import { noteStatementRows } from '../../seeding/seed-data-error';
import { SeedInputError } from '../../seeding/seed-input-error';
import { batchKey, UrgencyQueue } from '../../seeding/urgency-queue';
import { compiledTypeScript } from '../typescript-loader';
import type { EncodedBatch, EncodedStatement, GenerationJob, GenerationTask, GenerationWorkerData, WarmTask, WorkerSources } from './generation-job';
import { reviveWorkerFailure } from './worker-failure';
import { putSharedText, sharedTextSlot } from './shared-text';

/**
 * The plan's estimated bytes from which `workers: 'auto'` generates in
 * workers: below it, their start-up (about half a second of CPU each, and
 * cold code for their first thousands of rows) costs more than they save,
 * and the main thread, which mostly waits on the server, generates as fast.
 * Bytes, not rows: text is what costs to make. The installed CLI on 2 cores
 * (wall time, interleaved runs, 2 workers against the main thread): the
 * example schema at 100k rows (20 MB) 1.86 against 1.55 s, at 200k (40 MB)
 * and 300k (60 MB) even or a little behind, at 600k (120 MB) 5.3-6.0
 * against 5.6-7.0 s, at 1.1M (201 MB) 8.1-8.3 against 8.4-10.2 s; the peer
 * workload's 120k rows of long posts (51 MB) 1.9-2.2 against 1.7-2.2 s.
 */
export const AUTO_WORKERS_MIN_BYTES = 100 * 1024 * 1024;

/**
 * Rows from which the CLI starts workers before it has a plan (whose bytes
 * decide, see AUTO_WORKERS_MIN_BYTES): at 200 bytes a row, about the example
 * schema's. A run the plan then finds too small stops them (starting them
 * for nothing cost the medium preset 0.2 s of 1.6 on 2 cores).
 */
export const AUTO_WORKERS_MIN_ROWS = 500_000;

/** Most workers the default picks: past a few, the server, not generation, limits the load. */
const MAX_DEFAULT_WORKERS = 4;

/** Bytes per chunk handed to the COPY stream (so its backpressure works on a large batch). */
const COPY_CHUNK_BYTES = 256 * 1024;

/**
 * Fewest rows a batch's piece has when a batch is shared among the workers
 * (see {@link splitBatch}): below it, a task's own cost (its message both
 * ways) is no longer small next to its rows.
 */
export const MIN_PIECE_ROWS = 256;

/**
 * Default worker count: one per core, at most MAX_DEFAULT_WORKERS. The main
 * thread mostly waits on the server while workers generate, so it needs no
 * core of its own: on 2 cores, the installed CLI at 1M rows of the example
 * schema seeded in 21-25 s with 2 workers against 29-31 s with 1 (peak RSS
 * 260-292 MB against 196-210 MB), the peer workload (20k users + 100k
 * posts) in 4.3-5.1 s against 6.6-7.1 s.
 */
export function defaultWorkerCount(): number {
  return Math.min(MAX_DEFAULT_WORKERS, Math.max(1, os.availableParallelism()));
}

/**
 * Each worker's young generation, in MB (V8's default lets it grow to 48 MB
 * per thread): a batch's rows live until it is encoded, so a large young
 * generation mostly holds garbage in RSS. With 2 workers at 1M rows: peak
 * RSS 307-321 MB by default, 271-278 MB at 16, 236-263 MB at 8, for
 * 10-20% more CPU at 8 (noisy, shared machine).
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** Options of {@link GenerationPool}. */
export interface GenerationPoolOptions {
  /** Worker threads (>= 1). */
  workers: number;
  /**
   * The config file every worker loads (the file the main thread's config
   * came from), if there is one. Without it and dataSourcePath, the workers
   * start and wait for {@link GenerationPool.load}.
   */
  configPath?: string;
  /** The app's data-source file (`--data-source`) every worker loads, if the main thread loaded one: it is the metadata's options. */
  dataSourcePath?: string;
}

/** Room for the app's compiled TypeScript handed to the workers (untouched pages cost nothing); more, and each worker compiles its own. */
const COMPILED_TYPESCRIPT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Worker threads (piscina) that generate and encode batches as COPY data:
 * the main thread only writes bytes. Workers take a file path and plain data
 * (no closures): each loads the config by path as soon as it is given, and
 * for a run rebuilds the same plan and generator, so row i is the same in
 * every thread. A pool may start before the config is known (its threads
 * load their modules meanwhile, on cores the main thread leaves idle while
 * it starts) and be given it later with {@link load}.
 */
export class GenerationPool {
  readonly #pool: Piscina;
  #sources: WorkerSources | undefined;
  /** Where the workers find the app's TypeScript as this thread compiled it, once the config is loaded. */
  readonly #typescript = sharedTextSlot(COMPILED_TYPESCRIPT_MAX_BYTES);
  readonly workers: number;
  /** A worker's failure outside any task (see the pool's 'error' listener), met by the next batch. */
  #failure: Error | undefined;
  #destroyed = false;

  constructor(options: GenerationPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new SeedInputError(`workers must be an integer >= 1, got ${options.workers}`);
    const filename = siblingFile('generation-worker');
    this.workers = options.workers;
    const workerData: GenerationWorkerData = { typescript: this.#typescript };
    this.#pool = new Piscina({
      filename,
      minThreads: options.workers,
      maxThreads: options.workers,
      idleTimeout: 60_000,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      execArgv: workerExecArgv(filename),
      workerData,
    });
    // Piscina emits 'error' for a reply to a task it no longer tracks (one
    // in flight when destroy() ended it) and for a worker that fails with no
    // task: with no listener, either is an uncaught exception that ends the
    // process. The first is harmless; the second fails the next batch.
    this.#pool.on('error', (error: Error) => {
      if (!this.#destroyed && !error.message.startsWith('Unexpected message from Worker')) this.#failure ??= error;
    });
    if (options.configPath !== undefined || options.dataSourcePath !== undefined) this.load(options);
  }

  /** The files the workers load, once given (see {@link load}). */
  get sources(): WorkerSources | undefined {
    return this.#sources;
  }

  /**
   * Gives the workers the run's files: the config file, the app's
   * data-source file, or both, loaded by this thread already (its compiled
   * TypeScript goes to the workers, which then need no compiler). Each
   * worker loads them now, ahead of the plan; a config that cannot be loaded
   * fails the run's first task again, with its message. Once per pool.
   */
  load(options: { configPath?: string; dataSourcePath?: string }): void {
    if (this.#sources) throw new Error('a generation pool loads its sources once');
    if (options.configPath === undefined && options.dataSourcePath === undefined) throw new SeedInputError('generation workers need a config file or a data-source file to load');
    this.#sources = {
      configPath: options.configPath === undefined ? undefined : path.resolve(options.configPath),
      dataSourcePath: options.dataSourcePath === undefined ? undefined : path.resolve(options.dataSourcePath),
    };
    const compiled = compiledTypeScript();
    putSharedText(this.#typescript, compiled === undefined ? undefined : JSON.stringify(compiled));
    for (let i = 0; i < this.workers; i++) this.#pool.run({ warm: this.#sources } satisfies WarmTask).catch(() => undefined);
  }

  /**
   * A batch source for `plan`, once every worker has planned the run again
   * from the config file and found the same plan (rejects otherwise).
   */
  async source(plan: SeedPlan, prepared: Readonly<Record<string, unknown>>): Promise<BatchSource> {
    const sources = this.#sources;
    if (!sources) throw new Error('the generation pool was given no config or data-source file to load (GenerationPool.load)');
    const job: GenerationJob = {
      sources,
      seed: plan.seed,
      counts: Object.fromEntries(plan.tables.map((t) => [t.table, t.count])),
      idStarts: Object.fromEntries(plan.tables.map((t) => [t.table, t.idStart])),
      copyTypes: Object.fromEntries(plan.tables.map((t) => [t.table, t.copyTypes])),
      batchSize: plan.tables[0]?.batchSize,
      append: plan.append,
      prepared,
      configHash: plan.configHash,
    };
    const jobKey = JSON.stringify(job);
    const pool = this.#pool;
    const table = plan.tables[0]?.table ?? '';
    // Every worker loads and checks the job before the first batch: a mismatch fails here, not mid-load.
    // All of them settle first, so no check is still in flight when the caller destroys the pool.
    const checks = await Promise.allSettled(Array.from({ length: this.workers }, () => pool.run({ job, jobKey, table, start: 0, count: 0 } satisfies GenerationTask)));
    const refused = checks.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (refused) throw refused.reason;
    const workers = this.workers;
    const failure = () => this.#failure;
    // A piece goes to piscina once a worker is free for it, the most urgent first.
    const queue = new UrgencyQueue(workers);
    return {
      lookahead: workers + 1,
      async prepare(planned: PlannedTable, start: number, count: number, urgency: BatchUrgency = 'now'): Promise<PreparedBatch> {
        const idle = failure();
        if (idle) throw idle;
        const key = batchKey(planned.table, start);
        const pieces = await Promise.all(
          splitBatch(start, count, workers).map(
            ([from, rows]) => queue.run(key, urgency, () => pool.run({ job, jobKey, table: planned.table, start: from, count: rows } satisfies GenerationTask)) as Promise<EncodedBatch>,
          ),
        );
        // The first failure in row order: the one the main thread would have met.
        const failed = pieces.find((p) => p.failed)?.failed;
        if (failed) throw reviveWorkerFailure(failed);
        const statements = joinStatements(pieces.map((p) => p.statements));
        return { rows: sum(pieces.map((p) => p.rows)), generateMs: sum(pieces.map((p) => p.generateMs)), write: (tx) => writeEncoded(tx, statements) };
      },
      hurry(planned: PlannedTable, start: number): void {
        queue.hurry(batchKey(planned.table, start));
      },
    };
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    await this.#pool.destroy();
  }
}

/**
 * Rows [start, start + count) of a batch as consecutive pieces, one per
 * worker, none below MIN_PIECE_ROWS (fewer pieces then, at least one): the
 * workers share a batch instead of one of them making it while the others
 * wait, as they would for a table of one batch, or at a table's last batch
 * when its children wait for it. Row i does not depend on the batch it is
 * made in, so the pieces together are the batch.
 */
export function splitBatch(start: number, count: number, workers: number): Array<[start: number, count: number]> {
  const pieces = Math.max(1, Math.min(workers, Math.floor(count / MIN_PIECE_ROWS)));
  const ranges: Array<[number, number]> = [];
  for (let i = 0, from = start; i < pieces; i++) {
    const rows = Math.floor(count / pieces) + (i < count % pieces ? 1 : 0);
    ranges.push([from, rows]);
    from += rows;
  }
  return ranges;
}

/** The pieces' statements, in order, as one batch's (see joinStatement). */
export function joinStatements(pieces: readonly (readonly EncodedStatement[])[]): JoinedStatement<Uint8Array>[] {
  const joined: JoinedStatement<Uint8Array>[] = [];
  for (const piece of pieces) for (const statement of piece) joinStatement(joined, statement.sql, statement.rows, statement.bytes);
  return joined;
}

/** Writes a batch's statements on the batch's transaction. */
async function writeEncoded(tx: BatchTransaction, statements: readonly JoinedStatement<Uint8Array>[]): Promise<void> {
  let rows = 0;
  for (const statement of statements) {
    try {
      if (statement.sql.startsWith('COPY')) await tx.copyFrom(statement.sql, copyData(statement.sql, chunks(statement.chunks)));
      else await tx.query(statement.sql, [statement.rows]);
    } catch (error) {
      // The line a COPY error names counts from this statement's first row.
      noteStatementRows(error, rows);
      throw error;
    }
    rows += statement.rows;
  }
}

function* chunks(parts: readonly Uint8Array[]): Generator<Buffer> {
  for (const part of parts) {
    const bytes = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    for (let start = 0; start < bytes.length; start += COPY_CHUNK_BYTES) yield bytes.subarray(start, start + COPY_CHUNK_BYTES);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A file next to this one, as it runs: .ts from the sources, .js once compiled. */
function siblingFile(name: string): string {
  const ext = path.extname(__filename) || '.js';
  const file = path.join(__dirname, `${name}${ext}`);
  if (!existsSync(file)) throw new Error(`generation worker not found at ${file}`);
  return file;
}

/**
 * Worker threads inherit node's flags; a TypeScript worker run from a process
 * without tsx's loader (vitest, ts-node) gets it added.
 */
function workerExecArgv(filename: string): string[] | undefined {
  if (!filename.endsWith('.ts') || process.execArgv.some((a) => a.includes('tsx'))) return undefined;
  return [...process.execArgv, '--import', pathToFileURL(require.resolve('tsx')).href];
}
