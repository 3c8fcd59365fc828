import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { realWorldEntities } from '../../../examples/realworld';
import { ReseedLedger1796100000000 } from '../../../migrations/1796100000000-reseed-ledger';
import { ReseedRunOwner1796150000000 } from '../../../migrations/1796150000000-reseed-run-owner';
import type { DataSourceManager } from '../../../src/connection';
import type { TestPostgres } from '../../support/postgres';
import { openManager } from '../support/seeding-database';

/** The RealWorld tables, the join table of UserEntity.favorites included. */
export const REALWORLD_TABLES = ['user', 'article', 'comment', 'follows', 'tag', 'user_favorites_article'];

/** The RealWorld app's DataSource options, unchanged, plus reseed's ledger migrations. */
export function realWorldOptions(url: string): PostgresDataSourceOptions {
  return { type: 'postgres', url, entities: realWorldEntities, migrations: [ReseedLedger1796100000000, ReseedRunOwner1796150000000], logging: false };
}

/** CREATE DATABASE `name` with the app's schema (synchronize, as the app does) and the ledger; a manager on it. */
export async function createRealWorldDatabase(pg: TestPostgres, name: string): Promise<DataSourceManager> {
  await pg.query(`CREATE DATABASE ${name}`);
  const ds = new DataSource({ ...realWorldOptions(pg.urlFor(name)), synchronize: true });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
  return openManager(realWorldOptions(pg.urlFor(name)));
}
