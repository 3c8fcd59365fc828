import type { BatchSource, BatchSourceOpener, PreparedBatch } from './batch-source';
import type { BatchWriter } from './batch-writer';
import { RowGenerator } from './row-generator';
import type { PlannedTable } from './seed-plan';

/**
 * Batches generated on the main thread, in chunks with turns of the event
 * loop between them (see RowGenerator.batchInterleaved), encoded ahead when
 * the writer can (BatchWriter.prepare), and written by `writer`: one batch
 * is made while the one before it is written.
 */
export class InThreadBatchSource implements BatchSource {
  readonly lookahead = 1;
  readonly #generator: RowGenerator;
  readonly #writer: BatchWriter;

  constructor(generator: RowGenerator, writer: BatchWriter) {
    this.#generator = generator;
    this.#writer = writer;
  }

  async prepare(table: PlannedTable, start: number, count: number): Promise<PreparedBatch> {
    const { rows, generateMs } = await this.#generator.batchInterleaved(table.table, start, count);
    if (!this.#writer.prepare) return { rows: rows.length, generateMs, write: (tx) => this.#writer.write(tx, table, rows) };
    const encoding = performance.now();
    const write = await this.#writer.prepare(table, rows);
    // Encoding counts as generation, as it does in a worker (here with the turns of the event loop between its slices).
    return { rows: rows.length, generateMs: generateMs + performance.now() - encoding, write };
  }
}

/** The default {@link BatchSourceOpener}: batches generated on the main thread for the writer. */
export const inThreadBatches: BatchSourceOpener = async (plan, writer, prepared) => ({
  source: new InThreadBatchSource(new RowGenerator(plan.seed, plan.tables, prepared), writer),
  where: 'main thread',
  close: async () => undefined,
});
