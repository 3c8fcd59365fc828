import path from 'node:path';
import { DataSourceManager, loadConfig, ReseedLedger1796100000000, ReseedRunOwner1796150000000, seed, type SeedReport } from '../src';
import { ShopSchema1796200000000 } from './shop/shop-schema-migration';

/** Fills a test database from reseed.config.ts: call it from your test suite's global setup. */
export async function seedTestDatabase(url: string): Promise<SeedReport> {
  const config = await loadConfig(path.join(__dirname, 'reseed.config.ts'));
  const manager = new DataSourceManager({
    dataSourceOptions: {
      type: 'postgres',
      url,
      entities: config.entities,
      // Your schema's migrations plus reseed's ledger table.
      migrations: [ShopSchema1796200000000, ReseedLedger1796100000000, ReseedRunOwner1796150000000],
      migrationsRun: true,
    },
  });
  await manager.initialize();
  try {
    // Same seed, same rows, every time; truncate replaces what an earlier setup left.
    return await seed({ manager, config, seed: 42, mode: 'truncate', confirm: async () => true });
  } finally {
    await manager.destroy();
  }
}
