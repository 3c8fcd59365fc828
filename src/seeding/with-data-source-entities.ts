import type { DataSource } from 'typeorm';
import type { FactoryEntity } from './define-factory';
import type { ReseedConfig } from './reseed-config';

/** A config whose entities are settled. */
export type ConfigWithEntities = ReseedConfig & { entities: FactoryEntity[] };

/**
 * A config with its entities settled: as given, or, when it names none (zero
 * configuration), every entity of the DataSource that has a table of its
 * own: not views, join tables (the planner adds those of the seeded
 * @ManyToMany relations) or children of a single-table hierarchy.
 */
export function withDataSourceEntities(config: ReseedConfig, dataSource: DataSource): ConfigWithEntities {
  if (config.entities) return config as ConfigWithEntities;
  const entities = dataSource.entityMetadatas
    .filter((m) => m.tableType === 'regular' || m.tableType === 'closure')
    .map((m) => m.target as FactoryEntity);
  return { ...config, entities };
}
