import { ReseedError } from '../errors';

/** Stable code of {@link LedgerMissingError}. */
export const LEDGER_MISSING = 'RESEED_LEDGER_MISSING';

/**
 * The database lacks reseed's ledger tables (the ReseedLedger migration has
 * not run), or, with `outdated`, the run owner columns of a newer ledger
 * migration.
 */
export class LedgerMissingError extends ReseedError {
  constructor(options?: ErrorOptions & { outdated?: boolean }) {
    super(
      LEDGER_MISSING,
      options?.outdated
        ? 'the reseed ledger is out of date (reseed_runs has no owner column): run the migrations first (npm run migration:run); ' +
            'with your own DataSource, add ReseedRunOwner1796150000000 from migrations/ to its migrations'
        : 'the database has no reseed ledger (table reseed_runs): run the migrations first (npm run migration:run); ' +
            'with your own DataSource, add ReseedLedger1796100000000 and ReseedRunOwner1796150000000 from migrations/ to its migrations',
      options,
    );
  }
}
