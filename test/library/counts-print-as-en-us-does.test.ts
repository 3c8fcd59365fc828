import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/format-count';

describe('formatCount', () => {
  it('prints what toLocaleString("en-US") prints for the rounded number, without ICU', () => {
    const values = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 123_456, 999_999, 1_000_000, 12_345_678, 2 ** 31, Number.MAX_SAFE_INTEGER];
    for (const n of [...values, ...values.filter((v) => v !== 0).map((v) => -v), 0.4, 0.5, 1499.5, -1499.5, 999.6, 1e21, Infinity, NaN]) {
      expect(formatCount(n), String(n)).toBe(Math.round(n).toLocaleString('en-US'));
    }
  });

  it('agrees on every count from 0 to 20,000 and on random ones up to 10^15', () => {
    for (let n = 0; n <= 20_000; n++) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    let x = 12345;
    for (let i = 0; i < 5_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const n = Math.floor((x / 2 ** 31) * 10 ** (1 + (i % 15)));
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
