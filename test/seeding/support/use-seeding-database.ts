import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { afterAll, beforeAll } from 'vitest';
import type { DataSourceManager } from '../../../src/connection';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { migrate, openManager, testDataSourceOptions } from './seeding-database';

// Vitest hooks, apart from seeding-database.ts: the child-process fixtures and
// the bench import that one outside of vitest.

/** A server for the test file (or describe block): started in beforeAll, disposed of in afterAll. */
export function useTestServer(): { readonly pg: TestPostgres } {
  let pg: TestPostgres | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.dispose();
  });
  return {
    get pg() {
      if (!pg) throw new Error('useTestServer: pg is read before beforeAll ran');
      return pg;
    },
  };
}

export interface SeedingDatabase {
  readonly pg: TestPostgres;
  /** Open on the migrated database from beforeAll to afterAll. */
  readonly manager: DataSourceManager;
  /** One query through the manager's DataSource. */
  query(sql: string): Promise<any[]>;
}

/**
 * A server of the file's own with every migration run on its database and a
 * manager open on it; `managerOptions` may change what the manager is opened
 * with (the migrations run with the plain options).
 */
export function useSeedingDatabase(
  options: { managerOptions?: (options: PostgresDataSourceOptions) => PostgresDataSourceOptions } = {},
): SeedingDatabase {
  let pg: TestPostgres | undefined;
  let manager: DataSourceManager | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
    const dataSourceOptions = testDataSourceOptions(pg.url);
    await migrate(dataSourceOptions);
    manager = await openManager(options.managerOptions?.(dataSourceOptions) ?? dataSourceOptions);
  });
  afterAll(async () => {
    await manager?.destroy();
    await pg?.dispose();
  });
  const ctx: SeedingDatabase = {
    get pg() {
      if (!pg) throw new Error('useSeedingDatabase: pg is read before beforeAll ran');
      return pg;
    },
    get manager() {
      if (!manager) throw new Error('useSeedingDatabase: manager is read before beforeAll ran');
      return manager;
    },
    query: (sql) => ctx.manager.dataSource.query(sql),
  };
  return ctx;
}
