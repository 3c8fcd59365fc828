import type { Faker } from '@faker-js/faker';
import { speedUpLorem } from './fast-lorem';
import { speedUpTemplates } from './fast-templates';
import { speedUpUsername } from './fast-username';
import { ENGLISH, EnglishFaker } from './english-faker';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { getPath } from './columns/property-path';
import { rowUuid } from './columns/row-uuid';
import { TableFiller, type KeySource } from './columns/table-filler';
import type { FactoryContext, FactoryEntity, ParentRef } from './define-factory';
import { RandomSource } from './random-source';
import { hashString } from './row-hash';
import type { PlannedTable } from './seed-plan';
import type { Placement } from './distribution/plan-distribution';
import { SeedInputError } from './seed-input-error';
import { FactoryError } from './factory-error';
import { ReseedError } from '../errors';

/** The part of a planned table that generation needs. */
export type GeneratedTable = Pick<PlannedTable, 'table' | 'factoryLabel' | 'count' | 'idStart' | 'idProperty' | 'keyKind' | 'factory' | 'shape' | 'metadata' | 'placements'>;

/** Per-table state reused for every row: the context handed to the factory and the filler. */
interface TableState {
  readonly planned: GeneratedTable;
  readonly tableKey: number;
  readonly ctx: { -readonly [K in keyof FactoryContext]: FactoryContext[K] };
  readonly filler: TableFiller;
}

/** Parent values remembered per placement before the cache starts over (memory stays flat). */
const PLACEMENT_CACHE_ROWS = 50_000;

/** A generated row: property paths to values, ready for an insert. */
export type GeneratedRow = Record<string, unknown>;

/**
 * Makes rows of the planned tables as pure functions of (seed, table, row
 * index): every row re-seeds one random source from a hash of the three, and
 * one faker instance draws from it. Batches are made on demand, so memory
 * stays flat whatever the table size.
 */
export class RowGenerator implements KeySource {
  readonly #seed: number;
  readonly #tables: Map<string, GeneratedTable>;
  readonly #prepared: Readonly<Record<string, unknown>>;
  readonly #refs = new Map<string, ParentRef>();
  readonly #states = new Map<string, TableState>();
  readonly #random = new RandomSource();
  readonly #faker: Faker;
  /** randomFor's sources, reused row after row: the row's k-th call gets the k-th. */
  readonly #streams: RandomSource[] = [];
  #streamsUsed = 0;
  /** hashString of table and stream names, computed once per name. */
  readonly #keys = new Map<string, number>();
  /** Recomputes parent rows (natural and composite keys) without disturbing this generator's row in progress. */
  #side: RowGenerator | undefined;
  readonly #placed = new Map<Placement, Map<number, unknown>>();

  constructor(seed: number, tables: readonly GeneratedTable[], prepared: Readonly<Record<string, unknown>> = {}) {
    this.#seed = seed;
    this.#tables = new Map(tables.map((t) => [t.table, t]));
    this.#prepared = prepared;
    this.#faker = new EnglishFaker({ locale: ENGLISH, randomizer: this.#random });
    speedUpLorem(this.#faker, this.#random);
    speedUpTemplates(this.#faker);
    speedUpUsername(this.#faker);
  }

  /** Rows [start, start + count) of `table`, in index order. */
  batch(table: string, start: number, count: number): GeneratedRow[] {
    const planned = this.#table(table);
    const rows: GeneratedRow[] = new Array(count);
    for (let i = 0; i < count; i++) rows[i] = this.row(planned, start + i);
    return rows;
  }

  /** Row `index` of `planned`: the factory's row, completed from metadata. */
  row(planned: GeneratedTable, index: number): GeneratedRow {
    const state = this.#state(planned);
    const { ctx } = state;
    this.#random.reseedRow(this.#seed, state.tableKey, index);
    ctx.index = index;
    this.#streamsUsed = 0;
    ctx.id = this.#idOf(planned, index);
    let row: GeneratedRow;
    try {
      row = planned.factory.build(ctx) as GeneratedRow;
    } catch (error) {
      throw error instanceof ReseedError ? error : new FactoryError(planned.factoryLabel, planned.table, index, error);
    }
    if (planned.idProperty !== undefined && row[planned.idProperty] === undefined) row[planned.idProperty] = ctx.id;
    if (!state.filler.empty) state.filler.fill(row, index, (planned.idStart ?? 1) + index);
    // Last: a co-located child takes its parent's distribution value (Citus), whoever picked the parent.
    for (const placement of planned.placements ?? []) row[placement.targetProperty] = this.#parentValue(planned.table, placement, row[placement.keyProperty]);
    return row;
  }

  /**
   * The distribution value of the parent row a child names by id: the
   * parent's row is a pure function of its index, so it is made again (by the
   * side generator, leaving this row alone) rather than read back, and the
   * child lands on its parent's shard.
   */
  #parentValue(child: string, placement: Placement, key: unknown): unknown {
    const parent = this.#table(placement.parent);
    const index = Number(key) - (parent.idStart ?? 1);
    if (!Number.isInteger(index) || index < 0 || index >= parent.count) {
      throw new SeedInputError(`the factory of "${child}" sets ${placement.keyProperty} = ${String(key)}, which is not a row of "${parent.table}" in this run`);
    }
    let cache = this.#placed.get(placement);
    if (!cache || cache.size >= PLACEMENT_CACHE_ROWS) this.#placed.set(placement, (cache = new Map()));
    if (!cache.has(index)) {
      this.#side ??= new RowGenerator(this.#seed, [...this.#tables.values()], this.#prepared);
      cache.set(index, this.#side.row(parent, index)[placement.parentProperty]);
    }
    return cache.get(index);
  }

  /** {@link KeySource}: rows of a planned table, undefined when not planned. */
  count(table: string): number | undefined {
    return this.#tables.get(table)?.count;
  }

  /** {@link KeySource}: the value of `column` in row `index` of `table`, computed, never read back. */
  keyValue(table: string, index: number, column: ColumnMetadata): unknown {
    const planned = this.#table(table);
    if (planned.idProperty !== undefined && column.propertyPath === planned.idProperty) return this.#idOf(planned, index);
    this.#side ??= new RowGenerator(this.#seed, [...this.#tables.values()], this.#prepared);
    const row = this.#side.row(planned, index);
    return column.getEntityValue(row) ?? getPath(row, column.propertyPath);
  }

  #idOf(planned: GeneratedTable, index: number): number | string | undefined {
    if (planned.idStart === undefined) return undefined;
    if (planned.keyKind === 'uuid') return rowUuid(this.#seed, hashString(planned.table), planned.idStart - 1 + index);
    return planned.idStart + index;
  }

  /** A random source for randomFor, none allocated per row (see FactoryContext.randomFor). */
  #stream(): RandomSource {
    let source = this.#streams[this.#streamsUsed];
    if (!source) {
      source = new RandomSource();
      this.#streams.push(source);
    }
    this.#streamsUsed += 1;
    return source;
  }

  #key(name: string): number {
    let key = this.#keys.get(name);
    if (key === undefined) {
      key = hashString(name);
      this.#keys.set(name, key);
    }
    return key;
  }

  #state(planned: GeneratedTable): TableState {
    let state = this.#states.get(planned.table);
    if (state?.planned !== planned) {
      const from = planned.table;
      const ctx: TableState['ctx'] = {
        seed: this.#seed,
        table: planned.table,
        index: 0,
        id: undefined,
        random: this.#random,
        faker: this.#faker,
        prepared: this.#prepared,
        ref: ((target: string | FactoryEntity) => this.#ref(target, from)) as FactoryContext['ref'],
        randomFor: (table, rowIndex, stream) => this.#stream().reseedRow(this.#seed, this.#key(table), rowIndex, this.#key(stream)),
      };
      const filler = new TableFiller(planned.shape, this.#seed, planned.table, this, this.#random, this.#faker);
      state = { planned, tableKey: hashString(planned.table), ctx, filler };
      this.#states.set(planned.table, state);
    }
    return state;
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
      const { count, table } = planned;
      const idStart = planned.keyKind === 'number' ? planned.idStart : undefined;
      const primary = planned.metadata.primaryColumns;
      ref = {
        table,
        count,
        idStart,
        id: (index: number) => {
          if (planned.idStart !== undefined) return this.#idOf(planned, index);
          if (primary.length === 1) return this.keyValue(table, index, primary[0]!);
          const key: Record<string, unknown> = {};
          for (const column of primary) key[column.propertyPath] = this.keyValue(table, index, column);
          return key;
        },
      };
      this.#refs.set(name, ref);
    }
    return ref;
  }

  #tableOf(entity: FactoryEntity, from: string): string {
    for (const t of this.#tables.values()) if ((t.factory.entity === entity && !t.factory.joinRelation) || t.metadata.target === entity) return t.table;
    throw new SeedInputError(`the factory of "${from}" references an entity the config does not seed`);
  }
}
