import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { InitialSchema1796024480735 } from '../../migrations/1796024480735-initial-schema';
import { DataSourceManager, type DataSourceManagerOptions } from '../../src/connection';
import { exampleEntities } from '../../src/entities';
import { migrations } from '../../migrations';
import type { TestPostgres } from './postgres';

/** What a manager under test logged, by level. */
export interface CapturedLog {
  debug: string[];
  warn: string[];
}

/** How {@link testManager} builds its manager: DataSourceManager options, and changes to the DataSource options. */
export type TestManagerOptions = Partial<Omit<DataSourceManagerOptions, 'logger'>> & {
  /** Over {@link exampleOptions}, e.g. `{ port: proxy.port }`. Default: none. */
  overrides?: Partial<PostgresDataSourceOptions>;
};

/**
 * DataSource options of the example schema (entities and every migration) for
 * a test server, field by field (so that `overrides` can send it through
 * another port: a proxy).
 */
export function exampleOptions(pg: TestPostgres, overrides: Partial<PostgresDataSourceOptions> = {}): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    host: pg.host,
    port: pg.port,
    username: pg.user,
    password: pg.password,
    database: pg.database,
    entities: exampleEntities,
    migrations,
    synchronize: false,
    logging: false,
    ...overrides,
  } as PostgresDataSourceOptions;
}

/** A manager for the test server (not initialized) with a logger that records what it says. */
export function testManager(pg: TestPostgres, options: TestManagerOptions = {}): { manager: DataSourceManager; log: CapturedLog } {
  const log: CapturedLog = { debug: [], warn: [] };
  const { overrides, ...rest } = options;
  const manager = new DataSourceManager({
    dataSourceOptions: exampleOptions(pg, overrides),
    ...rest,
    logger: { debug: (m) => log.debug.push(m), warn: (m) => log.warn.push(m) },
  });
  return { manager, log };
}

/** Creates the example schema (users, posts, comments, ...) with its initial migration only: no ledger. */
export async function createExampleSchema(pg: TestPostgres): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url: pg.url, migrations: [InitialSchema1796024480735], logging: false });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}
