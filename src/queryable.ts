/**
 * The one thing most of reseed needs from a connection: run a statement and
 * get its rows. A TypeORM DataSource, EntityManager or QueryRunner satisfies
 * it as it is; a pg Client or Pool through {@link pgClientQueryable}. Each
 * call on a DataSource may run on a different pooled connection, so nothing
 * may rely on session state surviving between calls outside a transaction.
 */
export interface Queryable {
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The slice of a pg Client (or Pool) that {@link pgClientQueryable} needs. */
export interface PgClientLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Adapts a pg Client or Pool, whose query resolves to a result object, to {@link Queryable}. */
export function pgClientQueryable(client: PgClientLike): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
  };
}

/**
 * The rows of a TypeORM query result: for UPDATE/DELETE ... RETURNING the
 * postgres driver resolves to [rows, affected] instead of the rows.
 */
export function resultRows(result: unknown): unknown[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
}
