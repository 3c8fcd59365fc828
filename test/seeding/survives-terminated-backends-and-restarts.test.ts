import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { exampleWorkers } from './support/example-workers';
import type { SeedProgressEvent } from '../../src/seeding/seed-progress-event';
import { inNewDatabase, integrityProblems, rowCounts, tableChecksums } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 150, posts: 400, comments: 800, tags: 30, post_tags: 600, follows: 500 };
const BATCH_SIZE = 40;

const server = useServer();

async function seedDatabase(database: string, workers: number, onBatch?: (batches: number) => void) {
  return inNewDatabase(server.pg, database, async (manager) => {
    const events: SeedProgressEvent['type'][] = [];
    let batches = 0;
    const report = await seed({
      config: exampleConfig,
      manager,
      counts: COUNTS,
      seed: 3,
      batchSize: BATCH_SIZE,
      batches: exampleWorkers(workers),
      onProgress: (event) => {
        events.push(event.type);
        if (event.type === 'batch') onBatch?.(++batches);
      },
    });
    const query = (sql: string) => manager.dataSource.query(sql);
    return { report, events, sums: await tableChecksums(query), counts: await rowCounts(query), problems: await integrityProblems(query), status: await query('SELECT status FROM reseed_runs') };
  });
}

// An external TEST_DATABASE_URL server may not be restarted by tests (see test/support/postgres.ts).
it.skipIf(Boolean(process.env.TEST_DATABASE_URL))('finishes, generating in 2 workers, with the checksum of an uninterrupted run on the main thread after backends are terminated and the server restarts twice', async () => {
  const faults: Promise<unknown>[] = [];
  const interrupted = await seedDatabase('interrupted', 2, (batches) => {
    if (batches === 4) faults.push(server.pg.terminateBackends());
    if (batches === 12) faults.push(server.pg.restart({ mode: 'fast' }));
    if (batches === 30) faults.push(server.pg.restart({ mode: 'immediate' }));
  });
  await Promise.all(faults);
  const reference = await seedDatabase('reference', 0);

  expect(interrupted.counts).toEqual(COUNTS);
  expect(interrupted.problems).toEqual([]);
  expect(interrupted.sums).toEqual(reference.sums);
  expect(interrupted.report.reconnects).toBeGreaterThanOrEqual(2);
  expect(interrupted.events).toContain('reconnecting');
  expect(interrupted.events).toContain('reconnected');
  expect(interrupted.status).toEqual([{ status: 'done' }]);
});
