/**
 * Draws looked at before the rest of the sequence is filled by probing. Fixed
 * (never derived from k), so every k sees the same sequence: S[k] for each row.
 */
export const DISTINCT_DRAW_BUDGET = 256;

/**
 * The k-th value (k from 0) of a parent's sequence of distinct choices in
 * 0..n-1, skipping `exclude`. The sequence is: the distinct values among the
 * first {@link DISTINCT_DRAW_BUDGET} draws, in draw order, then every value
 * not seen yet, probing upward from the last draw. It depends on the draws
 * only, so row k of a parent is distinct from its rows 0..k-1 by
 * construction: no unique-violation retries, no reading back.
 * `draw` must give the same values in the same order for every k.
 * Requires k < n (k < n - 1 with an exclusion).
 */
export function kthDistinct(k: number, n: number, draw: () => number, exclude = -1): number {
  const seen = new Set<number>();
  let last = 0;
  for (let attempt = 0; attempt < DISTINCT_DRAW_BUDGET; attempt++) {
    last = draw();
    if (last === exclude || seen.has(last)) continue;
    if (seen.size === k) return last;
    seen.add(last);
  }
  for (let probe = 1; probe <= n; probe++) {
    const candidate = (last + probe) % n;
    if (candidate === exclude || seen.has(candidate)) continue;
    if (seen.size === k) return candidate;
    seen.add(candidate);
  }
  throw new RangeError(`no ${k + 1}th distinct value among ${n}${exclude >= 0 ? ' (one excluded)' : ''}`);
}
