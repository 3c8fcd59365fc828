import { ReseedError, type ReseedErrorOptions } from '../errors';

/** Stable code of {@link SeedDataError}. */
export const SEED_DATA_ERROR = 'RESEED_DATA_ERROR';

/** SQLSTATEs of integrity violations and what they are called in a message. */
const VIOLATIONS: Record<string, string> = {
  '23502': 'NOT NULL',
  '23503': 'foreign key',
  '23505': 'unique',
  '23514': 'CHECK',
  '23P01': 'exclusion',
};

/** Where a rejected batch was headed. */
export interface DataErrorPlace {
  /** Database table name. */
  table: string;
  /** Rows of the batch (1-based, inclusive), for the message. */
  firstRow: number;
  lastRow: number;
  /** `factory of Post`, `default factory of Tag`, ...: who made the rows. */
  factory: string;
}

/**
 * PostgreSQL refused a batch's rows (a unique, foreign key, NOT NULL or CHECK
 * violation): the data is wrong, retrying cannot help. The message names the
 * table, the constraint, the column(s), the rows and the factory; nothing of
 * the batch was written and the run stays resumable.
 */
export class SeedDataError extends ReseedError {
  readonly table: string;
  readonly constraint: string | undefined;
  readonly columns: readonly string[];
  readonly sqlState: string;

  constructor(message: string, fields: { table: string; constraint: string | undefined; columns: readonly string[]; sqlState: string }, options?: ReseedErrorOptions) {
    super(SEED_DATA_ERROR, message, options);
    this.table = fields.table;
    this.constraint = fields.constraint;
    this.columns = fields.columns;
    this.sqlState = fields.sqlState;
  }

  /** The SeedDataError for a PostgreSQL integrity violation, or undefined for any other error. */
  static from(error: unknown, place: DataErrorPlace): SeedDataError | undefined {
    const pg = (error as { driverError?: unknown })?.driverError ?? error;
    const { code, constraint, column, detail, table } = (pg ?? {}) as { code?: unknown; constraint?: string; column?: string; detail?: string; table?: string };
    if (typeof code !== 'string' || !(code in VIOLATIONS)) return undefined;
    const keyColumns = /Key \(([^)]*)\)/.exec(detail ?? '')?.[1];
    const columns = column ? [column] : keyColumns ? keyColumns.split(',').map((c) => c.trim().replace(/^"|"$/g, '')) : [];
    const where = table ?? place.table;
    const message =
      `${VIOLATIONS[code]} violation in ${where}${constraint ? `, constraint ${constraint}` : ''}${columns.length ? `, column${columns.length > 1 ? 's' : ''} ${columns.join(', ')}` : ''}` +
      ` (rows ${place.firstRow}-${place.lastRow}, made by the ${place.factory})${detail ? `: ${detail.replace(/\.$/, '')}` : ''}`;
    const hint = 'nothing of that batch was written and the run is resumable: fix the factory (or the counts), then continue with {resume}, or start over with {truncate}';
    return new SeedDataError(message, { table: where, constraint, columns, sqlState: code }, { cause: error, hint });
  }
}
