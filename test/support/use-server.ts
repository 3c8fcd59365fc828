import { afterAll, beforeAll } from 'vitest';
import type { DataSourceManager } from '../../src/connection';
import { migrate, testDataSourceOptions } from '../seeding/support/seeding-database';
import { poolRunner, tempDir, type PoolRunner, type TempDir } from './pool-runner';
import { startPostgres, type TestPostgres } from './postgres';
import { TcpProxy } from './tcp-proxy';
import { createExampleSchema, testManager, type CapturedLog, type TestManagerOptions } from './test-manager';

/** The manager a test file asks for: see {@link TestManagerOptions}; `initialize: false` leaves it to the file. */
export type UseServerManager = TestManagerOptions & {
  /** Call manager.initialize() in beforeAll. Default true. */
  initialize?: boolean;
};

/** What a test file asks of its server. */
export interface UseServerOptions {
  /** Run every migration (example schema and ledger) on its database. Default false. */
  migrate?: boolean;
  /** Create only the example schema (its initial migration, no ledger). Default false. */
  exampleSchema?: boolean;
  /** Start a TcpProxy in front of the server (`proxy`). Default false. */
  proxy?: boolean;
  /**
   * Open a DataSourceManager on its database (after the schema and the proxy),
   * its log captured in `log`: true for the defaults, options, or a function
   * of the server (e.g. to read the proxy's port). Its readiness budget is
   * 60 s unless given. Default: none.
   */
  manager?: true | UseServerManager | ((server: TestServer) => UseServerManager);
  /** Runs last in beforeAll, e.g. to create tables or roles. Default: none. */
  prepare?(server: TestServer): unknown;
  /** Where `db` connects. Default: the file's own database as superuser. */
  runnerUrl?(pg: TestPostgres): string;
}

/** The file's server; read its fields inside hooks and tests only. */
export interface TestServer {
  readonly pg: TestPostgres;
  /** Only with `manager`. */
  readonly manager: DataSourceManager;
  /** What the manager logged; only with `manager`. */
  readonly log: CapturedLog;
  /** Only with `proxy`. */
  readonly proxy: TcpProxy;
  /** A pooled runner on `runnerUrl`, opened on first use and closed in afterAll. */
  readonly db: PoolRunner;
  /** A temporary folder, made on first use and removed in afterAll. */
  readonly tmp: TempDir;
  /** Extra pools a test opens; each is ended in afterAll. */
  readonly pools: Array<{ end(): Promise<void> }>;
  /** One query through the manager's DataSource. */
  query(sql: string): Promise<any[]>;
}

/**
 * THE test kit: a PostgreSQL server of the test file's own (or the describe
 * block's), started in beforeAll, with its database migrated (or given the
 * example schema), a proxy in front and a manager open on it when asked. Its
 * afterAll ends what it opened in reverse: the manager, the pools, the proxy,
 * the temporary folder, then the server.
 */
export function useServer(options: UseServerOptions = {}): TestServer {
  let pg: TestPostgres | undefined;
  let manager: DataSourceManager | undefined;
  let log: CapturedLog | undefined;
  let proxy: TcpProxy | undefined;
  let db: PoolRunner | undefined;
  let tmp: TempDir | undefined;
  const pools: Array<{ end(): Promise<void> }> = [];
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
    get log() {
      return read(log, 'log');
    },
    get proxy() {
      return read(proxy, 'proxy');
    },
    get db() {
      const started = read(pg, 'db');
      db ??= poolRunner(options.runnerUrl?.(started) ?? started.url);
      return db;
    },
    get tmp() {
      read(pg, 'tmp');
      tmp ??= tempDir();
      return tmp;
    },
    pools,
    query: (sql) => server.manager.dataSource.query(sql),
  };
  beforeAll(async () => {
    pg = await startPostgres();
    if (options.migrate) await migrate(testDataSourceOptions(pg.url));
    if (options.exampleSchema) await createExampleSchema(pg);
    if (options.proxy) proxy = await TcpProxy.start(pg.port);
    if (options.manager) {
      const asked = options.manager === true ? {} : typeof options.manager === 'function' ? options.manager(server) : options.manager;
      const { initialize = true, ...managerOptions } = asked;
      ({ manager, log } = testManager(pg, { ...managerOptions, readiness: managerOptions.readiness ?? { budgetMs: 60_000 } }));
      if (initialize) await manager.initialize();
    }
    await options.prepare?.(server);
  });
  afterAll(async () => {
    await manager?.destroy();
    await db?.end();
    for (const pool of pools) await pool.end();
    await proxy?.close();
    tmp?.remove();
    await pg?.dispose();
  });
  return server;
}
