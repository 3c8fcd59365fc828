import type { TestPostgres } from '../../support/postgres';

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
