/** A SQL string literal, for statements that take no parameters (ALTER SYSTEM, ALTER TABLE ... SET). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
