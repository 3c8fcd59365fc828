import { ReseedError } from '../../errors';

/** Stable code of {@link LedgerCreateDeniedError}. */
export const LEDGER_CREATE_DENIED = 'RESEED_LEDGER_CREATE_DENIED';

/** The role may not create (or upgrade) reseed's ledger tables; the message names the grant. */
export class LedgerCreateDeniedError extends ReseedError {
  constructor(role: string, schema: string, options?: ErrorOptions) {
    super(
      LEDGER_CREATE_DENIED,
      `role "${role}" may not create reseed's ledger tables (reseed_runs, reseed_run_tables) in schema "${schema}": ` +
        `GRANT CREATE ON SCHEMA "${schema}" TO "${role}", or have an owner run the migrations ReseedLedger1796100000000, ReseedRunOwner1796150000000, ReseedRunShards1796400000000 and ReseedRunSource1796500000000`,
      options,
    );
  }
}
