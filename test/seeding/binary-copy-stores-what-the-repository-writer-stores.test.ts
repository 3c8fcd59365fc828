import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import { isBinaryCopy } from '../../src/seeding/copy-binary';
import { RepositoryBatchWriter } from '../../src/seeding/repository-batch-writer';
import type { BatchWriter } from '../../src/seeding/batch-writer';
import type { BatchTransaction } from '../../src/seeding/batch-transaction';
import { seed } from '../../src/seeding/seed';
import { tableChecksums, withMigratedManager, testDataSourceOptions } from './support/seeding-database';
import { queryUrl } from '../support/postgres';
import { useServer } from '../support/use-server';
import { defineFactory } from '../../src/seeding/define-factory';
import { BINARY_ZOO_TABLE_SQL, BinaryZoo, binaryZooConfig, binaryZooFactory, TEXT_ROWS } from './support/binary-zoo-entity';
import { TRICKY } from './support/zoo-entity';

const ROWS = 140;
const BATCH = 9;
const COLUMNS = ['small', 'big', 'real', 'ratio', 'flag', 'label', 'note', 'code', 'initials', 'key', 'at', 'local', 'day', 'doc', 'raw', 'blob', 'mood', 'price', 'amount', 'tags', 'scores', 'moods', 'keys'];

/**
 * The COPY writer, each COPY statement it sends recorded by batch (write
 * only: no prepare, so every batch goes through write; two batches written
 * side by side may call it out of order, so a batch is known by its first id).
 */
class RecordingCopyWriter implements BatchWriter {
  readonly statements: string[][] = [];
  readonly #inner = new CopyBatchWriter();

  write(tx: BatchTransaction, table: Parameters<BatchWriter['write']>[1], rows: Parameters<BatchWriter['write']>[2]): Promise<void> {
    const sent: string[] = [];
    this.statements[(Number(rows[0]!.id) - 1) / BATCH] = sent;
    const recording: BatchTransaction = {
      query: (sql, parameters) => tx.query(sql, parameters),
      copyFrom: (sql, source) => {
        sent.push(sql);
        return tx.copyFrom(sql, source);
      },
    };
    return this.#inner.write(recording, table, rows);
  }
}

describe('the COPY writer in the binary format', () => {
  const server = useServer();
  const zone = process.env.TZ;
  // Local time with daylight saving: the `timestamp` column's value is the Date's wall-clock time there.
  beforeAll(() => void (process.env.TZ = 'Europe/Berlin'));
  afterAll(() => void (zone === undefined ? delete process.env.TZ : (process.env.TZ = zone)));

  const load = async (database: string, writer: BatchWriter) => {
    await server.pg.query(`CREATE DATABASE ${database}`);
    const url = server.pg.urlFor(database);
    for (const sql of BINARY_ZOO_TABLE_SQL) await queryUrl(url, sql);
    return withMigratedManager(testDataSourceOptions(url, [BinaryZoo]), async (manager) => {
      await seed({ manager, config: binaryZooConfig, counts: { binary_zoo_rows: ROWS }, batchSize: BATCH, seed: 5, writer });
      const query = (sql: string) => manager.dataSource.query(sql);
      return {
        sums: await tableChecksums(query, ['binary_zoo_rows']),
        // A checksum per column: a difference names its column.
        cols: await query(`SELECT ${COLUMNS.map((c) => `md5(string_agg(${c}::text, ',' ORDER BY id)) AS ${c}`).join(', ')} FROM binary_zoo_rows`),
        rows: await query(`SELECT *, real::text AS real_text, ratio::text AS ratio_text, local::text AS local_text, day::text AS day_text, at::text AS at_text FROM binary_zoo_rows ORDER BY id`),
      };
    });
  };

  it('stores every value as the text format and the repository writer do, and sends as text only the batches holding a value the binary codecs leave to it', async () => {
    // The zone is in effect: 2023-06-01T00:00Z is 02:00 in Berlin (summer time).
    expect(new Date(Date.UTC(2023, 5, 1)).getHours()).toBe(2);
    const writer = new RecordingCopyWriter();
    const binary = await load('binary_zoo_binary', writer);
    const text = await load('binary_zoo_text', new CopyBatchWriter({ format: 'text' }));
    const repository = await load('binary_zoo_repository', new RepositoryBatchWriter());
    // The writer as seed() uses it by default: batches encoded ahead (prepareSliced), not in their transaction.
    const prepared = await load('binary_zoo_prepared', new CopyBatchWriter());
    expect(prepared.rows).toEqual(binary.rows);
    expect(binary.rows).toHaveLength(ROWS);
    expect(binary.cols).toEqual(text.cols);
    expect(binary.sums).toEqual(text.sums);
    expect(binary.rows).toEqual(text.rows);
    // node-postgres writes a Date's offset from UTC in whole minutes: a Date of year 500 in Berlin (local mean time,
    // +00:53:28) loses 28 seconds through the repository writer's INSERT. COPY sends the instant itself.
    const withoutOldInstants = (rows: Record<string, unknown>[]) => rows.map((r) => ((r.at as Date).getUTCFullYear() < 1900 ? { ...r, at: undefined, at_text: undefined } : r));
    expect(withoutOldInstants(binary.rows)).toEqual(withoutOldInstants(repository.rows));

    const textBatches = new Set(TEXT_ROWS.map((row) => Math.floor(row / BATCH)));
    expect(writer.statements).toHaveLength(Math.ceil(ROWS / BATCH));
    for (const [batch, sent] of writer.statements.entries()) {
      expect(sent?.length).toBeGreaterThan(0);
      // Rows that leave `code` to its default are a COPY of their own, in the same format.
      for (const sql of sent!) expect({ batch, binary: isBinaryCopy(sql) }).toEqual({ batch, binary: !textBatches.has(batch) });
    }
  });

  it('keeps -0 as 0, NaN and the infinities, int8 past 2^53 and at its ends, years 0500 and 9999, padded char(n), any uuid case, numerics rounded to their scale, arrays with NULL and empty elements', async () => {
    const { rows } = await load('binary_zoo_values', new CopyBatchWriter());
    const row = (i: number) => rows[i]!;
    expect([row(1).real_text, row(1).ratio_text, row(2).ratio_text, row(3).ratio_text, row(4).ratio_text]).toEqual(['0', '0', 'NaN', 'Infinity', '-Infinity']);
    expect([row(1).big, row(2).big, row(5).big, row(8).big]).toEqual(['9007199254740994', '-9223372036854775808', '9223372036854775807', '0']);
    expect([(row(1).at as Date).getUTCFullYear(), (row(2).at as Date).getUTCFullYear()]).toEqual([500, 9999]);
    expect((row(1).at as Date).getUTCMilliseconds()).toBe(123);
    expect(row(4).key).toMatch(/^00000004-0000-4000-8000-[0-9a-f]{12}$/);
    expect(row(77).key).toMatch(/^00000077-0000-4000-8000-[0-9a-f]{12}$/);
    expect(row(57).small).toBe(57);
    expect([row(0).initials, row(1).initials, row(2).initials]).toEqual(['ab   ', 'abcde', 'ü    ']);
    expect([row(0).day_text, row(1).day_text, row(2).day_text]).toEqual(['2024-02-29', '0001-01-01', '9999-12-31']);
    expect(row(0).tags).toEqual([TRICKY[0], null, TRICKY[3], '', 'NULL', '{a,b}']);
    expect([row(0).scores, row(1).scores.length]).toEqual([[], 3]);
    expect(rows.slice(0, 7).map((r: Record<string, unknown>) => r.price)).toEqual(['12.35', '-0.50', '100.00', '0.00', '0.00', '99999999.99', '0.01']);
    expect(rows.slice(0, 7).map((r: Record<string, unknown>) => r.amount)).toEqual(['1.500', '-123456789012345678901234567890.000000000001', '0.00001', '42', '7.50', '10000', '0.25']);
  });

  it('reads the column types again after the beforeLoad hook: a column it changed gets its new type, not the old one stored bit for bit', async () => {
    await server.pg.query('CREATE DATABASE binary_zoo_hooked');
    const url = server.pg.urlFor('binary_zoo_hooked');
    for (const sql of BINARY_ZOO_TABLE_SQL) await queryUrl(url, sql);
    const rows = await withMigratedManager(testDataSourceOptions(url, [BinaryZoo]), async (manager) => {
      // double precision to bigint: the same 8 bytes, which the old codec would have sent as a float's bits.
      const hooks = { beforeLoad: async ({ dataSource }: { dataSource: { query(sql: string): Promise<unknown> } }) => void (await dataSource.query('ALTER TABLE binary_zoo_rows ALTER COLUMN ratio TYPE bigint USING 0')) };
      const config = { ...binaryZooConfig, factories: [defineFactory(BinaryZoo, (ctx) => ({ ...binaryZooFactory.build(ctx), ratio: ctx.index * 2 }), { useDefaults: ['code'] })] };
      await seed({ manager, config, counts: { binary_zoo_rows: 40 }, batchSize: BATCH, seed: 5, hooks });
      return manager.dataSource.query('SELECT ratio FROM binary_zoo_rows ORDER BY id');
    });
    expect(rows.map((r: { ratio: string }) => Number(r.ratio))).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
  });
});
