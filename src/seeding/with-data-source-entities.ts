import type { DataSource } from 'typeorm';
import { defaultFactory } from './default-factory';
import type { Factory, FactoryEntity } from './define-factory';
import type { ReseedConfig } from './reseed-config';

/** A config whose entities and factories are both settled. */
export type CompleteConfig = ReseedConfig & { entities: FactoryEntity[]; factories: Factory[] };

/**
 * A config with its entities settled: as given, or, when it names none, every
 * table of the DataSource (entities, then join tables by their table name;
 * views left out), each without a factory of its own given the
 * {@link defaultFactory}.
 */
export function withDataSourceEntities(config: ReseedConfig, dataSource: DataSource): CompleteConfig {
  const factories = config.factories ?? [];
  if (config.entities) return { ...config, entities: config.entities, factories };
  const entities: FactoryEntity[] = [];
  const filled = [...factories];
  for (const metadata of dataSource.entityMetadatas) {
    if (metadata.tableType === 'view') continue;
    // A join table has no class: the entity is its name, which the DataSource finds it by.
    const entity: FactoryEntity = metadata.tableType === 'junction' ? metadata.name : (metadata.target as FactoryEntity);
    entities.push(entity);
    const hasFactory = factories.some((f) => dataSource.hasMetadata(f.entity) && dataSource.getMetadata(f.entity) === metadata);
    if (!hasFactory) filled.push(defaultFactory(entity));
  }
  return { ...config, entities, factories: filled };
}
