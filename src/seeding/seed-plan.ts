import type { EntityMetadata } from 'typeorm';
import type { TableShape } from './columns/table-shape';
import type { Factory } from './define-factory';
import type { Shard } from './shard';
import type { Placement, PlannedDistribution } from './distribution/plan-distribution';

/** One table of a plan: what will be written and how. */
export interface PlannedTable {
  /** Database table name. */
  readonly table: string;
  /** Entity (class or schema) name. */
  readonly entityName: string;
  /** Who makes its rows, for messages: `factory of Post`, `default factory of Tag`, `join factory of User.favorites`. */
  readonly factoryLabel: string;
  /** Rows to write. */
  readonly count: number;
  /** Property of the single numeric or uuid primary key the engine assigns; undefined for natural and composite keys. */
  readonly idProperty: string | undefined;
  /** Database column of that key. */
  readonly idColumn: string | undefined;
  /** What the engine assigns to that key: idStart + index, or a uuid from (seed, table, idStart - 1 + index). */
  readonly keyKind: 'number' | 'uuid' | undefined;
  /** Whether that key has a sequence to move past max(id) afterwards. */
  readonly hasSequence: boolean;
  /** Id of row 0 (1, or past max(id) when appending; for a uuid key the ordinal of row 0, past count(*)); undefined without an id. */
  readonly idStart: number | undefined;
  /** Id of the last row; undefined without an id or rows. */
  readonly idEnd: number | undefined;
  /** Property paths written by an insert, the id included. */
  readonly insertProperties: readonly string[];
  /** Bind parameters per row (= insertProperties.length). */
  readonly columns: number;
  /** Rows per batch: min(requested, floor(65535 / columns)). */
  readonly batchSize: number;
  readonly batches: number;
  /** Tables this one references, within the plan. */
  readonly parents: readonly string[];
  /** Average tuple size from sampled rows, in bytes. */
  readonly estimatedRowBytes: number;
  readonly estimatedBytes: number;
  /**
   * Database type of each column (by column name) as readCopyTypes names it:
   * what lets the COPY writer use the binary format. Read from the catalog
   * when the run opens; undefined in a plan made without a connection.
   */
  readonly copyTypes?: Readonly<Record<string, string>>;
  /** Rows [start, end) of the table this process writes (`--shard K/N`); undefined: all of them. */
  readonly shardRows?: { readonly start: number; readonly end: number };
  /** Parents whose distribution value this table's rows take (Citus co-location); none when absent. */
  readonly placements?: readonly Placement[];
  /** The factory; not printable. */
  readonly factory: Factory;
  /** TypeORM metadata of the entity (or of the join table); not printable. */
  readonly metadata: EntityMetadata;
  /** What the engine fills from metadata when the factory leaves it out; not printable. */
  readonly shape: TableShape;
}

/** A run's plan: tables in FK order (parents first), counts, id ranges, batch sizes, estimates. */
export interface SeedPlan {
  readonly seed: number;
  /** Preset the counts started from. */
  readonly preset: string;
  /** Whether ids start past the rows already there. */
  readonly append: boolean;
  readonly tables: readonly PlannedTable[];
  /** Said once per run: entity listeners and subscribers that bulk inserts skip, join tables that cannot be filled. */
  readonly notes: readonly string[];
  /** Which share of every table this process writes; the config hash is the same for every shard. */
  readonly shard?: Shard;
  /** Placement of the tables on a Citus cluster (empty when the config has none). */
  readonly distribution: readonly PlannedDistribution[];
  readonly totalRows: number;
  readonly estimatedBytes: number;
  /**
   * Hash of what determines the data: seed, per-table counts, columns and
   * factory versions, mode. Batch size and id offsets are not part of it.
   */
  readonly configHash: string;
}

/** The rows of `table` this process writes: [start, end), all of them unless the run is sharded. */
export function rowsToWrite(table: Pick<PlannedTable, 'count' | 'shardRows'>): { start: number; end: number; target: number } {
  const start = table.shardRows?.start ?? 0;
  const end = table.shardRows?.end ?? table.count;
  return { start, end, target: end - start };
}
