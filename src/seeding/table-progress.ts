import type { LedgerRun } from './ledger/ledger-run';
import type { PlannedTable, SeedPlan } from './seed-plan';
import type { TableReport } from './seed-report';

/**
 * What this call did per table. Rows are counted from the ledger (rows_done
 * now minus rows_done when the run was opened), so a batch whose commit
 * acknowledgement was lost, or one a crash took back and that was loaded
 * again, counts exactly once.
 */
export class TableProgress {
  readonly #initial = new Map<string, number>();
  readonly #done = new Map<string, number>();
  readonly #timing = new Map<string, TableReport>();

  start(run: LedgerRun): void {
    for (const t of run.tables) {
      this.#initial.set(t.table, t.done);
      this.#done.set(t.table, t.done);
    }
  }

  observe(run: LedgerRun): void {
    for (const t of run.tables) this.#done.set(t.table, t.done);
  }

  done(table: string): number {
    return this.#done.get(table) ?? 0;
  }

  /** Every table up to `next` (all when undefined) has been reached by the load and belongs in the report. */
  reach(plan: SeedPlan, next: PlannedTable | undefined): void {
    for (const t of plan.tables) {
      if (!this.#timing.has(t.table)) this.#timing.set(t.table, { table: t.table, rows: 0, elapsedMs: 0, rowsPerSec: 0, generateMs: 0, writeMs: 0 });
      if (t === next) return;
    }
  }

  add(report: TableReport, done: number): void {
    const timing = this.#timing.get(report.table)!;
    timing.elapsedMs += report.elapsedMs;
    timing.generateMs += report.generateMs;
    timing.writeMs += report.writeMs;
    this.#done.set(report.table, done);
  }

  reports(plan: SeedPlan): TableReport[] {
    return plan.tables.map((t) => this.report(t.table)).filter((r): r is TableReport => r !== undefined);
  }

  /** What this call did for one table so far, undefined when the load has not reached it. */
  report(table: string): TableReport | undefined {
    const timing = this.#timing.get(table);
    if (!timing) return undefined;
    const rows = Math.max(0, this.done(table) - (this.#initial.get(table) ?? 0));
    return { ...timing, rows, rowsPerSec: timing.elapsedMs > 0 ? Math.round((rows * 1000) / timing.elapsedMs) : 0 };
  }
}
