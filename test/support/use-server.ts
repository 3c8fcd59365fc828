import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { afterAll, beforeAll } from 'vitest';
import type { DataSourceManager } from '../../src/connection';
import { migrate, openManager, testDataSourceOptions } from '../seeding/support/seeding-database';
import { startPostgres, type TestPostgres } from './postgres';

/** What a test file asks of its server. */
export interface UseServerOptions {
  /** Run every migration (example schema and ledger) on its database. Default false. */
  migrate?: boolean;
  /**
   * Open a DataSourceManager on its database (after the migrations): true for
   * the test options, or a function that changes them. Default: none.
   */
  manager?: true | ((options: PostgresDataSourceOptions) => PostgresDataSourceOptions);
}

/** The file's server; read its fields inside hooks and tests only. */
export interface TestServer {
  readonly pg: TestPostgres;
  /** Only with `manager`. */
  readonly manager: DataSourceManager;
  /** One query through the manager's DataSource. */
  query(sql: string): Promise<any[]>;
}

/**
 * THE test kit: a PostgreSQL server of the test file's own (or the describe
 * block's), started in beforeAll and disposed of in afterAll, with its
 * database migrated and a manager open on it when asked. The connection and
 * tuning kits add their proxy, runners and temporary folder on top of it.
 */
export function useServer(options: UseServerOptions = {}): TestServer {
  let pg: TestPostgres | undefined;
  let manager: DataSourceManager | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
    const dataSourceOptions = testDataSourceOptions(pg.url);
    if (options.migrate) await migrate(dataSourceOptions);
    if (options.manager) manager = await openManager(options.manager === true ? dataSourceOptions : options.manager(dataSourceOptions));
  });
  afterAll(async () => {
    await manager?.destroy();
    await pg?.dispose();
  });
  const read = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useServer: no ${what} (not asked for, or read before beforeAll ran)`);
    return value;
  };
  const server: TestServer = {
    get pg() {
      return read(pg, 'pg');
    },
    get manager() {
      return read(manager, 'manager');
    },
    query: (sql) => server.manager.dataSource.query(sql),
  };
  return server;
}
