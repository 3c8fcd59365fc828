import type { BatchSourceOpener } from '../../seeding/batch-source';
import { CopyBatchWriter } from '../../seeding/copy-batch-writer';
import { withCopyTypes } from '../../seeding/copy-types';
import { inThreadBatches } from '../../seeding/in-thread-batch-source';
import { SeedInputError } from '../../seeding/seed-input-error';
import { AUTO_WORKERS_MIN_BYTES, AUTO_WORKERS_MIN_ROWS, defaultWorkerCount, GenerationPool } from './generation-pool';

export { AUTO_WORKERS_MIN_BYTES, AUTO_WORKERS_MIN_ROWS };

/** Options of {@link generationWorkers}. */
export interface GenerationWorkersOptions {
  /** Worker threads; 0: the main thread; 'auto': defaultWorkerCount() from AUTO_WORKERS_MIN_BYTES of estimated rows (the plan's), else 0. */
  workers: number | 'auto';
  /** The config file the run's config was loaded from: every worker loads it again, with the same loader. */
  configPath?: string;
  /**
   * The app's data-source file, when the run's connection came from one
   * given apart from the config (`--data-source`): workers build their
   * metadata from its options (naming strategy, entity prefix) as the main
   * thread does. One of the two is needed.
   */
  dataSourcePath?: string;
  /** Told when workers were asked for but the main thread generates, and why. Default: silent. */
  onNote?(message: string): void;
  /**
   * @internal The CLI's: workers started before the config was loaded (`new GenerationPool({
   * workers })`, given no files yet), so their modules load while this
   * thread loads the config: warm() of that many workers gives them the
   * files instead of starting others. They are the opener's from then on:
   * a run takes them or {@link GenerationWorkersOpener.release} stops them.
   */
  started?: GenerationPool;
}

/**
 * A {@link BatchSourceOpener} whose workers can start before the plan is
 * made: the config loads in them while the main thread connects and plans.
 */
export interface GenerationWorkersOpener extends BatchSourceOpener {
  /**
   * Starts the workers now: `workers` of them, else the default count (what
   * 'auto' gives a run of AUTO_WORKERS_MIN_BYTES or more). The run
   * takes them if it wants that many (else they stop and it starts its own);
   * {@link release} stops them when no run took them.
   */
  warm(workers?: number): void;
  /** Workers warm() started that no run has taken (0 when none). */
  readonly warming: number;
  /** Stops workers that warm() started and no run took. */
  release(): Promise<void>;
}

/**
 * seed()'s `batches` for worker threads that generate rows and encode them
 * as COPY data while the main thread writes: the same rows as on the main
 * thread, for any count. Workers load the config file and the app's data
 * source as the main thread did, so their metadata (naming strategy
 * included) and plan are the main thread's. The main thread generates
 * instead when no workers are due, when the writer is not COPY (workers
 * encode COPY data), or when the workers cannot load the run or plan it the
 * same (said through onNote).
 */
export function generationWorkers(options: GenerationWorkersOptions): GenerationWorkersOpener {
  const { configPath, dataSourcePath } = options;
  if (configPath === undefined && dataSourcePath === undefined) throw new SeedInputError('generationWorkers needs configPath (the config file) or dataSourcePath (the data-source file): workers load the run from it');
  if (options.workers !== 'auto' && (!Number.isInteger(options.workers) || options.workers < 0)) {
    throw new SeedInputError(`workers must be a whole number (0 or more) or 'auto', got ${String(options.workers)}`);
  }
  /** Workers warm() started that no run has taken yet. */
  let warm: GenerationPool | undefined;
  /** options.started, until warm() or a run takes it, or release() stops it. */
  let started = options.started;
  /** The started pool, given the files, when it has `workers` threads and was not given files elsewhere. */
  const takeStarted = (workers: number): GenerationPool | undefined => {
    if (started?.workers !== workers || started.sources) return undefined;
    const pool = started;
    started = undefined;
    pool.load({ configPath, dataSourcePath });
    return pool;
  };
  const release = async () => {
    const pools = [warm, started];
    warm = started = undefined;
    await Promise.all(pools.map((pool) => pool?.destroy().catch(() => undefined)));
  };
  const open: BatchSourceOpener = async (plan, writer, prepared) => {
    const workers = options.workers === 'auto' ? (plan.estimatedBytes >= AUTO_WORKERS_MIN_BYTES ? defaultWorkerCount() : 0) : options.workers;
    const ready = warm?.workers === workers ? warm : takeStarted(workers);
    if (ready && ready === warm) warm = undefined;
    // Whatever this run does not take stops now.
    await release();
    if (workers === 0) return inThreadBatches(plan, writer, prepared);
    if (!(writer instanceof CopyBatchWriter)) {
      await ready?.destroy().catch(() => undefined);
      options.onNote?.('generation stays on the main thread: workers encode for the COPY writer only');
      return inThreadBatches(plan, writer, prepared);
    }
    const pool = ready ?? new GenerationPool({ workers, configPath, dataSourcePath });
    try {
      // The workers encode as the writer would: in the text format only, when it is told to.
      const source = await pool.source(writer.format === 'text' ? withCopyTypes(plan, {}) : plan, prepared);
      return { source, where: `${workers} worker${workers === 1 ? '' : 's'}`, workers, close: () => pool.destroy() };
    } catch (error) {
      await pool.destroy().catch(() => undefined);
      options.onNote?.(`generation stays on the main thread: the workers could not take the run (${(error as Error).message.split('\n')[0]})`);
      return inThreadBatches(plan, writer, prepared);
    }
  };
  return Object.defineProperties(open, {
    warm: {
      value(workers?: number): void {
        const count = workers ?? (options.workers === 'auto' ? defaultWorkerCount() : options.workers);
        if (warm || count === 0) return;
        warm = takeStarted(count) ?? new GenerationPool({ workers: count, configPath, dataSourcePath });
      },
    },
    warming: { get: () => warm?.workers ?? 0 },
    release: { value: release },
  }) as GenerationWorkersOpener;
}
