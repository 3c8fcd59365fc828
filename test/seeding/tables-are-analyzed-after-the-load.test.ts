import { describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { inNewDatabase } from './support/seeding-database';
import { useServer } from '../support/use-server';

// tags gets no rows: nothing to analyze there.
const COUNTS = { users: 80, posts: 200, comments: 400, tags: 0, post_tags: 0, follows: 150 };

describe('after the load', () => {
  const server = useServer();

  it('every loaded table has planner statistics (ANALYZE, two tables at a time), and an empty one is left alone', async () => {
    const analyzed = await inNewDatabase(server.pg, 'analyzed_after_load', async (manager) => {
      await seed({ config: exampleConfig, manager, counts: COUNTS, seed: 2 });
      // pg_stats holds what ANALYZE gathered; reltuples is -1 until a table is first analyzed (COPY leaves it).
      const rows: Array<{ table: string; reltuples: number; columns: string }> = await manager.dataSource.query(
        `SELECT c.relname AS "table", c.reltuples, (SELECT count(*) FROM pg_stats s WHERE s.schemaname = 'public' AND s.tablename = c.relname) AS columns
           FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname = ANY($1) ORDER BY c.relname`,
        [Object.keys(COUNTS)],
      );
      return Object.fromEntries(rows.map((r) => [r.table, { reltuples: Number(r.reltuples), columns: Number(r.columns) }]));
    });
    for (const [table, count] of Object.entries(COUNTS)) {
      if (count === 0) {
        expect(analyzed[table], table).toEqual({ reltuples: -1, columns: 0 });
      } else {
        expect(analyzed[table]!.reltuples, table).toBe(count);
        expect(analyzed[table]!.columns, table).toBeGreaterThan(0);
      }
    }
  });
});
