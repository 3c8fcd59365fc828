import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { migrations } from '../migrations';
import { databaseTargetFromEnv, sslOptions, type DatabaseTarget } from './connection/database-url';
import { exampleEntities } from './entities';
import type { FactoryEntity } from './seeding/define-factory';

/**
 * DataSource options for a target: the example schema's entities and
 * migrations unless other entities are given. libpq defaults when there is no
 * target.
 */
export function targetDataSourceOptions(target: DatabaseTarget | undefined, entities: FactoryEntity[] = exampleEntities): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    host: target?.host ?? 'localhost',
    port: target?.port ?? 5432,
    username: target?.user ?? 'postgres',
    password: target?.password,
    database: target?.database ?? 'postgres',
    ssl: target ? sslOptions(target) : undefined,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
  };
}

/**
 * DataSource options of the example schema (entities and migrations), from
 * DATABASE_URL or the PG* variables (libpq defaults when neither is set).
 * ormconfig.ts exports a DataSource built from these for the TypeORM CLI.
 */
export function exampleDataSourceOptions(env: NodeJS.ProcessEnv = process.env): PostgresDataSourceOptions {
  return targetDataSourceOptions(databaseTargetFromEnv(env));
}
