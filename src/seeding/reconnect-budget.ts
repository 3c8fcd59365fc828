import type { LedgerRun } from './ledger/ledger-run';

/**
 * Reconnects one seed() call may spend without progress. Every reconnect
 * spends one, whoever caused it; the budget starts over only when a ledger
 * read shows a table's rows_done above the highest value seen so far (so a
 * batch that a crash took back and that is loaded again is not counted as
 * progress twice, and the loop always ends: the high-water marks only rise,
 * up to the targets).
 */
export class ReconnectBudget {
  readonly max: number;
  #spent = 0;
  #lastError: unknown;
  readonly #high = new Map<string, number>();

  constructor(max: number) {
    this.max = max;
  }

  /** Reconnects since the ledger last showed progress. */
  get spent(): number {
    return this.#spent;
  }

  /** The error that caused the latest reconnect. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Marks the starting point (the run as opened): not progress. */
  start(run: LedgerRun): void {
    for (const t of run.tables) this.#high.set(t.table, Math.max(this.#high.get(t.table) ?? 0, t.done));
  }

  spend(error: unknown): void {
    this.#spent += 1;
    this.#lastError = error;
  }

  /** Records a fresh ledger read; progress resets the budget. */
  observe(run: LedgerRun): void {
    let grew = false;
    for (const t of run.tables) {
      if (t.done > (this.#high.get(t.table) ?? 0)) {
        this.#high.set(t.table, t.done);
        grew = true;
      }
    }
    if (grew) this.#spent = 0;
  }

  /** True when more than `max` reconnects came without progress: `max` redos did not help. */
  get exhausted(): boolean {
    return this.#spent > this.max;
  }
}
