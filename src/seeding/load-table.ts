import { withReconnect, type DataSourceManager } from '../connection';
import type { BatchWriter } from './batch-writer';
import type { RowGenerator } from './row-generator';
import type { SeedLedger } from './seed-ledger';
import type { PlannedTable } from './seed-plan';
import type { SeedProgressEvent } from './seed-progress-event';
import type { TableReport } from './seed-report';

/** What {@link loadTable} needs. */
export interface LoadTableOptions {
  manager: DataSourceManager;
  ledger: SeedLedger;
  writer: BatchWriter;
  generator: RowGenerator;
  runId: string;
  table: PlannedTable;
  /** rows_done of the table when the call starts (from the ledger). */
  done: number;
  signal?: AbortSignal;
  onProgress(event: SeedProgressEvent): void;
}

/** Thrown inside a batch transaction to roll it back when the ledger moved under us. */
class LedgerMoved extends Error {}

/**
 * Writes the table's remaining rows batch by batch. Each batch is generated
 * from its row indexes, then inserted in one transaction that also advances
 * the ledger from `done` to `done + n`. After a lost connection the manager
 * recreates the DataSource and the ledger decides: if the batch committed
 * (only its acknowledgement was lost) the loop moves on, else it is redone.
 * Stops early, between batches, when the signal aborts.
 */
export async function loadTable(options: LoadTableOptions): Promise<TableReport> {
  const { manager, ledger, writer, generator, runId, table, signal, onProgress } = options;
  const started = performance.now();
  const report: TableReport = { table: table.table, rows: 0, elapsedMs: 0, rowsPerSec: 0, generateMs: 0, writeMs: 0 };
  let done = options.done;
  if (done >= table.count) return report;
  onProgress({ type: 'table-start', table: table.table, target: table.count, done });
  let reread = false;
  while (done < table.count && !signal?.aborted) {
    const n = Math.min(table.batchSize, table.count - done);
    const generating = performance.now();
    const rows = generator.batch(table.table, done, n);
    const writing = performance.now();
    report.generateMs += writing - generating;
    const from = done;
    const committed = await withReconnect(
      manager,
      async (ds) => {
        if (reread) {
          const actual = await ledger.rowsDone(ds, runId, table.table);
          reread = false;
          if (actual !== from) return actual;
        }
        try {
          await ds.transaction(async (tx) => {
            await writer.write(tx, table, rows);
            if (!(await ledger.advance(tx, runId, table.table, from, from + n))) throw new LedgerMoved();
          });
        } catch (error) {
          if (!(error instanceof LedgerMoved)) throw error;
          return ledger.rowsDone(ds, runId, table.table);
        }
        return from + n;
      },
      { onRetry: () => (reread = true) },
    );
    report.writeMs += performance.now() - writing;
    report.rows += Math.max(0, committed - from);
    done = committed;
    const elapsedMs = performance.now() - started;
    onProgress({ type: 'batch', table: table.table, done, target: table.count, batchRows: n, rowsPerSec: rate(report.rows, elapsedMs), elapsedMs });
  }
  report.elapsedMs = performance.now() - started;
  report.rowsPerSec = rate(report.rows, report.elapsedMs);
  if (done >= table.count) onProgress({ type: 'table-done', table: table.table, rows: report.rows, elapsedMs: report.elapsedMs, rowsPerSec: report.rowsPerSec });
  return report;
}

function rate(rows: number, ms: number): number {
  return ms > 0 ? Math.round((rows * 1000) / ms) : 0;
}
