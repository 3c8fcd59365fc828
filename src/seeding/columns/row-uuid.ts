import { rowSeedWords } from '../row-hash';

/** Stream key of row uuids, apart from every other stream of the row. */
const UUID_STREAM = 0x5555_1d01;
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * The uuid of row `ordinal` of a table: 122 bits from a hash of (seed,
 * table key, ordinal), in the version 4 layout (version nibble 4, variant
 * 10xx). A pure function, so a child recomputes its parent's key instead of
 * reading it back, and the same seed gives the same keys on every run.
 */
export function rowUuid(seed: number, tableKey: number, ordinal: number): string {
  const [a, b, c, d] = rowSeedWords(seed, tableKey, ordinal, UUID_STREAM);
  return formatUuid(a, (b & 0xffff0fff) | 0x4000, (c & 0x3fffffff) | 0x80000000, d);
}

/** A v4 uuid from four random 32-bit words (version and variant bits are set here). */
export function uuidFromWords(a: number, b: number, c: number, d: number): string {
  return formatUuid(a, (b & 0xffff0fff) | 0x4000, (c & 0x3fffffff) | 0x80000000, d);
}

function formatUuid(a: number, b: number, c: number, d: number): string {
  return (
    HEX[(a >>> 24) & 255]! + HEX[(a >>> 16) & 255]! + HEX[(a >>> 8) & 255]! + HEX[a & 255]! + '-' +
    HEX[(b >>> 24) & 255]! + HEX[(b >>> 16) & 255]! + '-' + HEX[(b >>> 8) & 255]! + HEX[b & 255]! + '-' +
    HEX[(c >>> 24) & 255]! + HEX[(c >>> 16) & 255]! + '-' + HEX[(c >>> 8) & 255]! + HEX[c & 255]! +
    HEX[(d >>> 24) & 255]! + HEX[(d >>> 16) & 255]! + HEX[(d >>> 8) & 255]! + HEX[d & 255]!
  );
}
