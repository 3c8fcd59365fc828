import { LIBRARY_HINT_WORDS, ReseedError, ResumableStopError } from '../errors';
import { seed, type SeedOptions } from '../seeding/seed';
import type { SeedReport } from '../seeding/seed-report';
import { tunedLoad, type BulkLoadTuningOptions } from './tuned-load';

/** Options of {@link bulkLoad}: those of seed() (its hooks are the tuning's), and how to tune. */
export interface BulkLoadOptions extends Omit<SeedOptions, 'hooks'> {
  tuning: BulkLoadTuningOptions & {
    /**
     * Told what could not be restored when the load failed (the error is
     * thrown after the restore was tried). Default: none; a successful load
     * returns them in {@link BulkLoadResult.restoreProblems}.
     */
    onRestoreProblems?(problems: string[]): void;
  };
}

/** What {@link bulkLoad} did. */
export interface BulkLoadResult {
  /** The seed's report: rows, rows/s per table, reconnects. */
  report: SeedReport;
  /** The tuning profile that ran ('off' when none). */
  profile: string;
  /** Settings, indexes or FKs that could not be put back (still recorded: `reseed restore` retries). Empty when all is restored. */
  restoreProblems: string[];
}

/**
 * The whole tuned load, as one operation that needs no terminal: plan, tune
 * the server for the plan's size (recording every old value first), get it
 * restarted through the strategy when a setting needs it and verify the new
 * values, drop secondary indexes and FKs (fast profiles), load every table
 * through seed() (resumable, exactly once), rebuild the indexes and FKs, and
 * restore every changed setting (restarting again when one needs it).
 *
 * A failure or an abort restores too, then throws as seed() does. A
 * ResumableStopError (the exit strategy's planned stop for a restart) leaves
 * the tuning in place: the resumed run carries it on and restores it.
 */
export async function bulkLoad(options: BulkLoadOptions): Promise<BulkLoadResult> {
  const { tuning, ...seedOptions } = options;
  const tuned = tunedLoad(options.manager, tuning, options.signal);
  // A restore that fails outright is one problem, in the caller's words (a flag for the CLI, an option for the library).
  const failedRestore = (error: unknown) => [error instanceof ReseedError ? error.describe(tuning.hintWords ?? LIBRARY_HINT_WORDS) : (error as Error).message];
  let report: SeedReport;
  try {
    report = await seed({ ...seedOptions, hooks: tuned.hooks });
  } catch (error) {
    if (!(error instanceof ResumableStopError)) {
      const problems = await tuned.restore().catch(failedRestore);
      if (problems.length) tuning.onRestoreProblems?.(problems);
    }
    throw error;
  }
  if (report.dryRun) return { report, profile: tuned.profileName(), restoreProblems: [] };
  // The data is complete and committed whatever happens now; only the settings may still need care.
  const restoreProblems = await tuned.restore().catch(failedRestore);
  return { report, profile: tuned.profileName(), restoreProblems };
}
