import { ReseedError } from '../errors';

/** Stable code of {@link SeedStalledError}. */
export const SEED_STALLED = 'RESEED_STALLED';

/**
 * The load stopped making progress: the same batch kept losing its
 * connection (more reconnects in a row than the budget allows while the
 * ledger showed no new rows), or the ledger kept refusing a batch or the
 * finishing steps kept finding short tables. Retrying on its own would loop
 * forever, so the seed stops. Every committed batch stays in the ledger: the
 * run is resumable (mode 'resume') once the cause is fixed. The cause is the last
 * error that made the batch fail, when there was one.
 */
export class SeedStalledError extends ReseedError {
  readonly runId: string;
  /** The table whose batch kept failing, when one did. */
  readonly table: string | undefined;
  constructor(runId: string, table: string | undefined, message: string, options?: ErrorOptions) {
    super(SEED_STALLED, `${message}; run ${runId} is resumable`, { ...options, hint: 'fix the cause, then continue with {resume}' });
    this.runId = runId;
    this.table = table;
  }
}
