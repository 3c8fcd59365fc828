import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { DataSourceManager, type DataSourceManagerOptions } from '../../../src/connection';
import { exampleEntities } from '../../../src/entities';
import { migrations } from '../../../migrations';
import type { TestPostgres } from '../../support/postgres';

/** What a manager under test logged, by level. */
export interface CapturedLog {
  debug: string[];
  warn: string[];
}

/** DataSource options of the example schema for a test server, optionally through another port (a proxy). */
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
    logging: false,
    ...overrides,
  } as PostgresDataSourceOptions;
}

/** A manager for the test server with a logger that records what it says. */
export function testManager(
  pg: TestPostgres,
  options: Partial<Omit<DataSourceManagerOptions, 'logger'>> & { overrides?: Partial<PostgresDataSourceOptions> } = {},
): { manager: DataSourceManager; log: CapturedLog } {
  const log: CapturedLog = { debug: [], warn: [] };
  const { overrides, ...rest } = options;
  const manager = new DataSourceManager({
    dataSourceOptions: exampleOptions(pg, overrides),
    ...rest,
    logger: { debug: (m) => log.debug.push(m), warn: (m) => log.warn.push(m) },
  });
  return { manager, log };
}

/** Backends of the test database other than the caller's, optionally only those of one application_name. */
export async function countBackends(pg: TestPostgres, applicationName?: string): Promise<number> {
  const rows = await pg.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
        AND ($1::text IS NULL OR application_name = $1)`,
    [applicationName ?? null],
  );
  return rows[0].n;
}

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
