import type { Logger } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DataSourceManager } from '../../src/connection';
import { seed } from '../../src/seeding/seed';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { migrate, openManager, testDataSourceOptions } from './support/seeding-database';

const statements: string[] = [];
const recorder: Logger = {
  logQuery: (query) => void statements.push(query),
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

let pg: TestPostgres;
let manager: DataSourceManager;
beforeAll(async () => {
  pg = await startPostgres();
  const options = testDataSourceOptions(pg.url);
  await migrate(options);
  manager = await openManager({ ...options, logging: ['query'], logger: recorder });
});
afterAll(async () => {
  await manager?.destroy();
  await pg?.dispose();
});

it('inserts each batch in one statement with explicit ids and no RETURNING, then moves sequences past max(id)', async () => {
  await seed({ manager, counts: { users: 30, posts: 45, comments: 0, tags: 5, post_tags: 0, follows: 0 }, batchSize: 20 });
  const inserts = statements.filter((s) => /^INSERT INTO "(users|posts|tags)"/.test(s));
  expect(inserts).toHaveLength(2 + 3 + 1);
  for (const insert of inserts) {
    expect(insert).not.toMatch(/RETURNING/i);
    expect(insert).toMatch(/^INSERT INTO "\w+"\("id",/);
  }
  const query = (sql: string) => manager.dataSource.query(sql);
  expect(await query('SELECT min(id)::int AS min, max(id)::int AS max FROM posts')).toEqual([{ min: 1, max: 45 }]);
  expect(await query(`SELECT nextval(pg_get_serial_sequence('posts', 'id'))::int AS next`)).toEqual([{ next: 46 }]);
  expect(await query(`SELECT nextval(pg_get_serial_sequence('users', 'id'))::int AS next`)).toEqual([{ next: 31 }]);
});
