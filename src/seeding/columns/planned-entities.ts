import type { DataSource, EntityMetadata } from 'typeorm';
import { defineFactory, type Factory } from '../define-factory';
import type { ReseedConfig } from '../reseed-config';
import { SeedInputError } from '../seed-input-error';
import { withDataSourceEntities } from '../with-data-source-entities';

/** A table a run fills, and the factory that fills it (the config's, or the default). */
export interface PlannedEntity {
  factory: Factory;
  /** The entity's metadata, or the join table's. */
  metadata: EntityMetadata;
  /** `factory of Post`, `default factory of Tag`, `join factory of User.favorites`: for messages. */
  label: string;
  /** The discriminator every row gets, when the factory is for a child entity of a single-table hierarchy. */
  discriminatorValue?: string;
}

/**
 * The tables a config seeds: one per factory (a join factory fills its
 * @ManyToMany's join table), then every listed entity without one (filled
 * from metadata alone), then the join table of every @ManyToMany between
 * two seeded entities that no join factory fills. Notes say what cannot be
 * filled (a join table whose other side is not seeded).
 */
export function plannedEntities(dataSource: DataSource, given: ReseedConfig): { entries: PlannedEntity[]; notes: string[] } {
  const config = withDataSourceEntities(given, dataSource);
  const entries: PlannedEntity[] = [];
  const notes: string[] = [];
  const byTable = new Map<string, PlannedEntity>();
  const add = (entry: PlannedEntity) => {
    const table = entry.metadata.tableName;
    const other = byTable.get(table);
    if (other) throw new SeedInputError(`two factories fill "${table}" (${other.label}, ${entry.label}); keep one`);
    byTable.set(table, entry);
    entries.push(entry);
  };
  const listed = (metadata: EntityMetadata) => config.entities.some((e) => dataSource.hasMetadata(e) && dataSource.getMetadata(e) === metadata);
  for (const factory of config.factories ?? []) {
    if (!dataSource.hasMetadata(factory.entity)) {
      throw new SeedInputError(`a factory is for ${entityLabel(factory.entity)}, which is not among the DataSource's entities; add it to the DataSource options`);
    }
    const metadata = dataSource.getMetadata(factory.entity);
    if (!listed(metadata)) throw new SeedInputError(`the factory for "${metadata.tableName}" has no entry in the config's entities`);
    if (factory.joinRelation !== undefined) {
      add({ factory, metadata: junctionOf(metadata, factory.joinRelation), label: `join factory of ${metadata.name}.${factory.joinRelation}` });
    } else {
      const child = metadata.tableType === 'entity-child' ? metadata.discriminatorValue : undefined;
      add({ factory, metadata, label: `factory of ${metadata.name}`, discriminatorValue: child });
    }
  }
  for (const entity of config.entities) {
    if (!dataSource.hasMetadata(entity)) throw new SeedInputError(`${entityLabel(entity)} is in the config's entities but not among the DataSource's entities; add it to the DataSource options`);
    const metadata = dataSource.getMetadata(entity);
    // A child of a single-table hierarchy shares its table with the root: the table is planned once.
    if (byTable.has(metadata.tableName)) continue;
    const child = metadata.tableType === 'entity-child' ? metadata.discriminatorValue : undefined;
    add({ factory: defineFactory(entity), metadata, label: `default factory of ${metadata.name}`, discriminatorValue: child });
  }
  for (const entry of [...entries]) {
    for (const relation of entry.metadata.relations) {
      const junction = relation.junctionEntityMetadata;
      if (!relation.isManyToMany || !relation.isOwning || !junction || byTable.has(junction.tableName)) continue;
      const other = relation.inverseEntityMetadata.tableName;
      if (!byTable.has(other)) {
        notes.push(`${entry.metadata.name}.${relation.propertyPath}: join table ${junction.tableName} not filled, since ${other} is not seeded by this run`);
        continue;
      }
      add({ factory: { ...defineFactory(entry.metadata.target as never), joinRelation: relation.propertyPath }, metadata: junction, label: `default join factory of ${entry.metadata.name}.${relation.propertyPath}` });
    }
  }
  if (entries.length === 0) throw new SeedInputError('the config has no entities and no factories: nothing to seed');
  return { entries, notes };
}

function junctionOf(metadata: EntityMetadata, property: string): EntityMetadata {
  const relation = metadata.findRelationWithPropertyPath(property);
  if (!relation || !relation.isManyToMany) {
    const candidates = metadata.relations.filter((r) => r.isManyToMany && r.isOwning).map((r) => r.propertyPath);
    throw new SeedInputError(`${metadata.name}.${property} is not a @ManyToMany relation (join tables of ${metadata.name}: ${candidates.join(', ') || 'none'})`);
  }
  if (!relation.isOwning || !relation.junctionEntityMetadata) {
    throw new SeedInputError(`${metadata.name}.${property} is the inverse side of its @ManyToMany: give the join factory the side with @JoinTable (${relation.inverseEntityMetadata.name}.${relation.inverseRelation?.propertyPath ?? '?'})`);
  }
  return relation.junctionEntityMetadata;
}

function entityLabel(entity: unknown): string {
  if (typeof entity === 'function') return `entity ${entity.name}`;
  const options = (entity as { options?: { name?: string } }).options;
  return `entity ${options?.name ?? String(entity)}`;
}
