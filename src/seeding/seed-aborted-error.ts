import { ReseedError } from '../connection/errors';
import type { SeedReport } from './seed-report';

/** Stable code of {@link SeedAbortedError}. */
export const SEED_ABORTED = 'RESEED_ABORTED';

/**
 * The signal stopped the seed, wherever it landed: while opening the run,
 * in a load hook, between batches, while reconnecting or while finishing.
 * The ledger marks the run interrupted; `resume: true` (--resume) continues
 * it. Carries the partial report; its runId is undefined when the abort came
 * before any run was recorded (nothing was written then).
 */
export class SeedAbortedError extends ReseedError {
  readonly report: SeedReport;
  constructor(report: SeedReport, options?: ErrorOptions) {
    super(
      SEED_ABORTED,
      report.runId === undefined
        ? 'seeding stopped before a run was started; nothing was written'
        : `seeding stopped after ${report.totalRows} rows; run ${report.runId} can be resumed with --resume`,
      options,
    );
    this.report = report;
  }
}
