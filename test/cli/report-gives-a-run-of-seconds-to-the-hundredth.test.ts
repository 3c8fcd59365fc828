import { expect, it } from 'vitest';
import { formatElapsed } from '../../src/cli/seed-report-text';

it("gives a run's time to the hundredth of a second from 1 to 10 s, and as progress lines do otherwise", () => {
  expect(formatElapsed(0.85)).toBe('850ms');
  expect(formatElapsed(1)).toBe('1.00s');
  expect(formatElapsed(1.514)).toBe('1.51s');
  expect(formatElapsed(9.994)).toBe('9.99s');
  expect(formatElapsed(12.4)).toBe('12s');
  expect(formatElapsed(65)).toBe('1:05');
});
