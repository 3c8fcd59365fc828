import type { Logger } from 'typeorm';
import { exampleConfig } from '../../src/factories/example-config';
import { expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { useServer } from '../support/use-server';

const statements: string[] = [];
const recorder: Logger = {
  logQuery: (query) => void statements.push(query),
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

const db = useServer({ migrate: true, manager: { overrides: { logging: ['query'], logger: recorder } } });
it('inserts batches with multi-row statements carrying explicit ids and no RETURNING, then moves sequences past max(id)', async () => {
  const { RepositoryBatchWriter } = await import('../../src/seeding/repository-batch-writer');
  await seed({ config: exampleConfig, manager: db.manager, counts: { users: 30, posts: 45, comments: 0, tags: 5, post_tags: 0, follows: 0 }, batchSize: 20, writer: new RepositoryBatchWriter() });
  const inserts = statements.filter((s) => /^INSERT INTO "(users|posts|tags)"/.test(s));
  // One statement per batch of 20 rows: ceil(30/20) + ceil(45/20) + ceil(5/20). A table loading
  // alone writes two batches at once, so their statements may come in either order.
  expect(inserts).toHaveLength(2 + 3 + 1);
  expect(inserts.filter((s) => s.startsWith('INSERT INTO "posts"')).map((s) => s.match(/\),\s*\(/g)?.length ?? 0).sort((a, b) => b - a)).toEqual([19, 19, 4]);
  for (const insert of inserts) {
    expect(insert).not.toMatch(/RETURNING/i);
    expect(insert).toMatch(/^INSERT INTO "\w+"\("id",/);
  }
  const query = (sql: string) => db.manager.dataSource.query(sql);
  expect(await query('SELECT min(id)::int AS min, max(id)::int AS max FROM posts')).toEqual([{ min: 1, max: 45 }]);
  expect(await query(`SELECT nextval(pg_get_serial_sequence('posts', 'id'))::int AS next`)).toEqual([{ next: 46 }]);
  expect(await query(`SELECT nextval(pg_get_serial_sequence('users', 'id'))::int AS next`)).toEqual([{ next: 31 }]);
});

it('splits a batch into statements of at most the configured parameters, in one transaction', async () => {
  statements.length = 0;
  await db.manager.dataSource.query('TRUNCATE users, posts, comments, tags, post_tags, follows, reseed_runs, reseed_run_tables RESTART IDENTITY');
  const { RepositoryBatchWriter } = await import('../../src/seeding/repository-batch-writer');
  await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: { users: 100, posts: 0, comments: 0, tags: 0, post_tags: 0, follows: 0 },
    batchSize: 100,
    writer: new RepositoryBatchWriter({ statementParameters: 8 * 30 }),
  });
  const inserts = statements.filter((s) => s.startsWith('INSERT INTO "users"'));
  // users has 8 columns: 30 rows per statement, so 30 + 30 + 30 + 10.
  expect(inserts.map((s) => (s.match(/\),\s*\(/g)?.length ?? 0) + 1)).toEqual([30, 30, 30, 10]);
  // The ledger advance (ownership check and the batch's lock_timeout included) and the four statements share one transaction.
  const batch = statements
    .map((s) => s.trim().split(/\s+/).slice(0, 3).join(' '))
    .filter((s) => /^(START TRANSACTION|COMMIT|INSERT INTO "users"\(|WITH batch AS)/.test(s));
  const first = batch.indexOf('INSERT INTO "users"("id",');
  expect(batch.slice(first - 2, batch.indexOf('COMMIT', first) + 1)).toEqual(['START TRANSACTION', 'WITH batch AS', 'INSERT INTO "users"("id",', 'INSERT INTO "users"("id",', 'INSERT INTO "users"("id",', 'INSERT INTO "users"("id",', 'COMMIT']);
  expect(await db.manager.dataSource.query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 100 }]);
});
