import { expect, it } from 'vitest';
import { allRows, exampleGenerator } from './example-generator';

const generator = exampleGenerator(3);
const distinct = (values: unknown[]) => new Set(values).size;

it('gives every user a distinct email and username derived from the id', () => {
  const users = allRows(generator, 'users');
  expect(distinct(users.map((u) => u.email))).toBe(users.length);
  expect(distinct(users.map((u) => u.username))).toBe(users.length);
  for (const u of users) {
    expect(u.email).toMatch(new RegExp(`^[a-z]+\\.[a-z]+${u.id}@`));
    expect((u.username as string).length).toBeLessThanOrEqual(64);
  }
});

it('gives every post a distinct slug and every tag a distinct name', () => {
  const posts = allRows(generator, 'posts');
  expect(distinct(posts.map((p) => p.slug))).toBe(posts.length);
  const tags = allRows(generator, 'tags');
  expect(distinct(tags.map((t) => t.name))).toBe(tags.length);
});

it('never repeats a post-tag pair or a follow pair, and nobody follows themself', () => {
  const postTags = allRows(generator, 'post_tags');
  expect(distinct(postTags.map((r) => `${r.postId}/${r.tagId}`))).toBe(postTags.length);
  const follows = allRows(generator, 'follows');
  expect(distinct(follows.map((r) => `${r.followerId}/${r.followeeId}`))).toBe(follows.length);
  expect(follows.filter((r) => r.followerId === r.followeeId)).toEqual([]);
});

it('fills a join table up to every possible pair without a duplicate', () => {
  const counts = { users: 12, posts: 7, comments: 0, tags: 5, post_tags: 35, follows: 12 * 11 };
  const small = exampleGenerator(8, counts);
  const postTags = small.batch('post_tags', 0, counts.post_tags);
  expect(distinct(postTags.map((r) => `${r.postId}/${r.tagId}`))).toBe(35);
  const follows = small.batch('follows', 0, counts.follows);
  expect(distinct(follows.map((r) => `${r.followerId}/${r.followeeId}`))).toBe(132);
  expect(follows.filter((r) => r.followerId === r.followeeId)).toEqual([]);
});
