import type { BatchTransaction } from './batch-transaction';
import { copyData } from './copy-binary';
import { noteStatementRows } from './seed-data-error';
import type { BatchWriter, PreparedWrite } from './batch-writer';
import { CopyTableEncoder, ENCODE_SLICE_ROWS, SlicedStatements, type ChunkedCopyStatement } from './copy-table-encoder';
import { RepositoryBatchWriter } from './repository-batch-writer';
import type { GeneratedRow } from './row-generator';
import type { PlannedTable } from './seed-plan';

/**
 * The default writer: one `COPY ... FROM STDIN` per batch (binary format
 * where the table's column types allow, see CopyTableEncoder), on
 * the batch's transaction, so the rows commit or roll back with the ledger
 * advance exactly as the repository writer's INSERTs do. Values are encoded
 * as those INSERTs would send them (see {@link CopyTableEncoder}), so both
 * writers give the same database byte for byte. A table COPY cannot write
 * (a column whose insert wraps the value in SQL, as PostGIS types do) goes
 * through the repository writer instead.
 */
export class CopyBatchWriter implements BatchWriter {
  readonly #encoders = new Map<string, { encoder: CopyTableEncoder | null; types: PlannedTable['copyTypes']; metadata: PlannedTable['metadata'] }>();
  readonly #fallback = new RepositoryBatchWriter();
  readonly #binary: boolean;

  /** `format: 'text'` keeps every table in the text format (the default, `'binary'`, uses it where the column types allow). */
  constructor(options: { format?: 'binary' | 'text' } = {}) {
    this.#binary = options.format !== 'text';
  }

  get format(): 'binary' | 'text' {
    return this.#binary ? 'binary' : 'text';
  }

  async write(tx: BatchTransaction, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void> {
    const encoder = this.#encoder(table);
    if (!encoder) return this.#fallback.write(tx, table, rows);
    const sliced = new SlicedStatements();
    for (let start = 0; start < rows.length; start += ENCODE_SLICE_ROWS) sliced.add(encoder.encode(rows.slice(start, start + ENCODE_SLICE_ROWS)));
    await writeChunked(tx, sliced.statements);
  }

  /**
   * Encodes the batch now, a slice of rows per turn of the event loop (the
   * batch before may be streaming meanwhile); the transaction then only
   * streams the ready chunks.
   */
  async prepare(table: PlannedTable, rows: readonly GeneratedRow[]): Promise<PreparedWrite> {
    return this.prepareSliced(table, slicesOf(rows));
  }

  /**
   * Encodes each slice of the batch as it comes (its rows may be dropped
   * once encoded): the transaction then only streams the ready chunks.
   */
  async prepareSliced(table: PlannedTable, slices: AsyncIterable<readonly GeneratedRow[]>): Promise<PreparedWrite> {
    const encoder = this.#encoder(table);
    if (!encoder) {
      const rows: GeneratedRow[] = [];
      for await (const slice of slices) for (const row of slice) rows.push(row);
      return (tx) => this.#fallback.write(tx, table, rows);
    }
    const sliced = new SlicedStatements();
    for await (const slice of slices) sliced.add(encoder.encode(slice));
    return (tx) => writeChunked(tx, sliced.statements);
  }

  #encoder(table: PlannedTable): CopyTableEncoder | null {
    const cached = this.#encoders.get(table.table);
    // Made again for a run whose column types are not those it was made for (another run, or a hook that changed them).
    if (cached && cached.types === table.copyTypes && cached.metadata === table.metadata) return cached.encoder;
    const encoder = CopyTableEncoder.unsupported(table.metadata, table.insertProperties)
      ? null
      : new CopyTableEncoder(table.metadata, table.insertProperties, this.#binary ? table.copyTypes : undefined);
    this.#encoders.set(table.table, { encoder, types: table.copyTypes, metadata: table.metadata });
    return encoder;
  }
}

/** Rows already made, in slices of ENCODE_SLICE_ROWS with a turn of the event loop between two. */
async function* slicesOf(rows: readonly GeneratedRow[]): AsyncGenerator<readonly GeneratedRow[]> {
  for (let start = 0; start < rows.length; start += ENCODE_SLICE_ROWS) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    yield rows.slice(start, start + ENCODE_SLICE_ROWS);
  }
}

/** Runs chunked COPY statements one after another on the batch's transaction. */
async function writeChunked(tx: BatchTransaction, statements: readonly ChunkedCopyStatement[]): Promise<void> {
  let rows = 0;
  for (const statement of statements) {
    try {
      if (statement.sql.startsWith('COPY')) await tx.copyFrom(statement.sql, copyData(statement.sql, statement.chunks));
      else await tx.query(statement.sql, [statement.rows]);
    } catch (error) {
      // The line a COPY error names counts from this statement's first row.
      noteStatementRows(error, rows);
      throw error;
    }
    rows += statement.rows;
  }
}
