import { waitForReady } from '../../src/connection/readiness-probe';
import type { Logger } from '../../src/logger';
import type { Queryable } from '../../src/queryable';
import { poolRunner } from '../support/pool-runner';
import type { TestPostgres } from '../support/postgres';

/** A logger that keeps what it is told. */
export function captureLogger(): Logger & { infos: string[]; warns: string[] } {
  const infos: string[] = [];
  const warns: string[] = [];
  return { infos, warns, info: (m) => infos.push(m), warn: (m) => warns.push(m) };
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
