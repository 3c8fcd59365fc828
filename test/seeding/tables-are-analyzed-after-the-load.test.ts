import { describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import { seed } from '../../src/seeding/seed';
import { waitFor } from '../support/wait-for';
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

  it('analyzes a table once it is complete, while its children still load, and again after the load when the hook rebuilt an expression index on it', async () => {
    const stats = await inNewDatabase(server.pg, 'analyzed_early', async (manager) => {
      const query = (sql: string) => manager.dataSource.query(sql);
      // No autovacuum: only reseed analyzes here.
      for (const table of Object.keys(COUNTS)) await query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
      await query('CREATE INDEX idx_users_lower_email ON users (lower(email))');
      const columnsWithStats = async (table: string) => Number((await query(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = '${table}'`))[0].n);
      let lookedWhileLoading = false;
      await seed({
        config: exampleConfig,
        manager,
        counts: COUNTS,
        seed: 2,
        batchSize: 100,
        // As index deferral does: the expression index is gone while the rows load, and rebuilt after.
        hooks: {
          beforeLoad: async ({ dataSource }) => void (await dataSource.query('DROP INDEX idx_users_lower_email')),
          afterLoad: async ({ dataSource }) => void (await dataSource.query('CREATE INDEX idx_users_lower_email ON users (lower(email))')),
        },
        writer: {
          async write(tx, table, rows) {
            // The first batch of comments, whose parents are complete: their statistics come while it is still loading.
            if (table.table === 'comments' && !lookedWhileLoading) {
              lookedWhileLoading = true;
              await waitFor('users and posts to be analyzed while comments load', async () => (await columnsWithStats('users')) > 0 && (await columnsWithStats('posts')) > 0, {
                timeoutMs: 10_000,
                everyMs: 50,
              });
            }
            await new CopyBatchWriter().write(tx, table, rows);
          },
        },
      });
      expect(lookedWhileLoading).toBe(true);
      return { index: await columnsWithStats('idx_users_lower_email'), comments: await columnsWithStats('comments') };
    });
    // Statistics of lower(email), gathered after the index came back; and the last table's, at the end.
    expect(stats.index).toBe(1);
    expect(stats.comments).toBeGreaterThan(0);
  });
});
