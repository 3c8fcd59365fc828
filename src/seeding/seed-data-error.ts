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
  /**
   * The value the factory gave row `row` (1-based, as firstRow) in database
   * column `column`, made again (row i is a pure function of the seed, the
   * table and i); undefined when it cannot be told.
   */
  valueAt?(row: number, column: string): { value: unknown } | undefined;
}

/** First row (0-based, in its batch) of the statement a batch's error came from, when the batch ran more than one. */
const statementRows = new WeakMap<object, number>();

/**
 * Notes that `error` came from a batch's statement whose rows start at
 * `rowOffset` in the batch (a batch is one COPY per run of rows naming the
 * same columns): the line COPY's error names counts from there.
 */
export function noteStatementRows(error: unknown, rowOffset: number): void {
  if (typeof error === 'object' && error !== null && !statementRows.has(error)) statementRows.set(error, rowOffset);
}

/** `COPY posts, line 5, column title: "..."`, the context of an error in a COPY (the value only in the text format). */
const COPY_CONTEXT = /(?:^|\n)COPY [^\n]*?, line (\d+)(?:, column ([^\n:]*))?(?:: "([\s\S]*?)")?(?=\n|$)/;

/** The row and column a COPY's error context names, counted in the whole batch. */
function copyPlace(error: object, where: string | undefined): { offset: number; column: string | undefined; quoted: string | undefined } | undefined {
  const match = COPY_CONTEXT.exec(where ?? '');
  if (!match) return undefined;
  return { offset: (statementRows.get(error) ?? 0) + Number(match[1]) - 1, column: match[2], quoted: match[3] };
}

/** Longest quoted value in a message, in characters. */
const VALUE_CHARS = 40;

/** A value as the message shows it: a string quoted and cut, with its length when cut or long. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') {
    const chars = [...value];
    const shown = JSON.stringify(chars.length > VALUE_CHARS ? chars.slice(0, VALUE_CHARS).join('') : value);
    return chars.length > VALUE_CHARS ? `${shown.slice(0, -1)}..." (${chars.length} characters)` : shown;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : `Date ${value.toISOString()}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) return Object.prototype.toString.call(value);
  return json.length > VALUE_CHARS ? `${json.slice(0, VALUE_CHARS)}... (${json.length} characters of JSON)` : json;
}

/**
 * PostgreSQL refused a batch's rows: an integrity violation (unique, foreign
 * key, NOT NULL, CHECK) or a value its column cannot hold (too long, out of
 * range, not valid for the type): the data is wrong, retrying cannot help.
 * The message names the table, the constraint, the column(s), the rows (the
 * very row when COPY tells it, with the value the factory gave it) and the
 * factory; nothing of the batch was written and the run stays resumable.
 */
export class SeedDataError extends ReseedError {
  readonly table: string;
  readonly constraint: string | undefined;
  readonly columns: readonly string[];
  readonly sqlState: string;
  /** The row (1-based, as in the message) PostgreSQL named, when it named one (COPY does). */
  readonly row: number | undefined;

  constructor(
    message: string,
    fields: { table: string; constraint: string | undefined; columns: readonly string[]; sqlState: string; row?: number },
    options?: ReseedErrorOptions,
  ) {
    super(SEED_DATA_ERROR, message, options);
    this.table = fields.table;
    this.constraint = fields.constraint;
    this.columns = fields.columns;
    this.sqlState = fields.sqlState;
    this.row = fields.row;
  }

  /** The SeedDataError for a PostgreSQL integrity violation or data exception (SQLSTATE class 22), or undefined for any other error. */
  static from(error: unknown, place: DataErrorPlace): SeedDataError | undefined {
    const pg = (error as { driverError?: unknown })?.driverError ?? error;
    const { code, constraint, column, detail, table, where, message: said } = (pg ?? {}) as {
      code?: unknown;
      constraint?: string;
      column?: string;
      detail?: string;
      table?: string;
      where?: string;
      message?: string;
    };
    if (typeof code !== 'string') return undefined;
    const kind = code in VIOLATIONS ? `${VIOLATIONS[code]} violation` : code.startsWith('22') ? 'bad value' : undefined;
    if (kind === undefined) return undefined;
    const copy = copyPlace(pg as object, where);
    const keyColumns = /Key \(([^)]*)\)/.exec(detail ?? '')?.[1];
    const columns = column ? [column] : keyColumns ? keyColumns.split(',').map((c) => c.trim().replace(/^"|"$/g, '')) : copy?.column ? [copy.column] : [];
    const onTable = table ?? place.table;
    const row = copy && place.firstRow + copy.offset <= place.lastRow ? place.firstRow + copy.offset : undefined;
    const rows = row === undefined ? `rows ${place.firstRow}-${place.lastRow}` : `row ${row} in rows ${place.firstRow}-${place.lastRow}`;
    // A value out of place: what the server said, and what the factory gave (made again) or the server quoted.
    let value = '';
    if (kind === 'bad value') {
      const given = row !== undefined && columns.length === 1 ? place.valueAt?.(row, columns[0]!) : undefined;
      if (given) value = `; the factory gave ${describeValue(given.value)}`;
      else if (copy?.quoted !== undefined) value = `; the value: ${JSON.stringify(copy.quoted)}`;
    }
    const reason = kind === 'bad value' ? (said ?? code) : detail;
    const message =
      `${kind} in ${onTable}${constraint ? `, constraint ${constraint}` : ''}${columns.length ? `, column${columns.length > 1 ? 's' : ''} ${columns.join(', ')}` : ''}` +
      ` (${rows}, made by the ${place.factory})${reason ? `: ${reason.replace(/\.$/, '')}` : ''}${value}`;
    const hint = 'nothing of that batch was written and the run is resumable: fix the factory (or the counts), then continue with {resume}, or start over with {truncate}';
    return new SeedDataError(message, { table: onTable, constraint, columns, sqlState: code, row }, { cause: error, hint });
  }
}
