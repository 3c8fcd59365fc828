import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { seed } from '../../../src/seeding/seed';
import { useServer } from '../../support/use-server';
import { createZooDatabase } from './zoo-database';
import { Category } from './zoo-entities';

const server = useServer();

describe('a table whose foreign key names its own rows (a tree)', { timeout: 120_000 }, () => {
  it('loads past its first batch with the key in place and two streams: each batch names parents the one before it committed', async () => {
    const manager = await createZooDatabase(server.pg, 'zoo_tree');
    try {
      // Before: batch 2 went in beside batch 1 and named parents batch 1 had not committed (23503).
      const report = await seed({ manager, config: defineConfig({ entities: [Category] }), counts: { zoo_categories: 6000 }, seed: 3, batchSize: 500, streams: 2 });
      expect(report.totalRows).toBe(6000);
      const [tree] = await manager.dataSource.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE parent_id IS NULL)::int AS roots, count(*) FILTER (WHERE parent_id >= id)::int AS later,
                count(DISTINCT parent_id)::int AS parents
           FROM zoo_categories`,
      );
      expect(tree).toEqual({ n: 6000, roots: 1, later: 0, parents: expect.any(Number) });
      // Parents are spread over the whole table, batches before included, not only the row's own batch.
      expect(tree.parents).toBeGreaterThan(1000);
      const [fk] = await manager.dataSource.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'zoo_categories'::regclass AND contype = 'f' AND confrelid = conrelid`);
      expect(fk.n).toBe(1);
    } finally {
      await manager.destroy();
    }
  });
});
