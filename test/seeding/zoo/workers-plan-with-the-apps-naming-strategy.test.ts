import 'reflect-metadata';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generationWorkers } from '../../../src/loading/workers/generation-workers';
import type { BatchSourceOpener } from '../../../src/seeding/batch-source';
import { seed } from '../../../src/seeding/seed';
import { tableChecksums } from '../support/seeding-database';
import { useServer } from '../../support/use-server';
import { ZOO_COUNTS } from './zoo-configs';
import { createZooDatabase, zooCounts } from './zoo-database';
import { ZOO_TABLES } from './zoo-entities';

const server = useServer();
const DATA_SOURCE = path.join(__dirname, 'zoo-app-data-source.ts');

/** The zoo seeded from its data source alone (no config, as `reseed --data-source`), with `batches`. */
async function seedZoo(database: string, batches?: BatchSourceOpener) {
  const manager = await createZooDatabase(server.pg, database);
  try {
    await seed({ manager, config: {}, counts: ZOO_COUNTS, seed: 4, batchSize: 700, batches });
    const query = (sql: string) => manager.dataSource.query(sql);
    return { counts: await zooCounts(query), sums: await tableChecksums(query, ZOO_TABLES) };
  } finally {
    await manager.destroy();
  }
}

// Workers compile reseed's sources as they start (tsx): seconds apiece on a busy machine.
describe('generation workers of an app with its own naming strategy', { timeout: 240_000 }, () => {
  it("load the app's data-source file, plan with its snake_case columns as the main thread does, and give the same database", async () => {
    const main = await seedZoo('zoo_workers_main');
    const notes: string[] = [];
    const workers = await seedZoo('zoo_workers_2', generationWorkers({ workers: 2, dataSourcePath: DATA_SOURCE, onNote: (m) => notes.push(m) }));
    // No fallback: before, the workers built metadata without the naming strategy, their plan differed and the main thread generated.
    expect(notes).toEqual([]);
    expect(workers.counts).toEqual(main.counts);
    expect(Object.values(workers.counts).every((n) => n > 0)).toBe(true);
    expect(workers.sums).toEqual(main.sums);
  });

  it('refuse to start with neither a config file nor a data-source file', () => {
    expect(() => generationWorkers({ workers: 2 })).toThrow(/generationWorkers needs configPath \(the config file\) or dataSourcePath \(the data-source file\)/);
  });
});
