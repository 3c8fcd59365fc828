import type { DataSource } from 'typeorm';
import { checkCitusWorkers } from './citus-workers-check';
import { settingValuesEqual } from './setting-value';

/** What to check beyond the basics (SELECT 1, database, user, server version). */
export interface HealthCheckOptions {
  /** Tables (optionally schema.table) that must exist and be readable by the current user. Default: none. */
  tables?: string[];
  /** Settings that must be in effect, name -> value in any unit ('256MB' == '262144kB'). Default: none. */
  expectedSettings?: Record<string, string>;
}

/** The result of a health check; `ok` is false when `problems` is not empty. */
export interface HealthReport {
  ok: boolean;
  /** current_database(). */
  database: string;
  /** current_user. */
  user: string;
  /** server_version, e.g. '17.6'. */
  serverVersion: string;
  /** Table -> reachable (exists and SELECT is allowed). */
  tables: Record<string, boolean>;
  /** Setting -> expected, actual (current_setting text) and whether they mean the same. */
  settings: Record<string, { expected: string; actual: string; ok: boolean }>;
  /** One sentence per failed check. */
  problems: string[];
}

interface SettingRow {
  name: string;
  actual: string | null;
  unit: string | null;
  vartype: string | null;
  pending_restart: boolean | null;
}

/**
 * Checks a (re)connected DataSource: `SELECT 1`, that current_database() is
 * the configured database, who the current user is, that the given tables are
 * reachable and that the expected settings are really in effect, so that the
 * tuning step can tell whether a restart happened. On a Citus coordinator,
 * every worker must answer too. Connection failures are
 * thrown (they are the caller's to retry); failed checks go in the report.
 */
export async function healthCheck(dataSource: DataSource, options: HealthCheckOptions = {}): Promise<HealthReport> {
  const tables = options.tables ?? [];
  const expected = options.expectedSettings ?? {};
  const problems: string[] = [];

  const [basics] = (await dataSource.query(
    `SELECT 1 AS one, current_database() AS database, current_user AS "user", current_setting('server_version') AS version`,
  )) as Array<{ one: number; database: string; user: string; version: string }>;
  if (basics?.one !== 1) problems.push('SELECT 1 did not return 1');
  // A Citus coordinator is healthy only with every worker: throws ConnectionLostError (retried) otherwise.
  await checkCitusWorkers(dataSource);
  const configured = configuredDatabase(dataSource);
  if (configured !== undefined && basics.database !== configured) {
    problems.push(`connected to database "${basics.database}", expected "${configured}"`);
  }

  const reachable: Record<string, boolean> = {};
  if (tables.length > 0) {
    const rows = (await dataSource.query(
      `SELECT t AS name, coalesce(has_table_privilege(to_regclass(
                CASE WHEN strpos(t, '.') > 0 THEN quote_ident(split_part(t, '.', 1)) || '.' || quote_ident(split_part(t, '.', 2))
                     ELSE quote_ident(t) END), 'SELECT'), false) AS ok
         FROM unnest($1::text[]) AS t`,
      [tables],
    )) as Array<{ name: string; ok: boolean }>;
    for (const row of rows) {
      reachable[row.name] = row.ok;
      if (!row.ok) problems.push(`table ${row.name} is missing or not readable by ${basics.user}`);
    }
  }

  const settings: HealthReport['settings'] = {};
  const names = Object.keys(expected);
  if (names.length > 0) {
    const rows = (await dataSource.query(
      `SELECT n AS name, current_setting(n, true) AS actual, s.unit, s.vartype, s.pending_restart
         FROM unnest($1::text[]) AS n LEFT JOIN pg_settings s ON s.name = lower(n)`,
      [names],
    )) as SettingRow[];
    for (const row of rows) {
      const want = expected[row.name];
      const actual = row.actual ?? '';
      const ok = row.actual !== null && settingValuesEqual(want, actual, row);
      settings[row.name] = { expected: want, actual, ok };
      if (row.actual === null) problems.push(`setting ${row.name} does not exist on this server`);
      else if (!ok) {
        const pending = row.pending_restart ? ' (a changed value is waiting for a server restart)' : '';
        problems.push(`setting ${row.name} is ${actual}, expected ${want}${pending}`);
      }
    }
  }

  return {
    ok: problems.length === 0,
    database: basics.database,
    user: basics.user,
    serverVersion: basics.version,
    tables: reachable,
    settings,
    problems,
  };
}

/** The database the DataSource was configured for, from `database` or its `url`. */
function configuredDatabase(dataSource: DataSource): string | undefined {
  const options = dataSource.options as { database?: string; url?: string };
  if (options.database) return options.database;
  if (!options.url) return undefined;
  try {
    return decodeURIComponent(new URL(options.url).pathname.slice(1)) || undefined;
  } catch {
    return undefined;
  }
}
