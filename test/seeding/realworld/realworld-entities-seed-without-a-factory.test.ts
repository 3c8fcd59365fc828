import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { realWorldEntities } from '../../../examples/realworld';
import readmeConfig from '../../../examples/realworld/reseed.config';
import { defineConfig, type ReseedConfig } from '../../../src/seeding/reseed-config';
import { seed } from '../../../src/seeding/seed';
import { tableChecksums } from '../support/seeding-database';
import { useServer } from '../../support/use-server';
import { createRealWorldDatabase, REALWORLD_TABLES } from './realworld-database';

const server = useServer();
const COUNTS = { user: 150, article: 500, comment: 1_200, follows: 300, tag: 25, user_favorites_article: 900 };

async function seedRealWorld(name: string, config: ReseedConfig = defineConfig({ entities: realWorldEntities }), counts: Record<string, number> | undefined = COUNTS) {
  const manager = await createRealWorldDatabase(server.pg, name);
  try {
    const report = await seed({ manager, config, counts, seed: 3 });
    const query = (sql: string) => manager.dataSource.query(sql);
    const problems = await query(
      `SELECT (SELECT count(*) FROM article a LEFT JOIN "user" u ON u.id = a."authorId" WHERE u.id IS NULL)::int AS articles_without_author,
              (SELECT count(*) FROM comment c LEFT JOIN article a ON a.id = c."articleId" WHERE a.id IS NULL)::int AS comments_without_article,
              (SELECT count(*) FROM user_favorites_article f LEFT JOIN "user" u ON u.id = f."userId" LEFT JOIN article a ON a.id = f."articleId" WHERE u.id IS NULL OR a.id IS NULL)::int AS dangling_favorites,
              (SELECT count(DISTINCT ("userId", "articleId")) FROM user_favorites_article)::int AS distinct_pairs,
              (SELECT count(*) FROM user_favorites_article)::int AS favorites,
              (SELECT count(DISTINCT password) FROM "user")::int AS passwords`,
    );
    return { report, problems: problems[0], sums: await tableChecksums(query, REALWORLD_TABLES), query };
  } finally {
    await manager.destroy();
  }
}

it('seeds the RealWorld entities with no factory at all: every FK filled and valid, distinct favorite pairs, same checksum twice', async () => {
  const first = await seedRealWorld('realworld_a');
  expect(first.report.tables.map((t) => [t.table, t.rows])).toEqual(Object.entries(COUNTS).sort(([a], [b]) => first.report.plan.tables.findIndex((t) => t.table === a) - first.report.plan.tables.findIndex((t) => t.table === b)));
  expect(first.problems).toEqual({ articles_without_author: 0, comments_without_article: 0, dangling_favorites: 0, distinct_pairs: COUNTS.user_favorites_article, favorites: COUNTS.user_favorites_article, passwords: COUNTS.user });
  const second = await seedRealWorld('realworld_b');
  expect(second.sums).toEqual(first.sums);
  // The zero-config path (the app's DataSource, no reseed.config.ts) is the same run.
  const zeroConfig = await seedRealWorld('realworld_zero', defineConfig({}));
  expect(zeroConfig.sums).toEqual(first.sums);
});

it('seeds them from the README config: partial factories, a skewed relation, a join factory, a prepare step', async () => {
  const run = await seedRealWorld('realworld_readme', readmeConfig, {});
  expect(run.problems).toEqual({ articles_without_author: 0, comments_without_article: 0, dangling_favorites: 0, distinct_pairs: 800, favorites: 800, passwords: 1 });
});

it('is the code the README shows', () => {
  const root = path.join(__dirname, '../../..');
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const file of ['reseed.config.ts', 'user.entity.ts']) expect(readme).toContain(readFileSync(path.join(root, 'examples/realworld', file), 'utf8').trim());
});
