import { EntitySchema } from 'typeorm';
import { expect, it } from 'vitest';
import { defineFactory } from '../../src/seeding/define-factory';
import { MAX_BIND_PARAMETERS } from '../../src/seeding/plan-seed';
import { RepositoryBatchWriter } from '../../src/seeding/repository-batch-writer';
import { defineConfig } from '../../src/seeding/reseed-config';
import { seed } from '../../src/seeding/seed';
import { migrate, openManager, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';

const VALUE_COLUMNS = 300;
const ROWS = 1_000;
const names = Array.from({ length: VALUE_COLUMNS }, (_, i) => `c${String(i).padStart(3, '0')}`);

interface WideRow {
  id: number;
  [column: string]: number;
}

const Wide = new EntitySchema<WideRow>({
  name: 'Wide',
  tableName: 'wide_rows',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    ...Object.fromEntries(names.map((name) => [name, { type: 'integer' as const }])),
  },
});

const wideFactory = defineFactory(Wide, (ctx) => {
  const row: Record<string, number> = {};
  for (const name of names) row[name] = ctx.random.int(0, 1_000_000);
  return row as Partial<WideRow>;
});

const server = useServer();

it('keeps every batch of a 301-column entity under the 65535 bind-parameter limit and inserts it all', async () => {
  await server.pg.query(`CREATE TABLE wide_rows (id serial PRIMARY KEY, ${names.map((n) => `${n} integer NOT NULL`).join(', ')})`);
  const options = testDataSourceOptions(server.pg.url, [Wide]);
  await migrate(options);
  const manager = await openManager(options);
  const parametersPerBatch: number[] = [];
  const inner = new RepositoryBatchWriter();
  try {
    const report = await seed({
      manager,
      config: defineConfig({ entities: [Wide], factories: [wideFactory] }),
      counts: { wide_rows: ROWS },
      batchSize: 100_000,
      writer: {
        write(tx, table, rows) {
          parametersPerBatch.push(rows.length * table.columns);
          return inner.write(tx, table, rows);
        },
      },
    });
    const planned = report.plan.tables[0]!;
    expect(planned.columns).toBe(VALUE_COLUMNS + 1);
    expect(planned.batchSize).toBe(Math.floor(MAX_BIND_PARAMETERS / (VALUE_COLUMNS + 1)));
    expect(parametersPerBatch.length).toBe(Math.ceil(ROWS / planned.batchSize));
    expect(Math.max(...parametersPerBatch)).toBeLessThanOrEqual(MAX_BIND_PARAMETERS);
    const [{ n, maxid }] = await manager.dataSource.query('SELECT count(*)::int AS n, max(id) AS maxid FROM wide_rows');
    expect(n).toBe(ROWS);
    expect(maxid).toBe(ROWS);
  } finally {
    await manager.destroy();
  }
});
