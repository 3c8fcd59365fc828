import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { databaseTargetFromEnv } from './src/connection/database-url';
import { exampleEntities } from './src/entities';
import { migrations } from './migrations';

/**
 * DataSource options of the example schema, from DATABASE_URL or the PG*
 * variables (libpq defaults when neither is set). Used by the TypeORM CLI for
 * migrations and by `npm run seed`.
 */
export function dataSourceOptions(env: NodeJS.ProcessEnv = process.env): PostgresDataSourceOptions {
  const target = databaseTargetFromEnv(env);
  return {
    type: 'postgres',
    host: target?.host ?? 'localhost',
    port: target?.port ?? 5432,
    username: target?.user ?? 'postgres',
    password: target?.password,
    database: target?.database ?? 'postgres',
    ssl: target?.ssl ? { rejectUnauthorized: false } : undefined,
    entities: exampleEntities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
  };
}

export default new DataSource(dataSourceOptions());
