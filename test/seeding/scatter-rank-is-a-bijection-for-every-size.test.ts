import { expect, it } from 'vitest';
import { scatterRank } from '../../src/seeding/zipf';

const isPermutation = (n: number, salt: number) => {
  const seen = new Set(Array.from({ length: n }, (_, rank) => scatterRank(rank, n, salt)));
  return seen.size === n && [...seen].every((v) => Number.isInteger(v) && v >= 0 && v < n);
};

it('maps 0..n-1 onto itself for every size, sizes asked for in turn and again after more sizes than it remembers', () => {
  const sizes = Array.from({ length: 1_300 }, (_, i) => i + 1);
  for (const n of sizes) expect(isPermutation(n, n % 5)).toBe(true);
  // Back to sizes seen long ago, interleaved, as tables of different sizes ask row after row.
  for (const n of [7, 1_299, 2, 640, 7, 1_299]) expect(isPermutation(n, 3)).toBe(true);
  expect(isPermutation(500_000, 7)).toBe(true);
});
