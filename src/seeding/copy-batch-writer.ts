import type { BatchTransaction } from './batch-transaction';
import type { BatchWriter } from './batch-writer';
import { CopyTableEncoder, type CopyStatement } from './copy-table-encoder';
import { RepositoryBatchWriter } from './repository-batch-writer';
import type { GeneratedRow } from './row-generator';
import type { PlannedTable } from './seed-plan';

/** Lines of COPY text joined into one chunk written to the socket. */
const CHUNK_LINES = 500;

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
    await writeCopyStatements(tx, encoder.encode(rows));
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

/** Runs encoded COPY statements one after another on the batch's transaction. */
export async function writeCopyStatements(tx: BatchTransaction, statements: readonly CopyStatement[]): Promise<void> {
  for (const statement of statements) {
    if (!statement.sql.startsWith('COPY')) {
      await tx.query(statement.sql, [statement.lines.length]);
      continue;
    }
    await tx.copyFrom(statement.sql, chunks(statement.lines));
  }
}

function* chunks(lines: readonly string[]): Generator<string> {
  for (let start = 0; start < lines.length; start += CHUNK_LINES) yield lines.slice(start, start + CHUNK_LINES).join('');
}
