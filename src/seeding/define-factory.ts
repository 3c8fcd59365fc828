import type { Faker } from '@faker-js/faker';
import type { EntitySchema, ObjectType } from 'typeorm';
import type { RandomSource } from './random-source';

/** An entity a factory fills: its class or its EntitySchema. */
export type FactoryEntity<T = any> = ObjectType<T> | EntitySchema<T>;

/** One row as the factory returns it: column properties by property name (relations are not needed). */
export type FactoryRow<T> = { [K in keyof T]?: T[K] };

/** What a factory knows about a parent table of the same run. */
export interface ParentRef {
  /** Database table name. */
  readonly table: string;
  /** Rows this run writes to it. */
  readonly count: number;
  /** Id of its row 0; ids are consecutive. Undefined when it has no single generated id. */
  readonly idStart: number | undefined;
  /** Id of its row `index` (0-based). */
  id(index: number): number;
}

/** Everything a factory may use to build row `index`; nothing else, so the row is a pure function of it. */
export interface FactoryContext {
  /** The run's seed. */
  readonly seed: number;
  /** Database table name. */
  readonly table: string;
  /** Row index in this run, from 0. */
  readonly index: number;
  /** Explicit primary key of the row (idStart + index) when the table has a single generated id; else undefined. */
  readonly id: number | undefined;
  /** Random source seeded from (seed, table, index); faker draws from the same stream. */
  readonly random: RandomSource;
  /** A faker instance whose randomizer is `random`. Pinned faker version: an upgrade may change the data. */
  readonly faker: Faker;
  /** Count and id mapping of another table of the run, by table name or entity. */
  ref(target: string | FactoryEntity): ParentRef;
  /**
   * A fresh random source for a named stream of any row: lets a child derive a
   * parent's value (say its creation time) without reading it back.
   */
  randomFor(table: string, index: number, stream: string): RandomSource;
}

/** Row counts of the run by table name; what `maxRows` reasons about. */
export interface CountLookup {
  count(target: string | FactoryEntity): number;
}

/** How one entity's rows are made. */
export interface Factory<T = any> {
  readonly entity: FactoryEntity<T>;
  /**
   * Bump when the factory's output changes: it is part of the config hash, so
   * a changed factory never resumes a run started by the old one. Default 1.
   */
  readonly version: number;
  /** Most rows the factory can make distinct (join tables). Default: unlimited. */
  maxRows?(counts: CountLookup): number;
  /** Builds row `ctx.index`. Must be pure: same context, same row. */
  build(ctx: FactoryContext): FactoryRow<T>;
}

/** Options of {@link defineFactory}. */
export interface DefineFactoryOptions {
  /** See {@link Factory.version}. Default 1. */
  version?: number;
  /** See {@link Factory.maxRows}. Default: unlimited. */
  maxRows?(counts: CountLookup): number;
}

const DEFAULT_FACTORY_VERSION = 1;

/** Declares how rows of `entity` are made; typed by the entity's properties. */
export function defineFactory<T>(
  entity: FactoryEntity<T>,
  build: (ctx: FactoryContext) => FactoryRow<T>,
  options: DefineFactoryOptions = {},
): Factory<T> {
  return { entity, build, version: options.version ?? DEFAULT_FACTORY_VERSION, maxRows: options.maxRows };
}
