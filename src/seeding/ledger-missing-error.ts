import { ReseedError } from '../connection/errors';

/** Stable code of {@link LedgerMissingError}. */
export const LEDGER_MISSING = 'RESEED_LEDGER_MISSING';

/** The database lacks reseed's ledger tables: the ReseedLedger migration has not run. */
export class LedgerMissingError extends ReseedError {
  constructor(options?: ErrorOptions) {
    super(
      LEDGER_MISSING,
      'the database has no reseed ledger (table reseed_runs): run the migrations first (npm run migration:run); ' +
        'with your own DataSource, add ReseedLedger1796100000000 from migrations/ to its migrations',
      options,
    );
  }
}
