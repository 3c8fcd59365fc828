import { expect, it } from 'vitest';
import { BatchPrefetch } from '../../src/seeding/batch-prefetch';
import type { BatchSource, PreparedBatch } from '../../src/seeding/batch-source';
import type { PlannedTable } from '../../src/seeding/seed-plan';

/** Only what the prefetch reads of a planned table. */
const table = (name: string, count: number, batchSize: number, shardRows?: { start: number; end: number }) =>
  ({ table: name, count, batchSize, shardRows }) as unknown as PlannedTable;

/** A source that records what it was asked for, in order (`table:start+count`), how urgently, and what was hurried (`table:start`). */
function recordingSource(lookahead: number): BatchSource & { asked: string[]; urgencies: string[]; hurried: string[] } {
  const asked: string[] = [];
  const urgencies: string[] = [];
  const hurried: string[] = [];
  return {
    asked,
    urgencies,
    hurried,
    lookahead,
    async prepare(t, start, count, urgency): Promise<PreparedBatch> {
      asked.push(`${t.table}:${start}+${count}`);
      urgencies.push(urgency ?? 'now');
      return { rows: count, generateMs: 0, write: async () => undefined };
    },
    hurry(t, start) {
      hurried.push(`${t.table}:${start}`);
    },
  };
}

it('asks for the first batch of the next table while the last one of its parent is written', async () => {
  const users = table('users', 25, 10);
  const posts = table('posts', 30, 10);
  const source = recordingSource(2);
  const prefetch = new BatchPrefetch(source, [users, posts], () => 0);
  expect((await prefetch.take(users, 0)).rows).toBe(10);
  expect(source.asked).toEqual(['users:0+10', 'users:10+10', 'users:20+5']);
  await prefetch.take(users, 10);
  await prefetch.take(users, 20);
  // The last batch of users is being written: posts' first two are already asked for.
  expect(source.asked.slice(3)).toEqual(['posts:0+10', 'posts:10+10']);
  expect((await prefetch.take(posts, 0)).rows).toBe(10);
  expect(source.asked.slice(5)).toEqual(['posts:20+10']);
  // The batch a table writes next is needed now, the ones after it ahead, a table not started later;
  // one made ahead is hurried when its table takes it.
  expect(source.urgencies).toEqual(['now', 'ahead', 'ahead', 'later', 'later', 'ahead']);
  expect(source.hurried).toEqual(['users:10', 'users:20', 'posts:0']);
});

it('starts a later table where the ledger left it, and skips a complete one', async () => {
  const done: Record<string, number> = { users: 0, tags: 5, posts: 12 };
  const users = table('users', 10, 10);
  const tags = table('tags', 5, 10);
  const posts = table('posts', 30, 10);
  const source = recordingSource(1);
  const prefetch = new BatchPrefetch(source, [users, tags, posts], (t) => done[t]!);
  await prefetch.take(users, 0);
  expect(source.asked).toEqual(['users:0+10', 'posts:12+10']);
});

it('drops what it made ahead when the load asks for another batch than the next', async () => {
  const posts = table('posts', 50, 10);
  const source = recordingSource(2);
  const prefetch = new BatchPrefetch(source, [posts], () => 0);
  await prefetch.take(posts, 0);
  // The ledger was read again and says 5 rows: the batches made from 10 and 20 are of no use.
  await prefetch.take(posts, 5);
  expect(source.asked).toEqual(['posts:0+10', 'posts:10+10', 'posts:20+10', 'posts:5+10', 'posts:15+10', 'posts:25+10']);
});

it('counts a shard from its own first row', async () => {
  const posts = table('posts', 100, 10, { start: 40, end: 55 });
  const source = recordingSource(3);
  const prefetch = new BatchPrefetch(source, [posts], () => 0);
  await prefetch.take(posts, 0);
  expect(source.asked).toEqual(['posts:40+10', 'posts:50+5']);
});
