import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli';
import { migrate } from '../seeding/support/seeding-database';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { citusDataSourceOptions } from './support/citus-seeding';

// Checked against the entities before any query: the same on a plain server as on a cluster.
let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
  await migrate(citusDataSourceOptions(pg.url));
});
afterAll(async () => {
  await pg?.dispose();
});

const fixture = (name: string) => path.join('test', 'citus', 'fixtures', `${name}.config.ts`);

it.for([
  ['a distribution column that does not exist', 'missing-column', /^reseed: distribution of "posts": column "authr_id" does not exist \(columns: author_id, id, title, /],
  ['a primary key without the distribution column', 'key-without-column', /^reseed: distribution of "posts" by title: its primary key \(author_id, id\) does not include title; Citus needs it there, e\.g\. PRIMARY KEY \(title, author_id, id\)/],
  ['an FK between tables that are not co-located', 'not-co-located', /^reseed: the FK posts\(author_id\) -> users\(id\) joins tables that are not co-located: add colocateWith: 'users' to "posts"/],
] as const)('refuses %s: one line, exit 2, nothing written', async ([, name, message]) => {
  const result = await runCli(['--config', fixture(name), '--yes'], { DATABASE_URL: pg.url });
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('reseed:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toContain(pg.password === '' ? '\u0000' : `:${pg.password}@`);
  const [{ runs, users }] = await pg.query<{ runs: number; users: number }>(`SELECT (SELECT count(*)::int FROM reseed_runs) AS runs, (SELECT count(*)::int FROM users) AS users`);
  expect({ runs, users }).toEqual({ runs: 0, users: 0 });
});
