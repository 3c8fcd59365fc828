import type { Faker } from '@faker-js/faker';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { kthDistinct } from '../kth-distinct';
import { RandomSource } from '../random-source';
import { hashString } from '../row-hash';
import { SeedInputError } from '../seed-input-error';
import { scatterRank } from '../zipf';
import { getPath, setPath } from './property-path';
import { GENERATED_REFERENCE_MS } from './select-generator';
import type { ColumnFill, ForeignKeyFill, PairFill, TableShape } from './table-shape';
import type { ValueState } from './value-generator';

/** Span of generated creation times before the reference date. */
const CREATED_SPAN_MS = 3 * 365 * 86_400_000;
const COLUMNS_STREAM = hashString('reseed:columns');
const PAIR_STREAM = hashString('reseed:pairs');

/** Parent keys, from the plan: what a child needs to point at row `index` of another table. */
export interface KeySource {
  /** Rows the run writes to `table`; undefined when the run does not seed it. */
  count(table: string): number | undefined;
  /** The value of the parent's `column` in its row `index`. */
  keyValue(table: string, index: number, column: ColumnMetadata): unknown;
}

/**
 * Fills in, for one table, what its factory left out: each plain column from
 * its generator, each foreign key with a parent chosen by its shape. Pure in
 * (seed, table, row index): it draws from its own stream of the row, so a
 * factory that draws more or less does not shift the generated columns. One
 * instance per table, reused for every row (no per-row random source).
 */
export class TableFiller {
  readonly #shape: TableShape;
  readonly #seed: number;
  readonly #tableKey: number;
  readonly #keys: KeySource;
  readonly #state: ValueState;
  readonly #pairStream = new RandomSource();
  readonly #drawOther: () => number;
  /** Column paths without a dot, for the quick all-set check; null for a nested path (checked the slow way). */
  readonly #flatPaths: readonly (string | null)[];
  #pairN = 0;
  #pairSkew: number | undefined;
  #createdMs = 0;
  #index = 0;
  #reseeded = false;

  constructor(shape: TableShape, seed: number, table: string, keys: KeySource, random: RandomSource, faker: Faker) {
    this.#shape = shape;
    this.#seed = seed;
    this.#tableKey = hashString(table);
    this.#keys = keys;
    this.#state = { random, faker, ordinal: 0 };
    this.#flatPaths = shape.columns.map((c) => (c.column.propertyPath.includes('.') ? null : c.column.propertyPath));
    this.#drawOther = () => {
      const n = this.#pairN;
      return this.#pairSkew === undefined ? Math.floor(this.#pairStream.next() * n) : scatterRank(this.#pairStream.zipf(n, this.#pairSkew), n, 5);
    };
  }

  /** Whether there is anything to fill at all (a table whose factory must set everything has none). */
  get empty(): boolean {
    return this.#shape.columns.length === 0 && this.#shape.foreignKeys.length === 0 && this.#shape.pairs.length === 0;
  }

  /** Completes `row` (row `index`, `ordinal` past the rows already there) in place. */
  fill(row: Record<string, unknown>, index: number, ordinal: number): void {
    // The common case, a factory that set everything, costs one lookup per column.
    const pairs = this.#shape.pairs;
    const fks = this.#shape.foreignKeys;
    const columns = this.#shape.columns;
    const flat = this.#flatPaths;
    let i = 0;
    for (; i < flat.length; i++) {
      const path = flat[i]!;
      if ((path === null ? undefined : row[path]) === undefined) break;
    }
    if (i === flat.length && this.#allForeignKeysSet(row)) return;
    this.#index = index;
    this.#state.ordinal = ordinal;
    this.#reseeded = false;
    for (let p = 0; p < pairs.length; p++) this.#fillPair(row, pairs[p]!, index);
    for (let f = 0; f < fks.length; f++) if (!isSet(row, fks[f]!)) this.#fillForeignKey(row, fks[f]!, index);
    for (let c = 0; c < columns.length; c++) {
      const fill = columns[c]!;
      if (getPath(row, fill.column.propertyPath) !== undefined) continue;
      setPath(row, fill.column.propertyPath, this.#value(fill));
    }
  }

  #allForeignKeysSet(row: Record<string, unknown>): boolean {
    const fks = this.#shape.foreignKeys;
    for (let f = 0; f < fks.length; f++) if (!isSet(row, fks[f]!)) return false;
    const pairs = this.#shape.pairs;
    for (let p = 0; p < pairs.length; p++) if (!isSet(row, pairs[p]!.owner) || !isSet(row, pairs[p]!.other)) return false;
    return true;
  }

  #random(): RandomSource {
    if (!this.#reseeded) {
      this.#state.random.reseedRow(this.#seed, this.#tableKey, this.#index, COLUMNS_STREAM);
      this.#reseeded = true;
      this.#createdMs = -1;
    }
    return this.#state.random;
  }

  #value(fill: ColumnFill): unknown {
    const random = this.#random();
    switch (fill.kind) {
      case 'value':
        if (fill.nullRatio > 0 && random.next() < fill.nullRatio) return null;
        return fill.generator.generate(this.#state);
      case 'created':
        return new Date(this.#created());
      case 'updated': {
        const created = this.#created();
        return new Date(created + Math.floor(random.next() * (GENERATED_REFERENCE_MS - created)));
      }
      case 'version':
        return 1;
      case 'deleted':
        return null;
      case 'discriminator':
        return random.pick(fill.values);
    }
  }

  /** The row's creation time: the update time of the same row comes after it. */
  #created(): number {
    if (this.#createdMs < 0) this.#createdMs = GENERATED_REFERENCE_MS - Math.floor(this.#random().next() * CREATED_SPAN_MS);
    return this.#createdMs;
  }

  #fillForeignKey(row: Record<string, unknown>, fk: ForeignKeyFill, index: number): void {
    if (fk.kind === 'tree' && index === 0 && fk.nullable) return setNull(row, fk);
    const n = this.#parentCount(fk);
    const random = this.#random();
    if (fk.nullRatio > 0 && random.next() < fk.nullRatio) return setNull(row, fk);
    let parent: number;
    switch (fk.kind) {
      case 'tree':
        // An earlier row of the same table (row 0 of a NOT NULL tree points at itself).
        parent = index === 0 ? 0 : Math.floor(random.next() * Math.min(index, n));
        break;
      case 'distinct':
        if (index >= n) throw new SeedInputError(`${fk.label} needs a different ${fk.parentTable} row for each row, and ${fk.parentTable} has only ${n}`);
        parent = scatterRank(index, n, this.#tableKey % n);
        break;
      default:
        parent = fk.skew === undefined ? Math.floor(random.next() * n) : scatterRank(random.zipf(n, fk.skew), n, 3);
    }
    this.#setParent(row, fk, parent);
  }

  /** Row i: owner i mod owners, and that owner's (i div owners)-th distinct other parent. */
  #fillPair(row: Record<string, unknown>, pair: PairFill, index: number): void {
    const ownerSet = isSet(row, pair.owner);
    const otherSet = isSet(row, pair.other);
    if (ownerSet && otherSet) return;
    const owners = this.#parentCount(pair.owner);
    const others = this.#parentCount(pair.other);
    const self = pair.owner.parentTable === pair.other.parentTable;
    const owner = index % owners;
    const k = Math.floor(index / owners);
    const limit = self ? others - 1 : others;
    if (k >= limit) throw new SeedInputError(`${pair.owner.label} and ${pair.other.label} have only ${owners * limit} distinct pairs; row ${index + 1} would repeat one`);
    this.#pairStream.reseedRow(this.#seed, this.#tableKey, owner, PAIR_STREAM);
    this.#pairN = others;
    this.#pairSkew = pair.other.skew;
    const other = kthDistinct(k, others, this.#drawOther, self ? owner : -1);
    if (!ownerSet) this.#setParent(row, pair.owner, owner);
    if (!otherSet) this.#setParent(row, pair.other, other);
  }

  #parentCount(fk: ForeignKeyFill): number {
    const n = this.#keys.count(fk.parentTable);
    if (n === undefined) {
      throw new SeedInputError(
        `${fk.label} references ${fk.parentTable}, which this run does not seed, and the factory does not set it: ` +
          `add its entity to the config's entities, or set ${fk.label.split('.').pop()} in the factory${fk.nullable ? ' (null to leave it empty)' : ''}`,
      );
    }
    if (n === 0) {
      throw new SeedInputError(`${fk.label} needs a ${fk.parentTable} row, and the run writes none: give ${fk.parentTable} a count above 0${fk.nullable ? `, or set ${fk.label.split('.').pop()} to null in the factory` : ''}`);
    }
    return n;
  }

  #setParent(row: Record<string, unknown>, fk: ForeignKeyFill, parent: number): void {
    const { columns, referencedColumns } = fk.fk;
    for (let i = 0; i < columns.length; i++) {
      setPath(row, columns[i]!.propertyPath, this.#keys.keyValue(fk.parentTable, parent, referencedColumns[i]!));
    }
  }
}

function isSet(row: Record<string, unknown>, fk: ForeignKeyFill): boolean {
  const paths = fk.setPaths;
  for (let i = 0; i < paths.length; i++) if (getPath(row, paths[i]!) !== undefined) return true;
  return false;
}

function setNull(row: Record<string, unknown>, fk: ForeignKeyFill): void {
  for (const column of fk.fk.columns) setPath(row, column.propertyPath, null);
}
