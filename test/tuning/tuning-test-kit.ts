import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll } from 'vitest';
import { InitialSchema1796024480735 } from '../../migrations/1796024480735-initial-schema';
import { waitForReady } from '../../src/connection/readiness-probe';
import { pgClientQueryable, type Queryable } from '../../src/queryable';
import type { Logger } from '../../src/logger';
import type { TestPostgres } from '../support/postgres';
import { useServer } from '../support/use-server';

/** Tables of the example schema, in FK order. */
export const EXAMPLE_TABLES = ['users', 'tags', 'posts', 'post_tags', 'comments', 'follows'];

/** A pooled Queryable on a URL; end() closes the pool and never throws. */
export function poolRunner(url: string): { runner: Queryable; end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', () => undefined);
  return { runner: pgClientQueryable(pool), end: () => pool.end().catch(() => undefined) };
}

/** A fresh folder for a state file; remove() deletes it. */
export function tempDir(): { dir: string; file(name: string): string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reseed-tuning-'));
  return { dir, file: (name) => path.join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logger that keeps what it is told. */
export function captureLogger(): Logger & { infos: string[]; warns: string[] } {
  const infos: string[] = [];
  const warns: string[] = [];
  return { infos, warns, info: (m) => infos.push(m), warn: (m) => warns.push(m) };
}

/** Creates the example schema (users, posts, comments, ...) with its initial migration. */
export async function createExampleSchema(server: TestPostgres): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url: server.url, migrations: [InitialSchema1796024480735], logging: false });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

/**
 * Every server setting with its source and pending flag, plus what
 * postgresql.auto.conf holds. The pending flag of command-line settings is
 * left out: the harness passes shared_buffers on the command line, and any
 * reload flags it pending because postgresql.conf says otherwise.
 * `ignorePending` leaves every pending flag out: PostgreSQL keeps a
 * postmaster setting flagged after ALTER SYSTEM RESET of a value that never
 * went live, until the next restart.
 */
export async function serverSettingsSnapshot(
  server: TestPostgres,
  options: { ignorePending?: boolean } = {},
): Promise<{ settings: unknown[]; autoConf: unknown[] }> {
  const pending = options.ignorePending ? 'false' : `pending_restart AND source <> 'command line'`;
  const settings = await server.query(
    `SELECT name, setting, source, ${pending} AS pending_restart FROM pg_settings
      WHERE name NOT IN ('application_name', 'transaction_read_only', 'in_hot_standby') ORDER BY name`,
  );
  const autoConf = await server.query(
    `SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf' ORDER BY seqno`,
  );
  return { settings, autoConf };
}

/** Indexes, constraints and reloptions of the public schema, leaving out reseed's own state table. */
export async function schemaSnapshot(server: TestPostgres): Promise<{ indexes: unknown[]; constraints: unknown[]; reloptions: unknown[] }> {
  const indexes = await server.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'reseed_tuning_state' ORDER BY indexname`);
  const constraints = await server.query(
    `SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'reseed_tuning_state' ORDER BY 1, 2`,
  );
  const reloptions = await server.query(
    `SELECT relname, reloptions FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'reseed_tuning_state' ORDER BY relname`,
  );
  return { indexes, constraints, reloptions };
}

/** After a restart: waits until the server answers, then opens a new pool (what DataSourceManager.recreate does). */
export async function reconnectedRunner(url: string, pools: Array<{ end(): Promise<void> }>): Promise<Queryable> {
  await waitForReady({ connectionString: url }, { budgetMs: 60_000 });
  const opened = poolRunner(url);
  pools.push(opened);
  return opened.runner;
}

/** Name and password of the non-superuser role the permission tests create. */
export const LOADER = { user: 'loader', password: 'l0ader-secret' } as const;

/** CREATE ROLE loader LOGIN with its password (superuser connection). */
export async function createLoaderRole(server: TestPostgres): Promise<void> {
  await server.query(`CREATE ROLE ${LOADER.user} LOGIN PASSWORD '${LOADER.password}'`);
}

/** URL of this file's database as the loader role. */
export function loaderUrl(server: TestPostgres): string {
  return server.urlFor(server.database, LOADER.user, LOADER.password);
}

export interface TuningServerOptions {
  /** Create the example schema (createExampleSchema) first. */
  exampleSchema?: boolean;
  /** Runs once on the fresh server, after the example schema, before any test. */
  prepare?: (server: TestPostgres) => Promise<unknown>;
  /** Where `db` connects; the file's own database as superuser by default. */
  runnerUrl?: (server: TestPostgres) => string;
}

/** What useTuningServer hands a describe block; read it inside hooks and tests only. */
export interface TuningServer {
  readonly server: TestPostgres;
  /** A pooled runner on `runnerUrl`, opened on first use and closed in afterAll. */
  readonly db: ReturnType<typeof poolRunner>;
  readonly tmp: ReturnType<typeof tempDir>;
  /** Extra pools a test opens; each is ended in afterAll. */
  readonly pools: Array<{ end(): Promise<void> }>;
}

/**
 * Registers beforeAll/afterAll for a describe block: a server of its own
 * (optionally with the example schema and a `prepare` step), a temp folder
 * for state files and a lazily opened pool. afterAll ends the pools, disposes
 * of the server and removes the folder.
 */
export function useTuningServer(options: TuningServerOptions = {}): TuningServer {
  // The server's lifecycle is the one kit's; afterAll hooks run in reverse, so it is disposed of last.
  const base = useServer();
  let server: TestPostgres | undefined;
  let db: ReturnType<typeof poolRunner> | undefined;
  let tmp: ReturnType<typeof tempDir> | undefined;
  const pools: Array<{ end(): Promise<void> }> = [];

  beforeAll(async () => {
    server = base.pg;
    if (options.exampleSchema) await createExampleSchema(server);
    await options.prepare?.(server);
    tmp = tempDir();
  });
  afterAll(async () => {
    await db?.end();
    for (const pool of pools) await pool.end();
    tmp?.remove();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useTuningServer: ${what} is read before beforeAll ran`);
    return value;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get db() {
      const s = started(server, 'db');
      db ??= poolRunner(options.runnerUrl?.(s) ?? s.url);
      return db;
    },
    get tmp() {
      return started(tmp, 'tmp');
    },
    pools,
  };
}
