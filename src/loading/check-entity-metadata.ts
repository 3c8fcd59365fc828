import { DataSource, type EntityMetadata } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { SeedInputError } from '../seeding/seed-input-error';

/**
 * Builds the entity metadata of the data source's options without
 * connecting, so an entity TypeORM cannot describe (a column type it cannot
 * infer, a relation to an unknown entity) is one line naming the file
 * before anything is written.
 */
export async function checkEntityMetadata(options: PostgresDataSourceOptions, file: string): Promise<EntityMetadata[]> {
  const dataSource = new DataSource({ ...options, subscribers: [], migrations: [] });
  try {
    // buildMetadatas() is what initialize() runs after connecting; it needs no connection.
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new SeedInputError(
      `${file}: an entity's metadata cannot be built: ${message} (every column needs a type TypeORM can read: emitDecoratorMetadata in tsconfig.json, or a type in @Column())`,
      { cause: error },
    );
  }
  return dataSource.entityMetadatas;
}
