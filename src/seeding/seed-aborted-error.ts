import { ReseedError } from '../errors';
import type { SeedReport } from './seed-report';

/** What an aborted seed did; its plan is undefined when the abort came before the run was planned. */
export type AbortedSeedReport = Omit<SeedReport, 'plan'> & { plan: SeedReport['plan'] | undefined };

/** Stable code of {@link SeedAbortedError}. */
export const SEED_ABORTED = 'RESEED_ABORTED';

/**
 * The signal stopped the seed, wherever it landed: while opening the run,
 * in a load hook, between batches, while reconnecting or while finishing.
 * The ledger marks the run interrupted; mode 'resume' continues
 * it. Carries the partial report; its runId is undefined when the abort came
 * before any run was recorded (nothing was written then).
 */
export class SeedAbortedError extends ReseedError {
  readonly report: AbortedSeedReport;
  constructor(report: AbortedSeedReport, options?: ErrorOptions) {
    super(
      SEED_ABORTED,
      report.runId === undefined
        ? 'seeding stopped before a run was started; nothing was written'
        : `seeding stopped after ${report.totalRows} rows; run ${report.runId} can be resumed`,
      report.runId === undefined ? options : { ...options, hint: 'continue it with {resume}' },
    );
    this.report = report;
  }
}
