/** A PostgreSQL identifier in double quotes; a dotted path (schema.table) is quoted per part. */
export function quoteIdent(path: string): string {
  return path
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}
