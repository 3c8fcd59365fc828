/**
 * The one thing tuning and restart need from a connection: run a statement
 * and get its rows. A TypeORM DataSource, a pg Client (through
 * {@link pgClientRunner}) or a test double all satisfy it. Each call may run
 * on a different pooled connection, so nothing here relies on session state
 * surviving between calls.
 */
export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The slice of a pg Client (or Pool) that {@link pgClientRunner} needs. */
export interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Adapts a pg Client or Pool, whose query resolves to a result object, to {@link SqlRunner}. */
export function pgClientRunner(client: PgQueryable): SqlRunner {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
  };
}
