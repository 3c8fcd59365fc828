import { DataSource } from 'typeorm';
import type { DataSourceManager } from '../../../src/connection';
import type { TestPostgres } from '../../support/postgres';
import { openManager } from '../support/seeding-database';
import { zooDataSourceOptions } from './zoo-data-source';
import { ZOO_TABLES } from './zoo-entities';

/** CREATE DATABASE `name`, the zoo's schema (synchronize) and reseed's ledger (migrations), and a manager on it. */
export async function createZooDatabase(pg: TestPostgres, name: string): Promise<DataSourceManager> {
  await pg.query(`CREATE DATABASE ${name}`);
  const options = zooDataSourceOptions(pg.urlFor(name));
  const ds = new DataSource({ ...options, synchronize: true });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
  return openManager(options);
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** Rows per zoo table. */
export async function zooCounts(query: Query): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ZOO_TABLES) counts[table] = Number((await query(`SELECT count(*)::int AS n FROM "${table}"`))[0]!.n);
  return counts;
}

/**
 * Every FK of the zoo's tables, read from pg_constraint: rows whose FK
 * columns are all set but match no parent (none possible while the
 * constraints hold, checked anyway), and rows with a NULL in one.
 */
export async function foreignKeyReport(query: Query): Promise<Record<string, { orphans: number; nulls: number }>> {
  const fks = await query(
    `SELECT c.conname, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            array_to_string(array(SELECT quote_ident(attname) FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY o), ',') AS cols,
            array_to_string(array(SELECT quote_ident(attname) FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY o), ',') AS refs
       FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text LIKE 'zoo_%' ORDER BY 2, 1`,
  );
  const report: Record<string, { orphans: number; nulls: number }> = {};
  for (const fk of fks) {
    const cols = String(fk.cols).split(',');
    const refs = String(fk.refs).split(',');
    const join = cols.map((c, i) => `p.${refs[i]} = t.${c}`).join(' AND ');
    const allSet = cols.map((c) => `t.${c} IS NOT NULL`).join(' AND ');
    const anyNull = cols.map((c) => `t.${c} IS NULL`).join(' OR ');
    const [row] = await query(
      `SELECT count(*) FILTER (WHERE ${allSet} AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${join}))::int AS orphans,
              count(*) FILTER (WHERE ${anyNull})::int AS nulls FROM ${fk.child} t`,
    );
    report[`${fk.child}(${cols.join(',')})`] = { orphans: Number(row!.orphans), nulls: Number(row!.nulls) };
  }
  return report;
}
