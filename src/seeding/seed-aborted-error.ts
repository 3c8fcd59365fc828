import { ReseedError } from '../connection/errors';
import type { SeedReport } from './seed-report';

/** Stable code of {@link SeedAbortedError}. */
export const SEED_ABORTED = 'RESEED_ABORTED';

/**
 * The signal stopped the run after a committed batch. The ledger marks the run
 * interrupted; `resume: true` (--resume) continues it. Carries the partial report.
 */
export class SeedAbortedError extends ReseedError {
  readonly report: SeedReport;
  constructor(report: SeedReport, options?: ErrorOptions) {
    super(SEED_ABORTED, `seeding stopped after ${report.totalRows} rows; run ${report.runId} can be resumed with --resume`, options);
    this.report = report;
  }
}
