import path from 'node:path';
import { expect, it } from 'vitest';
import { ShopSchema1796200000000 } from '../../examples/shop/shop-schema-migration';
import { DataSourceManager, loadConfig, ReseedLedger1796100000000, ReseedRunOwner1796150000000, seed, SeedInputError } from '../../src';
import { migrate } from '../seeding/support/seeding-database';
import { useServer } from '../support/use-server';

const CONFIG_PATH = path.join(__dirname, '..', '..', 'examples', 'reseed.config.ts');

const server = useServer();

it('seeds the products/orders example from examples/reseed.config.ts through the public API', async () => {
  const config = await loadConfig(CONFIG_PATH);
  const dataSourceOptions = {
    type: 'postgres' as const,
    url: server.pg.url,
    entities: config.entities,
    migrations: [ShopSchema1796200000000, ReseedLedger1796100000000, ReseedRunOwner1796150000000],
  };
  await migrate(dataSourceOptions);
  const manager = new DataSourceManager({ dataSourceOptions });
  await manager.initialize();
  try {
    const report = await seed({ manager, config, seed: 42 });
    expect(report.plan.tables.map((t) => [t.table, t.count])).toEqual([
      ['products', 200],
      ['orders', 2_000],
    ]);
    expect(report.totalRows).toBe(2_200);
    const query = (sql: string) => manager.dataSource.query(sql);
    // Every order's total is its product's price times the quantity: recomputed, never read back.
    expect(await query(`SELECT count(*)::int AS n FROM orders o JOIN products p ON p.id = o.product_id WHERE o.total_cents <> p.price_cents * o.quantity`)).toEqual([{ n: 0 }]);
    expect(await query(`SELECT count(DISTINCT sku)::int AS n FROM products`)).toEqual([{ n: 200 }]);
    // Popular products sell most.
    const [{ share }] = await query(`SELECT (sum(n) FILTER (WHERE rk <= 20))::float / sum(n) AS share FROM (SELECT count(*) AS n, rank() OVER (ORDER BY count(*) DESC) AS rk FROM orders GROUP BY product_id) t`);
    expect(share).toBeGreaterThan(0.4);
  } finally {
    await manager.destroy();
  }
});

it('names the file when a config cannot be found', async () => {
  const error = await loadConfig('examples/missing.config.ts').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SeedInputError);
  expect((error as Error).message).toMatch(/config file not found: .*examples\/missing\.config\.ts/);
});
