import type { PoolClient, Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { GeneratedRow } from '../src/seeding/row-generator';
import type { PlannedTable } from '../src/seeding/seed-plan';

/** Rows per chunk handed to the COPY stream. */
const CHUNK_ROWS = 1_000;

/**
 * The baseline: COPY ... FROM STDIN (text format) of already generated rows,
 * on a plain node-postgres client. Converting values to COPY text is part of
 * the measured cost, as it would be for a COPY writer.
 */
export async function copyRows(client: Client | PoolClient, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void> {
  const columns = table.metadata.columns.filter((c) => table.insertProperties.includes(c.propertyPath));
  const sql = `COPY "${table.metadata.tableName}" (${columns.map((c) => `"${c.databaseName}"`).join(', ')}) FROM STDIN`;
  const properties = columns.map((c) => c.propertyPath);
  function* chunks() {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      let text = '';
      for (const row of rows.slice(start, start + CHUNK_ROWS)) text += properties.map((p) => copyText(row[p])).join('\t') + '\n';
      yield text;
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
