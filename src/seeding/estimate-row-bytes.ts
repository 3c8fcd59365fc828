/** Fixed part of a heap tuple: header and item pointer. */
const TUPLE_OVERHEAD_BYTES = 28;

/** Rough on-disk size of one row's values: a planning estimate, not a measurement. */
export function estimateRowBytes(row: Record<string, unknown>): number {
  let bytes = TUPLE_OVERHEAD_BYTES;
  for (const value of Object.values(row)) bytes += estimateValueBytes(value);
  return bytes;
}

function estimateValueBytes(value: unknown): number {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 4 : 8;
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'string':
      return Buffer.byteLength(value) + 1;
    default:
      if (value instanceof Date) return 8;
      return Buffer.byteLength(JSON.stringify(value)) + 4;
  }
}
