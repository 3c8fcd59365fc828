/**
 * A PostgreSQL identifier in double quotes, for statements that cannot take
 * it as a parameter; several parts make a qualified name (`schema.table`),
 * each part quoted on its own, so a dot inside a name stays part of it.
 */
export function quoteIdent(...parts: readonly string[]): string {
  return parts.map((part) => `"${part.replaceAll('"', '""')}"`).join('.');
}

/** A table's qualified, quoted name, from its schema (when it has one) and name, as TypeORM's metadata has them. */
export function quoteTable(table: { readonly schema?: string; readonly tableName: string }): string {
  return table.schema ? quoteIdent(table.schema, table.tableName) : quoteIdent(table.tableName);
}

/** A SQL string literal, for statements that take no parameters (ALTER SYSTEM, ALTER TABLE ... SET). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
