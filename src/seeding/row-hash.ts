/** 2^32, to split numbers beyond 32 bits into two words. */
const TWO_32 = 0x1_0000_0000;

/** murmur3's 32-bit finalizer: every input bit flips about half the output bits. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised: a stable 32-bit key for a table or stream name. */
export function hashString(text: string): number {
  let h = 0x811c_9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x0100_0193);
  }
  return fmix32(h);
}

/**
 * Four 32-bit words that seed the random source of one row: a pure function of
 * (seed, table key, row index, stream key). Distinct rows get unrelated words
 * even when their indexes differ by one bit.
 */
export function rowSeedWords(seed: number, tableKey: number, index: number, streamKey = 0): [number, number, number, number] {
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / TWO_32) >>> 0;
  const indexLo = index >>> 0;
  const indexHi = Math.floor(index / TWO_32) >>> 0;
  const a = fmix32(seedLo ^ fmix32(tableKey ^ 0x9e37_79b9));
  const b = fmix32(seedHi ^ fmix32(streamKey + 0x7f4a_7c15));
  const c = fmix32(indexLo ^ a);
  const d = fmix32(indexHi ^ b ^ c);
  return [a ^ d, b ^ c, c, d];
}
