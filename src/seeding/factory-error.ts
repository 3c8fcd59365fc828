import { ReseedError } from '../errors';

/** Stable code of {@link FactoryError}. */
export const FACTORY_ERROR = 'RESEED_FACTORY_ERROR';

/**
 * A factory threw while making a row: the message names the factory, the
 * table and the row (1-based), then the factory's own message; the original
 * is the cause. Nothing of the row's batch is written, and a run it stops
 * stays resumable. (Errors reseed raises itself inside a factory, a misused
 * ctx.ref for one, are passed on as they are.)
 */
export class FactoryError extends ReseedError {
  /** Who made the row: `factory of Post`, `default factory of Tag`, ... */
  readonly factory: string;
  readonly table: string;
  /** 0-based index of the row in its table. */
  readonly rowIndex: number;

  constructor(factory: string, table: string, rowIndex: number, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(FACTORY_ERROR, `the ${factory} threw on row ${rowIndex + 1} of ${table}: ${message}`, {
      cause,
      hint: 'fix the factory; a run it stopped continues with {resume}, or starts over with {truncate}',
    });
    this.factory = factory;
    this.table = table;
    this.rowIndex = rowIndex;
  }
}
