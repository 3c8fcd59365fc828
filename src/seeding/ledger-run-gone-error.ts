import { ReseedError } from '../errors';

/** Stable code of {@link LedgerRunGoneError}. */
export const LEDGER_RUN_GONE = 'RESEED_LEDGER_RUN_GONE';

/**
 * The run being loaded is no longer in the ledger (someone deleted it, or the
 * database was replaced mid-run). Loading on would write rows nothing
 * accounts for, so the seed stops.
 */
export class LedgerRunGoneError extends ReseedError {
  constructor(runId: string, options?: ErrorOptions) {
    super(LEDGER_RUN_GONE, `run ${runId} disappeared from the reseed ledger (reseed_runs) while it was loading`, {
      ...options,
      hint: 'start again with {truncate}',
    });
  }
}
