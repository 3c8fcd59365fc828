import { expect, it } from 'vitest';
import { allRows, exampleGenerator, FACTORY_TEST_COUNTS } from './example-generator';

const generator = exampleGenerator(2);

/** Share of all rows held by the top `fraction` of keys. */
function topShare(keys: unknown[], population: number, fraction: number): number {
  const tally = new Map<unknown, number>();
  for (const k of keys) tally.set(k, (tally.get(k) ?? 0) + 1);
  const sorted = [...tally.values()].sort((a, b) => b - a);
  const top = sorted.slice(0, Math.ceil(population * fraction)).reduce((a, b) => a + b, 0);
  return top / keys.length;
}

it('lets a few users write most posts', () => {
  const authors = allRows(generator, 'posts').map((p) => p.authorId);
  // Uniform authorship would give the top 10% about 10-15% of posts.
  expect(topShare(authors, FACTORY_TEST_COUNTS.users, 0.1)).toBeGreaterThan(0.5);
  // Yet the load is spread: many users wrote something.
  expect(new Set(authors).size).toBeGreaterThan(FACTORY_TEST_COUNTS.users * 0.2);
});

it('puts a few popular tags on most posts', () => {
  const tags = allRows(generator, 'post_tags').map((r) => r.tagId);
  expect(topShare(tags, FACTORY_TEST_COUNTS.tags, 0.1)).toBeGreaterThan(0.35);
});

it('gives a few users most followers', () => {
  const followees = allRows(generator, 'follows').map((r) => r.followeeId);
  expect(topShare(followees, FACTORY_TEST_COUNTS.users, 0.1)).toBeGreaterThan(0.4);
});
