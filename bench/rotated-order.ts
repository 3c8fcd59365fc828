/**
 * The order of repetition `rep` (0-based): the list rotated left by `rep`,
 * so each item runs in every position across repetitions and a slow stretch
 * of a shared machine does not always hit the same one.
 */
export function rotatedOrder<T>(items: readonly T[], rep: number): T[] {
  const shift = items.length ? rep % items.length : 0;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
