import { expect, it } from 'vitest';
import { parseShard, shardRange } from '../../src/seeding/shard';

it('splits every table into contiguous, disjoint ranges that cover each row once', () => {
  for (const rows of [0, 1, 2, 7, 100, 1_001, 123_457]) {
    for (const count of [1, 2, 3, 5, 16]) {
      let next = 0;
      for (let index = 1; index <= count; index++) {
        const { start, end } = shardRange(rows, { index, count });
        expect(start).toBe(next);
        expect(end - start).toBeGreaterThanOrEqual(Math.floor(rows / count));
        expect(end - start).toBeLessThanOrEqual(Math.ceil(rows / count));
        next = end;
      }
      expect(next).toBe(rows);
    }
  }
});

it('reads K/N with 1 <= K <= N and nothing else', () => {
  expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  for (const bad of ['3/2', '0/0', '0/3', '1/0', '1', '1/2/3', '-1/3', 'a/b', '1.5/3', '1/100000']) expect(parseShard(bad), bad).toBeUndefined();
});
