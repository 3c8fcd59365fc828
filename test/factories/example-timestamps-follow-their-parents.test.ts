import { expect, it } from 'vitest';
import { REFERENCE_DATE_MS } from '../../src/factories';
import { allRows, exampleGenerator } from './example-generator';

const generator = exampleGenerator(5);
const time = (value: unknown) => (value as Date).getTime();
const users = new Map(allRows(generator, 'users').map((u) => [u.id, u]));
const posts = new Map(allRows(generator, 'posts').map((p) => [p.id, p]));

it('creates every post after its author joined and before the reference date', () => {
  for (const post of posts.values()) {
    const author = users.get(post.authorId)!;
    expect(time(post.createdAt)).toBeGreaterThanOrEqual(time(author.createdAt));
    expect(time(post.createdAt)).toBeLessThan(REFERENCE_DATE_MS);
    expect(time(post.updatedAt)).toBeGreaterThanOrEqual(time(post.createdAt));
    if (post.publishedAt) expect(time(post.publishedAt)).toBeGreaterThanOrEqual(time(post.createdAt));
  }
});

it('writes every comment after its post and after its author joined', () => {
  for (const comment of allRows(generator, 'comments')) {
    expect(time(comment.createdAt)).toBeGreaterThanOrEqual(time(posts.get(comment.postId)!.createdAt));
    expect(time(comment.createdAt)).toBeGreaterThanOrEqual(time(users.get(comment.authorId)!.createdAt));
    expect(time(comment.createdAt)).toBeLessThanOrEqual(REFERENCE_DATE_MS);
  }
});

it('starts every follow after both users joined and tags a post no earlier than it was created', () => {
  for (const follow of allRows(generator, 'follows')) {
    const since = Math.max(time(users.get(follow.followerId)!.createdAt), time(users.get(follow.followeeId)!.createdAt));
    expect(time(follow.createdAt)).toBeGreaterThanOrEqual(since);
  }
  for (const postTag of allRows(generator, 'post_tags')) expect(time(postTag.createdAt)).toBeGreaterThanOrEqual(time(posts.get(postTag.postId)!.createdAt));
});
