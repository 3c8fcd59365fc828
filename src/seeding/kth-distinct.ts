/** Extra draws allowed per wanted value before falling back to probing. */
const DRAWS_PER_VALUE = 4;
const EXTRA_DRAWS = 16;

/**
 * The k-th distinct value (k from 0) of a deterministic sequence of draws in
 * 0..n-1, skipping `exclude`. Row k of a parent is therefore distinct from its
 * rows 0..k-1 by construction: no unique-violation retries, no reading back.
 * When the draws keep repeating (k close to n), the rest is filled by probing
 * upward from the last draw, which is still deterministic.
 * Requires k < n (or k < n - 1 with an exclusion).
 */
export function kthDistinct(k: number, n: number, draw: () => number, exclude = -1): number {
  const seen = new Set<number>();
  const budget = (k + 1) * DRAWS_PER_VALUE + EXTRA_DRAWS;
  let last = 0;
  for (let attempt = 0; attempt < budget; attempt++) {
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
  throw new RangeError(`no ${k + 1}th distinct value among ${n}`);
}
