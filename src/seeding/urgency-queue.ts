import type { BatchUrgency } from './batch-source';

/** The order in which work is begun: the most urgent first. */
const RANK: Readonly<Record<BatchUrgency, number>> = { now: 0, ahead: 1, later: 2 };

/** Work asked for and not begun. */
interface Pending {
  key: string;
  rank: number;
  /** Order of asking, among work of the same rank. */
  asked: number;
  begin(): void;
}

/**
 * Runs at most `slots` pieces of work at once, beginning the most urgent
 * of those waiting (see {@link BatchUrgency}), then the first asked for:
 * a batch source's own order for the batches a load asks for ahead, so that
 * a table's next batch is made before the first batch of a table that
 * cannot start yet. Work keyed alike (a batch's pieces) is hurried together.
 */
export class UrgencyQueue {
  readonly #slots: number;
  readonly #waiting: Pending[] = [];
  #asked = 0;
  #running = 0;

  constructor(slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error(`an urgency queue needs 1 slot or more, got ${slots}`);
    this.#slots = slots;
  }

  /** Runs `work` once a slot is free and no more urgent work, or work asked for before at its urgency, waits. */
  run<T>(key: string, urgency: BatchUrgency, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const begin = () => {
        this.#running++;
        let result: Promise<T>;
        try {
          result = work();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(resolve, reject).finally(() => {
          this.#running--;
          this.#beginNext();
        });
      };
      this.#waiting.push({ key, rank: RANK[urgency], asked: this.#asked++, begin });
      this.#beginNext();
    });
  }

  /** Work under `key` that has not begun is needed now. */
  hurry(key: string): void {
    for (const pending of this.#waiting) if (pending.key === key) pending.rank = RANK.now;
  }

  #beginNext(): void {
    while (this.#running < this.#slots && this.#waiting.length > 0) {
      let first = 0;
      for (let i = 1; i < this.#waiting.length; i++) {
        const pending = this.#waiting[i]!;
        const best = this.#waiting[first]!;
        if (pending.rank < best.rank || (pending.rank === best.rank && pending.asked < best.asked)) first = i;
      }
      this.#waiting.splice(first, 1)[0]!.begin();
    }
  }
}

/** The key of a batch of `table` from row `start`, for {@link UrgencyQueue}. */
export function batchKey(table: string, start: number): string {
  return `${table}\u0000${start}`;
}
