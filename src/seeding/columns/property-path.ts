/** The value at a dotted property path of a generated row (embedded columns, relation join columns). */
export function getPath(row: Record<string, unknown>, path: string): unknown {
  if (!path.includes('.')) return row[path];
  let value: unknown = row;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Sets the value at a dotted path, creating the nested objects on the way: `address.city`, `author.id`. */
export function setPath(row: Record<string, unknown>, path: string, value: unknown): void {
  if (!path.includes('.')) {
    row[path] = value;
    return;
  }
  const keys = path.split('.');
  let target = row;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = target[keys[i]!];
    if (next === null || typeof next !== 'object') target = target[keys[i]!] = {};
    else target = next as Record<string, unknown>;
  }
  target[keys[keys.length - 1]!] = value;
}
