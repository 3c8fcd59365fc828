import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { migrations } from '../migrations';
import { databaseTargetFromEnv } from './connection/database-url';
import { exampleEntities } from './entities';

/**
 * DataSource options of the example schema (entities and migrations), from
 * DATABASE_URL or the PG* variables (libpq defaults when neither is set).
 * ormconfig.ts exports a DataSource built from these for the TypeORM CLI.
 */
export function exampleDataSourceOptions(env: NodeJS.ProcessEnv = process.env): PostgresDataSourceOptions {
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
