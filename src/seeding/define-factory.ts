import type { Faker } from '@faker-js/faker';
import type { EntitySchema, ObjectType } from 'typeorm';
import type { RandomSource } from './random-source';

/** An entity a factory fills: its class or its EntitySchema. */
export type FactoryEntity<T = any> = ObjectType<T> | EntitySchema<T>;

/**
 * One row as the factory returns it, by property name. A relation may be set
 * by its property (`author: users.id(i)` or `author: { id }`) or by its join
 * column's property; `null` leaves a nullable one empty.
 */
export type FactoryRow<T> = { [K in keyof T]?: T[K] | RelationValue<T[K]> | null };

/** What a relation (or embedded) property accepts in a factory row: the parent's key, or an object holding it. */
export type RelationValue<V> = V extends readonly unknown[] | Date | Buffer ? never : V extends object ? string | number | FactoryRow<V> : never;

/**
 * The type of an entity's key as `ref(...).id(i)` and `ctx.id` give it: the
 * type of its `id` property when it has one (number, or string for a uuid),
 * else `unknown` (a natural or composite key).
 */
export type KeyOf<T> = T extends { id: infer K } ? K : unknown;

/** What a factory knows about a parent table of the same run. */
export interface ParentRef<K = unknown> {
  /** Database table name. */
  readonly table: string;
  /** Rows this run writes to it. */
  readonly count: number;
  /** Id of row 0 when the key is a number the engine assigns (ids are consecutive); else undefined. */
  readonly idStart: number | undefined;
  /**
   * Key of its row `index` (0-based): idStart + index for a numeric key, the
   * row's deterministic uuid for a uuid key, the factory's value for a
   * natural key, an object by property for a composite key.
   */
  id(index: number): K;
}

/** Everything a factory may use to build row `index`; nothing else, so the row is a pure function of it. */
export interface FactoryContext<K = unknown> {
  /** The run's seed. */
  readonly seed: number;
  /** Database table name. */
  readonly table: string;
  /** Row index in this run, from 0. */
  readonly index: number;
  /**
   * Key the engine assigns to the row: idStart + index for a numeric key, a
   * deterministic uuid (v4 layout, from seed, table and row) for a uuid key;
   * undefined for natural and composite keys (the factory or the engine's
   * unique generators fill those).
   */
  readonly id: K | undefined;
  /** Random source seeded from (seed, table, index); faker draws from the same stream. */
  readonly random: RandomSource;
  /** A faker instance whose randomizer is `random`. Pinned faker version: an upgrade may change the data. */
  readonly faker: Faker;
  /** Count and key mapping of another table of the run, by table name or entity. */
  ref<P>(target: FactoryEntity<P>): ParentRef<KeyOf<P>>;
  /** By table name the key's type is not known: numbers or uuid strings as the table's key is. */
  ref(target: string): ParentRef<any>;
  /** What the config's `prepare` step returned (computed once per run), or {} without one. */
  readonly prepared: Readonly<Record<string, unknown>>;
  /**
   * A random source for a named stream of any row: lets a child derive a
   * parent's value (say its creation time) without reading it back. Valid
   * until the factory returns (sources are reused from row to row).
   */
  randomFor(table: string, index: number, stream: string): RandomSource;
}

/** Row counts of the run by table name; what `maxRows` reasons about. */
export interface CountLookup {
  count(target: string | FactoryEntity): number;
}

/** How the engine fills a relation the factory leaves out. */
export interface RelationFillOptions {
  /**
   * Power-law exponent of the parent choice (1 is classic Zipf: a few parents
   * get most children). Default: uniform.
   */
  skew?: number;
  /** Share of rows left NULL (nullable relations only), 0 to 1. Default 0: always a parent. */
  nullRatio?: number;
}

/** How one entity's rows are made. */
export interface Factory<T = any> {
  readonly entity: FactoryEntity<T>;
  /** For a join factory: the @ManyToMany property of `entity` whose join table it fills. */
  readonly joinRelation?: string;
  /** Relations the engine fills, by relation property: parent choice and NULL share. Default: uniform, no NULL. */
  readonly relations?: Readonly<Record<string, RelationFillOptions>>;
  /**
   * Columns (property or column names) reseed generates no value for: a row
   * whose factory leaves one out gets the column's database default (a value
   * the factory returns is written as usual); `true`: every column that has
   * a default. Default: none (a generated value keeps the run reproducible).
   */
  readonly useDefaults?: readonly string[] | true;
  /**
   * Bump when the factory's output changes: it is part of the config hash, so
   * a changed factory never resumes a run started by the old one. Default 1.
   */
  readonly version: number;
  /** Most rows the factory can make distinct (join tables). Default: unlimited. */
  maxRows?(counts: CountLookup): number;
  /**
   * Builds row `ctx.index`. Must be pure: same context, same row. Any column
   * or relation it leaves out is filled from the entity's metadata.
   */
  build(ctx: FactoryContext<KeyOf<T>>): FactoryRow<T>;
}

/** Options of {@link defineFactory}. */
export interface DefineFactoryOptions {
  /** See {@link Factory.version}. Default 1. */
  version?: number;
  /** See {@link Factory.maxRows}. Default: unlimited. */
  maxRows?(counts: CountLookup): number;
  /** See {@link Factory.relations}. */
  relations?: Readonly<Record<string, RelationFillOptions>>;
  /** See {@link Factory.useDefaults}. */
  useDefaults?: readonly string[] | true;
}

const DEFAULT_FACTORY_VERSION = 1;

/**
 * Declares how rows of `entity` are made; typed by the entity's properties.
 * `build` may return only the columns it cares about (or nothing): the rest
 * is generated from the entity's metadata.
 */
export function defineFactory<T>(
  entity: FactoryEntity<T>,
  build: (ctx: FactoryContext<KeyOf<T>>) => FactoryRow<T> = () => ({}),
  options: DefineFactoryOptions = {},
): Factory<T> {
  return {
    entity,
    build,
    version: options.version ?? DEFAULT_FACTORY_VERSION,
    maxRows: options.maxRows,
    relations: options.relations,
    useDefaults: options.useDefaults,
  };
}
