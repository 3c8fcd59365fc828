import { withReconnect, type DataSourceManager } from '../connection';
import type { BatchWriter } from './batch-writer';
import type { GeneratedRow, RowGenerator } from './row-generator';
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

/** A batch being generated: rows [start, start + count). */
interface Prefetch {
  start: number;
  result: Promise<{ rows: GeneratedRow[]; generateMs: number }>;
}

/**
 * Writes the table's remaining rows batch by batch. Each batch is generated
 * from its row indexes, then inserted in one transaction that also advances
 * the ledger from `done` to `done + n`. After a lost connection the manager
 * recreates the DataSource and the ledger decides: if the batch committed
 * (only its acknowledgement was lost) the loop moves on, else it is redone.
 * The next batch is generated while the current one is written; it is
 * dropped if the ledger says the run is elsewhere. Stops between batches when
 * the signal aborts.
 */
export async function loadTable(options: LoadTableOptions): Promise<TableReport> {
  const { manager, ledger, writer, generator, runId, table, signal, onProgress } = options;
  const started = performance.now();
  const report: TableReport = { table: table.table, rows: 0, elapsedMs: 0, rowsPerSec: 0, generateMs: 0, writeMs: 0 };
  let done = options.done;
  if (done >= table.count) return report;
  onProgress({ type: 'table-start', table: table.table, target: table.count, done });
  const prefetch = (start: number): Prefetch | undefined => {
    if (start >= table.count) return undefined;
    const result = generator.batchInterleaved(table.table, start, Math.min(table.batchSize, table.count - start));
    result.catch(() => undefined); // awaited when used; a dropped one must not be an unhandled rejection
    return { start, result };
  };
  let next = prefetch(done);
  let reread = false;
  while (done < table.count && !signal?.aborted) {
    const current = next?.start === done ? next : prefetch(done)!;
    const { rows, generateMs } = await current.result;
    report.generateMs += generateMs;
    const from = done;
    const n = rows.length;
    const writing = performance.now();
    const write = withReconnect(
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
      { signal, onRetry: () => (reread = true) },
    );
    next = prefetch(from + n);
    const committed = await write;
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
