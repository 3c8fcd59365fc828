import { ReseedError, type ReseedErrorOptions } from '../errors';
import { formatBytes } from '../format-bytes';
import { formatCount } from '../format-count';

/** Stable code of {@link ServerResourceError}. */
export const SERVER_RESOURCE_ERROR = 'RESEED_SERVER_RESOURCES';

/** SQLSTATEs of class 53 (insufficient resources) and what the server ran out of. */
const SHORT_OF: Record<string, string> = {
  '53100': 'out of disk space',
  '53200': 'out of memory',
  '53300': 'out of connections',
  '53400': 'at a configured limit',
};

/** Where the refused batch was headed, and what is left to load. */
export interface ResourcePlace {
  /** Database table name. */
  table: string;
  /** Rows of the batch (1-based, inclusive), for the message. */
  firstRow: number;
  lastRow: number;
  /** Rows of the table the whole load writes (the batch's `lastRow` is at most this). */
  tableRows: number;
  /** Estimated bytes of the rows the run has still to load, all tables; undefined when not known. */
  remainingBytes?: number;
}

/**
 * The database server refused a batch for want of a resource (SQLSTATE class
 * 53): above all a full disk ("could not extend file ...: No space left on
 * device"), or memory. Retrying at once cannot help and the data is not at
 * fault. The batch rolled back whole, the ones before it stay committed and
 * the run stays resumable: the message says what ran out, where, and how
 * much the rest of the load needs.
 */
export class ServerResourceError extends ReseedError {
  readonly sqlState: string;
  readonly table: string;

  constructor(message: string, fields: { sqlState: string; table: string }, options?: ReseedErrorOptions) {
    super(SERVER_RESOURCE_ERROR, message, options);
    this.sqlState = fields.sqlState;
    this.table = fields.table;
  }

  /** The ServerResourceError for a class-53 error of PostgreSQL, or undefined for any other error. */
  static from(error: unknown, place: ResourcePlace): ServerResourceError | undefined {
    const pg = (error as { driverError?: unknown })?.driverError ?? error;
    const { code, message } = (pg ?? {}) as { code?: unknown; message?: string };
    if (typeof code !== 'string' || !code.startsWith('53')) return undefined;
    const what = SHORT_OF[code] ?? 'short of resources';
    const kept = place.firstRow - 1;
    const rows = formatCount;
    const summary =
      `the database server is ${what}: ${(message ?? code).replace(/\.$/, '')} ` +
      `(writing ${place.table}, rows ${rows(place.firstRow)}-${rows(place.lastRow)} of ${rows(place.tableRows)})`;
    const needs = place.remainingBytes === undefined ? '' : ` (the rest of the load needs about ${formatBytes(place.remainingBytes)} for its rows, more with indexes)`;
    const remedy =
      code === '53100'
        ? `free disk space on the database server${needs}, then continue with {resume}`
        : code === '53200'
          ? 'give the server more memory or lower its memory settings, then continue with {resume}'
          : 'continue with {resume} once the server has what it ran out of';
    const hint = `nothing of that batch was written; ${kept > 0 ? `the ${rows(kept)} rows of ${place.table} before it are kept` : `no row of ${place.table} was written`} and the run is resumable: ${remedy}`;
    return new ServerResourceError(summary, { sqlState: code, table: place.table }, { cause: error, hint });
  }
}
