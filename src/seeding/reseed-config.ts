import type { Factory, FactoryEntity } from './define-factory';

/** Row counts by table name (or entity name). */
export type TableCounts = Record<string, number>;

/**
 * What `reseed.config.ts` exports: the entities to fill, one factory each, and
 * optional named presets of counts.
 */
export interface ReseedConfig {
  /** Entities to seed; each must also be among the DataSource's entities. */
  entities: FactoryEntity[];
  /** One factory per entity to fill. An entity without a factory is left alone. */
  factories: Factory[];
  /**
   * Named row counts. `small`, `medium` and `large` default to
   * {@link GENERIC_PRESET_ROWS} rows in every table when not given.
   */
  presets?: Record<string, TableCounts>;
}

/** Rows per table of the built-in presets for a config that does not define them. */
export const GENERIC_PRESET_ROWS: Readonly<Record<string, number>> = { small: 1_000, medium: 20_000, large: 200_000 };

/** The preset used when none is named. */
export const DEFAULT_PRESET = 'small';

/** Identity with types: `export default defineConfig({ entities, factories })` in reseed.config.ts. */
export function defineConfig(config: ReseedConfig): ReseedConfig {
  return config;
}
