/**
 * reseed on the peer workload: seed() with the COPY writer, default workers
 * and streams, under the CLI's heap-growth cap (bin/reseed.cjs sets it too)
 * (bench/peer-config.ts). Prints {"rows","ms"}.
 */
import 'reflect-metadata';
import path from 'node:path';
import { ReseedLedger1796100000000, ReseedRunOwner1796150000000 } from '../migrations';
import { DataSourceManager } from '../src/connection';
import { loadConfig } from '../src/loading/load-config';
import { generationWorkers } from '../src/loading/workers/generation-workers';
import { seed } from '../src/seeding/seed';
import { limitHeapGrowth } from '../src/cli/heap-growth';

async function main(): Promise<void> {
  limitHeapGrowth();
  const configPath = path.join(__dirname, 'peer-config.ts');
  const config = await loadConfig(configPath);
  const manager = new DataSourceManager({
    dataSourceOptions: { type: 'postgres', url: process.env.DATABASE_URL, entities: config.entities, migrations: [ReseedLedger1796100000000, ReseedRunOwner1796150000000], migrationsRun: true },
  });
  await manager.initialize();
  try {
    const counts = { users: Number(process.env.PEER_USERS), posts: Number(process.env.PEER_POSTS) };
    const report = await seed({ manager, config, counts, batches: generationWorkers({ workers: 'auto', configPath }) });
    console.log(JSON.stringify({ rows: report.totalRows, ms: report.elapsedMs }));
  } finally {
    await manager.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
