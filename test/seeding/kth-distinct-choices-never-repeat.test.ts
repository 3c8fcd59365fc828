import { expect, it } from 'vitest';
import { DISTINCT_DRAW_BUDGET, kthDistinct } from '../../src/seeding/kth-distinct';
import { RandomSource } from '../../src/seeding/random-source';

/** A parent's draws: a fresh, equally seeded skewed stream for every k, as the factories make it. */
const drawsOf = (parent: number, n: number) => {
  const random = new RandomSource().reseedRow(1, 99, parent);
  return () => random.zipf(n, 1.3);
};

it('lists every value exactly once over k = 0..n-1, past the draw budget too', () => {
  for (const n of [1, 7, 40, DISTINCT_DRAW_BUDGET + 50]) {
    const values = Array.from({ length: n }, (_, k) => kthDistinct(k, n, drawsOf(n, n)));
    expect(new Set(values).size).toBe(n);
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(n - 1);
  }
});

it('never returns the excluded value and fails clearly when asked for more than exist', () => {
  const values = Array.from({ length: 29 }, (_, k) => kthDistinct(k, 30, drawsOf(3, 30), 4));
  expect(values).not.toContain(4);
  expect(new Set(values).size).toBe(29);
  expect(() => kthDistinct(29, 30, drawsOf(3, 30), 4)).toThrow(/no 30th distinct value among 30 \(one excluded\)/);
});
