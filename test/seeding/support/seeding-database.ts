import 'reflect-metadata';
import { DataSource, type MigrationInterface } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { migrations } from '../../../migrations';
import { DataSourceManager } from '../../../src/connection';
import { exampleEntities } from '../../../src/entities';
import type { FactoryEntity } from '../../../src/seeding/define-factory';
import type { TestPostgres } from '../../support/postgres';

/** TypeORM options for a test database: the example entities and every migration by default. */
export function testDataSourceOptions(
  url: string,
  entities: FactoryEntity[] = exampleEntities,
  extraMigrations: (new () => MigrationInterface)[] = [],
): PostgresDataSourceOptions {
  return { type: 'postgres', url, entities, migrations: [...migrations, ...extraMigrations], synchronize: false, logging: false };
}

/** Runs the migrations once on a short-lived DataSource. */
export async function migrate(options: PostgresDataSourceOptions): Promise<void> {
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

/** A migrated database's manager, initialized; quick readiness so fault tests do not wait long. */
export async function openManager(options: PostgresDataSourceOptions): Promise<DataSourceManager> {
  const manager = new DataSourceManager({
    dataSourceOptions: options,
    readiness: { minDelayMs: 50, maxDelayMs: 500, budgetMs: 60_000 },
  });
  await manager.initialize();
  return manager;
}

/** Migrates, opens a manager, hands it to `work`, and destroys it whatever happens. */
export async function withMigratedManager<T>(options: PostgresDataSourceOptions, work: (manager: DataSourceManager) => Promise<T>): Promise<T> {
  await migrate(options);
  const manager = await openManager(options);
  try {
    return await work(manager);
  } finally {
    await manager.destroy();
  }
}

/** CREATE DATABASE `name` on the server and every migration on it (example schema and ledger); its URL. */
export async function migratedDatabase(pg: TestPostgres, name: string): Promise<string> {
  await pg.query(`CREATE DATABASE ${name}`);
  await migrate(testDataSourceOptions(pg.urlFor(name)));
  return pg.urlFor(name);
}

/** CREATE DATABASE `name` on the server, then withMigratedManager on it with the example entities. */
export async function inNewDatabase<T>(pg: TestPostgres, name: string, work: (manager: DataSourceManager) => Promise<T>): Promise<T> {
  await pg.query(`CREATE DATABASE ${name}`);
  return withMigratedManager(testDataSourceOptions(pg.urlFor(name)), work);
}

/** The example schema's tables. */
export const EXAMPLE_TABLES = ['users', 'posts', 'comments', 'tags', 'post_tags', 'follows'];

/**
 * md5 per table of every row as text, in primary-key order: equal checksums
 * mean equal contents byte for byte.
 */
export async function tableChecksums(
  query: (sql: string) => Promise<Record<string, unknown>[]>,
  tables: readonly string[] = EXAMPLE_TABLES,
): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const pk = await query(
      `SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY array_position(i.indkey, a.attnum)) AS cols
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = '${table}'::regclass AND i.indisprimary`,
    );
    const rows = await query(`SELECT count(*)::int AS n, md5(string_agg(t::text, E'\\n' ORDER BY ${pk[0]!.cols})) AS sum FROM "${table}" t`);
    sums[table] = `${rows[0]!.n}:${rows[0]!.sum}`;
  }
  return sums;
}

/** Checks that every FK holds and no PK repeats (constraints could have been dropped by tuning). */
export async function integrityProblems(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<string[]> {
  const checks: Record<string, string> = {
    'posts.author_id': `SELECT count(*)::int AS n FROM posts p LEFT JOIN users u ON u.id = p.author_id WHERE u.id IS NULL`,
    'comments.post_id': `SELECT count(*)::int AS n FROM comments c LEFT JOIN posts p ON p.id = c.post_id WHERE p.id IS NULL`,
    'comments.author_id': `SELECT count(*)::int AS n FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE u.id IS NULL`,
    'post_tags.post_id': `SELECT count(*)::int AS n FROM post_tags x LEFT JOIN posts p ON p.id = x.post_id WHERE p.id IS NULL`,
    'post_tags.tag_id': `SELECT count(*)::int AS n FROM post_tags x LEFT JOIN tags t ON t.id = x.tag_id WHERE t.id IS NULL`,
    'follows.follower_id': `SELECT count(*)::int AS n FROM follows f LEFT JOIN users u ON u.id = f.follower_id WHERE u.id IS NULL`,
    'follows.followee_id': `SELECT count(*)::int AS n FROM follows f LEFT JOIN users u ON u.id = f.followee_id WHERE u.id IS NULL`,
    'users duplicate id': `SELECT count(*) - count(DISTINCT id) AS n FROM users`,
    'comments duplicate id': `SELECT count(*) - count(DISTINCT id) AS n FROM comments`,
  };
  const problems: string[] = [];
  for (const [name, sql] of Object.entries(checks)) {
    const rows = await query(sql);
    if (Number(rows[0]!.n) !== 0) problems.push(`${name}: ${rows[0]!.n}`);
  }
  return problems;
}

/** Row counts of the example tables. */
export async function rowCounts(query: (sql: string) => Promise<Record<string, unknown>[]>, tables: readonly string[] = EXAMPLE_TABLES): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await query(`SELECT count(*)::int AS n FROM "${table}"`))[0]!.n);
  return counts;
}
