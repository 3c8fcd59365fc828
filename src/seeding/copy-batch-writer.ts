import type { BatchTransaction } from './batch-transaction';
import type { BatchWriter, PreparedWrite } from './batch-writer';
import { CopyTableEncoder, type CopyStatement } from './copy-table-encoder';
import { RepositoryBatchWriter } from './repository-batch-writer';
import type { GeneratedRow } from './row-generator';
import type { PlannedTable } from './seed-plan';

/** Lines of COPY text joined into one chunk written to the socket. */
const CHUNK_LINES = 500;

/** Rows encoded between two turns of the event loop in {@link CopyBatchWriter.prepare}. */
const ENCODE_SLICE_ROWS = 1_000;

/** A COPY statement of a batch as it goes to the socket: its SQL, its rows and their text in chunks. */
interface ChunkedStatement {
  sql: string;
  rows: number;
  chunks: string[];
}

/**
 * The default writer: one `COPY ... FROM STDIN` (text format) per batch, on
 * the batch's transaction, so the rows commit or roll back with the ledger
 * advance exactly as the repository writer's INSERTs do. Values are encoded
 * as those INSERTs would send them (see {@link CopyTableEncoder}), so both
 * writers give the same database byte for byte. A table COPY cannot write
 * (a column whose insert wraps the value in SQL, as PostGIS types do) goes
 * through the repository writer instead.
 */
export class CopyBatchWriter implements BatchWriter {
  readonly #encoders = new Map<string, CopyTableEncoder | null>();
  readonly #fallback = new RepositoryBatchWriter();

  async write(tx: BatchTransaction, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void> {
    const encoder = this.#encoder(table);
    if (!encoder) return this.#fallback.write(tx, table, rows);
    await writeChunked(tx, chunked(encoder.encode(rows)));
  }

  /**
   * Encodes the batch now, a slice of rows per turn of the event loop (the
   * batch before may be streaming meanwhile); the transaction then only
   * streams the ready chunks.
   */
  async prepare(table: PlannedTable, rows: readonly GeneratedRow[]): Promise<PreparedWrite> {
    const encoder = this.#encoder(table);
    if (!encoder) return (tx) => this.#fallback.write(tx, table, rows);
    const statements: CopyStatement[] = [];
    for (let start = 0; start < rows.length; start += ENCODE_SLICE_ROWS) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      // Slices encoded apart group into the same statements as the whole batch: consecutive ones with the same SQL merge.
      for (const statement of encoder.encode(rows.slice(start, start + ENCODE_SLICE_ROWS))) {
        const last = statements.at(-1);
        if (last && last.sql === statement.sql) for (const line of statement.lines) last.lines.push(line);
        else statements.push(statement);
      }
    }
    const ready = chunked(statements);
    return (tx) => writeChunked(tx, ready);
  }

  #encoder(table: PlannedTable): CopyTableEncoder | null {
    let encoder = this.#encoders.get(table.table);
    if (encoder === undefined) {
      encoder = CopyTableEncoder.unsupported(table.metadata, table.insertProperties) ? null : new CopyTableEncoder(table.metadata, table.insertProperties);
      this.#encoders.set(table.table, encoder);
    }
    return encoder;
  }
}

/** Encoded statements with their lines joined into socket-sized chunks. */
function chunked(statements: readonly CopyStatement[]): ChunkedStatement[] {
  return statements.map(({ sql, lines }) => {
    const chunks: string[] = [];
    for (let start = 0; start < lines.length; start += CHUNK_LINES) chunks.push(lines.slice(start, start + CHUNK_LINES).join(''));
    return { sql, rows: lines.length, chunks };
  });
}

/** Runs chunked COPY statements one after another on the batch's transaction. */
async function writeChunked(tx: BatchTransaction, statements: readonly ChunkedStatement[]): Promise<void> {
  for (const statement of statements) {
    if (!statement.sql.startsWith('COPY')) {
      await tx.query(statement.sql, [statement.rows]);
      continue;
    }
    await tx.copyFrom(statement.sql, statement.chunks);
  }
}
