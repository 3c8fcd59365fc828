import path from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { CitusExampleSchema1796300000000 } from '../../../examples/citus/citus-schema-migration';
import { citusEntities } from '../../../examples/citus/entities';
import { migrations } from '../../../migrations';
import citusConfig from '../../../examples/citus/reseed.config';
import type { ReseedConfig } from '../../../src/seeding/reseed-config';
import { tableChecksums, withMigratedManager, EXAMPLE_TABLES } from '../../seeding/support/seeding-database';
import type { DataSourceManager } from '../../../src/connection';

/** examples/citus/reseed.config.ts, as `--config` loads it. */
export const CITUS_CONFIG_PATH = path.join(__dirname, '..', '..', '..', 'examples', 'citus', 'reseed.config.ts');

/** examples/citus/reseed.config.ts, imported as the test's own modules are (one copy of the entity classes). */
export async function loadCitusConfig(): Promise<ReseedConfig> {
  return citusConfig;
}

/** The Citus example schema and reseed's ledger (every migration but the plain example schema's). */
export function citusDataSourceOptions(url: string): PostgresDataSourceOptions {
  return { type: 'postgres', url, entities: citusEntities, migrations: [CitusExampleSchema1796300000000, ...migrations.slice(1)], synchronize: false, logging: false };
}

/** Migrates the Citus example schema at `url` and hands a manager on it to `work`. */
export function withCitusSchema<T>(url: string, work: (manager: DataSourceManager) => Promise<T>): Promise<T> {
  return withMigratedManager(citusDataSourceOptions(url), work);
}

/** Per-table checksums of the example tables through `manager` (the coordinator on a cluster). */
export function checksums(manager: DataSourceManager): Promise<Record<string, string>> {
  return tableChecksums((sql) => manager.dataSource.query(sql), EXAMPLE_TABLES);
}

/**
 * Co-located children without their parent on the same shard key (0 when
 * placement held), and children whose FK-less references (a commenter, a
 * followee) point at no row. On Citus the second is planned as a subquery (a repartition join cannot be an outer join).
 */
export async function misplacedRows(manager: DataSourceManager): Promise<number> {
  {
    const [row] = await manager.dataSource.query(`
      SELECT (SELECT count(*) FROM comments c LEFT JOIN posts p ON p.author_id = c.post_author_id AND p.id = c.post_id WHERE p.id IS NULL)
           + (SELECT count(*) FROM post_tags t LEFT JOIN posts p ON p.author_id = t.post_author_id AND p.id = t.post_id WHERE p.id IS NULL)
           + (SELECT count(*) FROM comments WHERE author_id NOT IN (SELECT id FROM users))
           + (SELECT count(*) FROM follows WHERE followee_id NOT IN (SELECT id FROM users)) AS n`);
    return Number(row.n);
  }
}
