import type { DataSource, EntityMetadata } from 'typeorm';

/**
 * The DataSource an entity's metadata belongs to: `dataSource` in TypeORM
 * 1.x, `connection` in 0.3.x (reseed supports both as its peer).
 */
export function dataSourceOf(metadata: EntityMetadata): DataSource {
  const { dataSource, connection } = metadata as unknown as { dataSource?: DataSource; connection?: DataSource };
  return (dataSource ?? connection)!;
}
