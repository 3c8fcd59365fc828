import { expect, it } from 'vitest';
import { exampleGenerator } from './example-generator';

it('makes row i the same whether generated alone, in a batch, or after other tables', () => {
  const whole = exampleGenerator(4).batch('comments', 0, 500);
  const other = exampleGenerator(4);
  other.batch('users', 100, 50);
  other.batch('follows', 0, 300);
  const pieces = [...other.batch('comments', 0, 123), ...other.batch('comments', 123, 1), ...other.batch('comments', 124, 376)];
  expect(pieces).toEqual(whole);
  expect(exampleGenerator(4).batch('comments', 321, 1)[0]).toEqual(whole[321]);
});

it('makes different rows for a different seed', () => {
  const a = exampleGenerator(1).batch('users', 0, 20);
  const b = exampleGenerator(2).batch('users', 0, 20);
  expect(a.filter((row, i) => row.email === b[i]!.email)).toEqual([]);
});
