import type { DataSource, DataSourceOptions } from 'typeorm';
import type { Factory, FactoryEntity } from './define-factory';
import type { DistributionConfig } from './distribution/distribution-config';

/** Row counts by table name (or entity name). */
export type TableCounts = Record<string, number>;

/**
 * What `reseed.config.ts` exports: the entities to fill, their factories, and
 * optional named presets of counts. Every field is optional once the app's
 * data source is known (`dataSource` here, or `--data-source`).
 */
export interface ReseedConfig {
  /**
   * The app's TypeORM data source: a path to its file (relative to the config
   * file; the same file `typeorm -d` takes), the DataSource itself, or its
   * options. The CLI connects through it (DATABASE_URL overrides its URL).
   * Default: `--data-source`, else DATABASE_URL with `entities`.
   */
  dataSource?: string | DataSource | DataSourceOptions;
  /**
   * Entities to seed; each must also be among the DataSource's entities.
   * Default: every entity of the DataSource that has a table of its own.
   */
  entities?: FactoryEntity[];
  /**
   * Factories: at most one per entity (and one join factory per @ManyToMany).
   * An entity without one is seeded from its metadata alone, and so is the
   * join table of a @ManyToMany between two seeded entities. Default: none.
   */
  factories?: Factory[];
  /**
   * Computed once per run before the plan (also on --resume), for values too
   * costly to make per row, e.g. one password hash shared by every user.
   * Factories read the result as `ctx.prepared`. It must be deterministic
   * (same output on every call) for the data to be reproducible; it is not
   * part of the config hash. Default: none.
   */
  prepare?(): Promise<Record<string, unknown>> | Record<string, unknown>;
  /**
   * Named row counts. `small`, `medium` and `large` default to
   * {@link GENERIC_PRESET_ROWS} rows in every table when not given.
   */
  presets?: Record<string, TableCounts>;
  /**
   * Placement on a Citus cluster: distributed tables, co-location, reference
   * tables. Applied on an empty schema, checked against the cluster's metadata
   * when the tables are distributed already, and used on any server to put a
   * co-located child on its parent's shard key (so the rows are the same on a
   * single server). Default: none (read from the cluster's metadata on Citus).
   */
  distribution?: DistributionConfig;
}

/** Rows per table of the built-in presets for a config that does not define them. */
export const GENERIC_PRESET_ROWS: Readonly<Record<string, number>> = { small: 1_000, medium: 20_000, large: 200_000 };

/** The preset used when none is named. */
export const DEFAULT_PRESET = 'small';

/** Identity with types: `export default defineConfig({ entities, factories })` in reseed.config.ts. */
export function defineConfig(config: ReseedConfig): ReseedConfig {
  return config;
}
