import { describe, expect, it } from 'vitest';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import { RepositoryBatchWriter } from '../../src/seeding/repository-batch-writer';
import type { BatchWriter } from '../../src/seeding/batch-writer';
import { seed } from '../../src/seeding/seed';
import { tableChecksums, withMigratedManager, testDataSourceOptions } from './support/seeding-database';
import { queryUrl } from '../support/postgres';
import { useServer } from '../support/use-server';
import { TRICKY, Zoo, ZOO_TABLE_SQL, zooConfig } from './support/zoo-entity';

const ROWS = 140;

describe('the COPY writer', () => {
  const server = useServer();

  const load = async (database: string, writer: BatchWriter) => {
    await server.pg.query(`CREATE DATABASE ${database}`);
    const url = server.pg.urlFor(database);
    for (const sql of ZOO_TABLE_SQL) await queryUrl(url, sql);
    return withMigratedManager(testDataSourceOptions(url, [Zoo]), async (manager) => {
      await seed({ manager, config: zooConfig, counts: { zoo_rows: ROWS }, batchSize: 9, seed: 3, writer });
      const query = (sql: string) => manager.dataSource.query(sql);
      return { sums: await tableChecksums(query, ['zoo_rows']), rows: await query('SELECT * FROM zoo_rows ORDER BY id') };
    });
  };

  it('stores every type exactly as the repository writer does (text, NULL and empty string, jsonb, arrays, enums, dates, numeric, bytea, uuid)', async () => {
    const copy = await load('zoo_copy', new CopyBatchWriter());
    const repository = await load('zoo_repository', new RepositoryBatchWriter());
    expect(copy.rows).toHaveLength(ROWS);
    expect(copy.sums).toEqual(repository.sums);
    expect(copy.rows).toEqual(repository.rows);
  });

  it('keeps the characters COPY text escapes, NULL apart from the empty string, and defaults where a row gave no value', async () => {
    const { rows } = await load('zoo_values', new CopyBatchWriter());
    for (const [i, row] of rows.entries()) {
      expect(row.label).toBe(`${TRICKY[i % TRICKY.length]}#${i}`);
      expect(row.note).toBe(i % 3 === 0 ? null : i % 3 === 1 ? '' : TRICKY[(i + 1) % TRICKY.length]);
      expect(row.tags).toEqual([TRICKY[i % TRICKY.length], null, TRICKY[(i + 3) % TRICKY.length], '']);
      expect(row.doc === null).toBe(i % 5 === 0);
      if (row.doc !== null) expect(row.doc.nested).toEqual({ '\t': '\\' });
      expect(row.blob === null).toBe(i % 4 === 0);
      if (row.blob !== null) expect([row.blob[0], row.blob[1]]).toEqual([0x00, 0x5c]);
      expect(row.status).toBe(i % 7 >= 4 ? `set-${i % 7}` : 'fresh');
      expect(row.shout).toBe(`${TRICKY[i % TRICKY.length]} quiet`.toUpperCase());
      // node-postgres leaves an array of a custom enum as its text.
      expect(row.moods).toMatch(/^\{(calm|wild|o'clock),o'clock\}$/);
    }
  });
});
