import type { Queryable } from '../queryable';

/** Which cluster and database a tuning state belongs to. */
export interface ServerIdentity {
  database: string;
  /** pg_control_system().system_identifier: unique per cluster (initdb), the same across restarts. */
  systemIdentifier: string;
}

/** The identity of the server and database behind `runner`. */
export async function readServerIdentity(runner: Queryable): Promise<ServerIdentity> {
  const [row] = await runner.query<{ database: string; system_identifier: string }>(
    'SELECT current_database() AS database, system_identifier::text AS system_identifier FROM pg_control_system()',
  );
  return { database: row.database, systemIdentifier: row.system_identifier };
}
