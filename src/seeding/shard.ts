/**
 * One of N reseed processes splitting a run (`--shard K/N`): each writes
 * rows [start, end) of every table, as TPC-H's dbgen does with `-C N -S K`.
 */
export interface Shard {
  /** 1-based: 1 <= index <= count. */
  readonly index: number;
  readonly count: number;
}

/** The whole run in one process. */
export const WHOLE_RUN: Shard = { index: 1, count: 1 };

/** Most shards one run can be split into. */
export const MAX_SHARDS = 1024;

/** Parses `K/N`; undefined when it is not of that form with 1 <= K <= N <= MAX_SHARDS. */
export function parseShard(text: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS || index < 1 || index > count) return undefined;
  return { index, count };
}

/**
 * The rows of a `rows`-row table that `shard` writes: contiguous, disjoint,
 * together every row, sizes differing by at most one. A pure function of
 * (rows, K, N): every process computes the same split.
 */
export function shardRange(rows: number, shard: Shard): { start: number; end: number } {
  return { start: Math.floor(((shard.index - 1) * rows) / shard.count), end: Math.floor((shard.index * rows) / shard.count) };
}

/** `K/N`. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
