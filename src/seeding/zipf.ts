/**
 * Inverse CDF of a bounded power law over ranks 0..n-1: P(rank r) is roughly
 * proportional to (r + 1)^-exponent. `u` is uniform in [0, 1). Closed form, so
 * a child row picks a popular parent from its own hash without reading data.
 */
export function zipfRank(u: number, n: number, exponent: number): number {
  if (n <= 1) return 0;
  let x: number;
  if (Math.abs(exponent - 1) < 1e-9) {
    x = Math.pow(n + 1, u);
  } else {
    const oneMinus = 1 - exponent;
    x = Math.pow(1 + u * (Math.pow(n + 1, oneMinus) - 1), 1 / oneMinus);
  }
  const rank = Math.floor(x) - 1;
  return rank < 0 ? 0 : rank >= n ? n - 1 : rank;
}

/**
 * A fixed bijection of 0..n-1 (multiply by a unit modulo n, then shift), so the
 * most popular rank is not always row 0. Pure: depends on n and salt only.
 */
export function scatterRank(rank: number, n: number, salt = 0): number {
  if (n <= 1) return 0;
  return (mulMod(rank, unitNear(n), n) + (salt % n)) % n;
}

/** unitNear by n: a run has a few table sizes, and asks for one on every row (Euclid near the golden ratio is its worst case). */
const UNITS = new Map<number, number>();
/** Sizes remembered before UNITS starts over. */
const MAX_UNITS = 1_024;

/** The first number at or above 0.618 n that is coprime with n. */
function unitNear(n: number): number {
  let a = UNITS.get(n);
  if (a === undefined) {
    a = Math.max(1, Math.floor(n * 0.6180339887));
    while (gcd(a, n) !== 1) a++;
    if (UNITS.size >= MAX_UNITS) UNITS.clear();
    UNITS.set(n, a);
  }
  return a;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** a * b mod n without losing precision past 2^53. */
function mulMod(a: number, b: number, n: number): number {
  if (a * b < Number.MAX_SAFE_INTEGER) return (a * b) % n;
  return Number((BigInt(a) * BigInt(b)) % BigInt(n));
}
