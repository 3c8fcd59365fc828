import type { BatchSource, BatchSourceOpener, BatchUrgency, PreparedBatch } from './batch-source';
import type { BatchWriter } from './batch-writer';
import { ENCODE_SLICE_ROWS } from './copy-table-encoder';
import { RowGenerator, type GeneratedRow } from './row-generator';
import type { PlannedTable } from './seed-plan';
import { batchKey, UrgencyQueue } from './urgency-queue';

/**
 * Batches generated on the main thread, in slices with turns of the event
 * loop between them, encoded ahead when the writer can (each slice as it is
 * made with BatchWriter.prepareSliced, else the batch with prepare), and
 * written by `writer`: one batch is made while the one before it is written.
 * Batches are made one at a time (one thread makes them all: making two at
 * once, slice by slice, would only make the one needed first later), the
 * most urgent of those asked for first, then in the order they were asked
 * for: a table's next batch goes before the first batch of a table that
 * cannot start yet (the medium preset's tags, loading beside users, waited
 * 220 ms behind the first batches of posts and post_tags).
 */
export class InThreadBatchSource implements BatchSource {
  readonly lookahead = 1;
  readonly #generator: RowGenerator;
  readonly #writer: BatchWriter;
  /** One batch at a time, the most urgent first. */
  readonly #queue = new UrgencyQueue(1);

  constructor(generator: RowGenerator, writer: BatchWriter) {
    this.#generator = generator;
    this.#writer = writer;
  }

  prepare(table: PlannedTable, start: number, count: number, urgency: BatchUrgency = 'now'): Promise<PreparedBatch> {
    return this.#queue.run(batchKey(table.table, start), urgency, () => this.#make(table, start, count));
  }

  hurry(table: PlannedTable, start: number): void {
    this.#queue.hurry(batchKey(table.table, start));
  }

  async #make(table: PlannedTable, start: number, count: number): Promise<PreparedBatch> {
    const slices = this.#slices(table.table, start, count);
    if (this.#writer.prepareSliced) {
      const write = await this.#writer.prepareSliced(table, slices.rows);
      return { rows: count, generateMs: slices.busyMs(), write };
    }
    const rows: GeneratedRow[] = [];
    for await (const slice of slices.rows) for (const row of slice) rows.push(row);
    if (!this.#writer.prepare) return { rows: rows.length, generateMs: slices.busyMs(), write: (tx) => this.#writer.write(tx, table, rows) };
    const encoding = performance.now();
    const write = await this.#writer.prepare(table, rows);
    // Encoding counts as generation, as it does in a worker (here with the turns of the event loop between its slices).
    return { rows: rows.length, generateMs: slices.busyMs() + performance.now() - encoding, write };
  }

  /**
   * Rows [start, start + count) in slices of ENCODE_SLICE_ROWS, each made
   * after a turn of the event loop (a batch being written meanwhile gets its
   * I/O served) once the writer has done with the one before. busyMs: time
   * spent making the slices and, between two, in the writer's work on them
   * (encoding counts as generation, as it does in a worker).
   */
  #slices(table: string, start: number, count: number): { rows: AsyncIterable<readonly GeneratedRow[]>; busyMs(): number } {
    const generator = this.#generator;
    let busyMs = 0;
    async function* rows(): AsyncGenerator<readonly GeneratedRow[]> {
      for (let done = 0; done < count; ) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const started = performance.now();
        const slice = generator.batch(table, start + done, Math.min(ENCODE_SLICE_ROWS, count - done));
        done += slice.length;
        yield slice;
        // Resumed when the writer asks for the next slice: it has just worked on this one.
        busyMs += performance.now() - started;
      }
    }
    return { rows: rows(), busyMs: () => busyMs };
  }
}

/** The default {@link BatchSourceOpener}: batches generated on the main thread for the writer. */
export const inThreadBatches: BatchSourceOpener = async (plan, writer, prepared) => ({
  source: new InThreadBatchSource(new RowGenerator(plan.seed, plan.tables, prepared), writer),
  where: 'main thread',
  workers: 0,
  close: async () => undefined,
});
