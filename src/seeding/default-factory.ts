import { defineFactory, type Factory, type FactoryEntity } from './define-factory';

/**
 * The factory of an entity that has none (zero configuration: entities from
 * the data source): it sets no property itself, so every column comes from
 * the entity's metadata (the row generator's values for columns a factory
 * leaves out) or from the column's database default.
 */
export function defaultFactory<T>(entity: FactoryEntity<T>): Factory<T> {
  return defineFactory(entity, () => ({}));
}
