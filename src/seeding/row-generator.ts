import { base, en, Faker } from '@faker-js/faker';
import type { FactoryContext, FactoryEntity, ParentRef } from './define-factory';
import { RandomSource } from './random-source';
import { hashString } from './row-hash';
import type { PlannedTable } from './seed-plan';
import { SeedInputError } from './seed-input-error';

/** Rows generated between two turns of the event loop in {@link RowGenerator.batchInterleaved}. */
const INTERLEAVE_CHUNK_ROWS = 200;

/** The part of a planned table that generation needs. */
export type GeneratedTable = Pick<PlannedTable, 'table' | 'count' | 'idStart' | 'idProperty' | 'factory'>;

/** A generated row: property paths to values, ready for an insert. */
export type GeneratedRow = Record<string, unknown>;

/**
 * Makes rows of the planned tables as pure functions of (seed, table, row
 * index): every row re-seeds one random source from a hash of the three, and
 * one faker instance draws from it. Batches are made on demand, so memory
 * stays flat whatever the table size.
 */
export class RowGenerator {
  readonly #seed: number;
  readonly #tables: Map<string, GeneratedTable>;
  readonly #refs = new Map<string, ParentRef>();
  readonly #random = new RandomSource();
  readonly #faker: Faker;

  constructor(seed: number, tables: readonly GeneratedTable[]) {
    this.#seed = seed;
    this.#tables = new Map(tables.map((t) => [t.table, t]));
    this.#faker = new Faker({ locale: [en, base], randomizer: this.#random });
  }

  /** Rows [start, start + count) of `table`, in index order. */
  batch(table: string, start: number, count: number): GeneratedRow[] {
    const planned = this.#table(table);
    const rows: GeneratedRow[] = new Array(count);
    for (let i = 0; i < count; i++) rows[i] = this.row(planned, start + i);
    return rows;
  }

  /**
   * Same rows as {@link batch}, made in chunks with a turn of the event loop
   * between them, so a batch being written meanwhile gets its I/O served: the
   * next batch is generated while the server inserts the current one.
   * `generateMs` counts the time spent generating only.
   */
  async batchInterleaved(table: string, start: number, count: number, chunkRows = INTERLEAVE_CHUNK_ROWS): Promise<{ rows: GeneratedRow[]; generateMs: number }> {
    const planned = this.#table(table);
    const rows: GeneratedRow[] = new Array(count);
    let generateMs = 0;
    for (let done = 0; done < count; ) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const started = performance.now();
      const end = Math.min(count, done + chunkRows);
      for (; done < end; done++) rows[done] = this.row(planned, start + done);
      generateMs += performance.now() - started;
    }
    return { rows, generateMs };
  }

  /** Row `index` of `planned`. */
  row(planned: GeneratedTable, index: number): GeneratedRow {
    const tableKey = hashString(planned.table);
    const id = planned.idStart === undefined ? undefined : planned.idStart + index;
    this.#random.reseedRow(this.#seed, tableKey, index);
    const ctx: FactoryContext = {
      seed: this.#seed,
      table: planned.table,
      index,
      id,
      random: this.#random,
      faker: this.#faker,
      ref: (target) => this.#ref(target, planned.table),
      randomFor: (table, rowIndex, stream) => new RandomSource().reseedRow(this.#seed, hashString(table), rowIndex, hashString(stream)),
    };
    const row = planned.factory.build(ctx) as GeneratedRow;
    if (planned.idProperty !== undefined && row[planned.idProperty] === undefined) row[planned.idProperty] = id;
    return row;
  }

  #table(table: string): GeneratedTable {
    const planned = this.#tables.get(table);
    if (!planned) throw new SeedInputError(`table "${table}" is not in the plan`);
    return planned;
  }

  #ref(target: string | FactoryEntity, from: string): ParentRef {
    const name = typeof target === 'string' ? target : this.#tableOf(target, from);
    let ref = this.#refs.get(name);
    if (!ref) {
      const planned = this.#tables.get(name);
      if (!planned) throw new SeedInputError(`the factory of "${from}" references "${name}", which the config does not seed`);
      const { count, idStart, table } = planned;
      ref = { table, count, idStart, id: (index) => (idStart ?? 1) + index };
      this.#refs.set(name, ref);
    }
    return ref;
  }

  #tableOf(entity: FactoryEntity, from: string): string {
    for (const t of this.#tables.values()) if (t.factory.entity === entity) return t.table;
    throw new SeedInputError(`the factory of "${from}" references an entity the config does not seed`);
  }
}
