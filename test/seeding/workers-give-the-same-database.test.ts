import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACTORY_ERROR, FactoryError } from '../../src/seeding/factory-error';
import throwsInAWorker from './fixtures/factory-throws-in-a-worker.config';
import { exampleConfig } from '../../src/factories/example-config';
import { generationWorkers } from '../../src/loading/workers/generation-workers';
import { seed, type SeedOptions } from '../../src/seeding/seed';
import { exampleWorkers } from './support/example-workers';
import { inNewDatabase, integrityProblems, rowCounts, tableChecksums } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 150, posts: 400, comments: 900, tags: 30, post_tags: 500, follows: 400 };

// Each worker compiles the sources on start (tsx): seconds apiece on a busy machine.
describe('generation in worker threads', { timeout: 240_000 }, () => {
  const server = useServer();
  const checksumOf = async (database: string, options: Partial<SeedOptions>) =>
    inNewDatabase(server.pg, database, async (manager) => {
      await seed({ config: exampleConfig, manager, counts: COUNTS, seed: 5, ...options });
      const query = (sql: string) => manager.dataSource.query(sql);
      expect(await integrityProblems(query)).toEqual([]);
      expect(await rowCounts(query)).toEqual(COUNTS);
      return tableChecksums(query);
    });

  it('gives the same database for 1, 2, 3 and 4 workers as on the main thread, whatever the batch size and however the workers share a batch', async () => {
    const main = await checksumOf('workers_0', {});
    expect(await checksumOf('workers_1', { batches: exampleWorkers(1), batchSize: 64 })).toEqual(main);
    expect(await checksumOf('workers_2', { batches: exampleWorkers(2) })).toEqual(main);
    expect(await checksumOf('workers_4', { batches: exampleWorkers(4), batchSize: 37 })).toEqual(main);
    // Batches of 800 rows, shared by 3 workers in pieces of 266-267 rows (MIN_PIECE_ROWS is 256).
    expect(await checksumOf('workers_3', { batches: exampleWorkers(3), batchSize: 800 })).toEqual(main);
  });

  it('gives the same database after an abort and a resume with another worker count', async () => {
    const main = await checksumOf('resume_ref', {});
    const resumed = await inNewDatabase(server.pg, 'resume_workers', async (manager) => {
      const abort = new AbortController();
      let batches = 0;
      await expect(
        seed({
          config: exampleConfig,
          manager,
          counts: COUNTS,
          seed: 5,
          batches: exampleWorkers(2),
          batchSize: 50,
          signal: abort.signal,
          onProgress: (e) => e.type === 'batch' && ++batches === 9 && abort.abort(),
        }),
      ).rejects.toThrow();
      const query = (sql: string) => manager.dataSource.query(sql);
      const partial = await rowCounts(query);
      expect(Object.values(partial).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(partial).not.toEqual(COUNTS);
      await seed({ config: exampleConfig, manager, mode: 'resume', batches: exampleWorkers(4), batchSize: 80 });
      expect(await integrityProblems(query)).toEqual([]);
      return tableChecksums(query);
    });
    expect(resumed).toEqual(main);
  });

  it('falls back to the main thread, saying why, when the workers cannot load the config, with the same data', async () => {
    const main = await checksumOf('fallback_ref', {});
    const notes: string[] = [];
    const batches = generationWorkers({ workers: 2, configPath: '/nowhere/reseed.config.ts', onNote: (m) => notes.push(m) });
    expect(await checksumOf('fallback_workers', { batches })).toEqual(main);
    expect(notes).toEqual([expect.stringMatching(/^generation stays on the main thread: the workers could not take the run \(config file not found: \/nowhere\/reseed\.config\.ts/)]);
  });

  it("a factory that throws in a worker reaches the caller as the FactoryError it was, with the factory's message", async () => {
    // Imported here (the test's own entity classes, as its manager has them); loaded by path in the worker.
    const configPath = path.join(__dirname, 'fixtures', 'factory-throws-in-a-worker.config.ts');
    const error = await inNewDatabase(server.pg, 'worker_factory_error', (manager) =>
      seed({ config: throwsInAWorker, manager, counts: COUNTS, seed: 5, batches: generationWorkers({ workers: 1, configPath }) }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(FactoryError);
    expect(error).toMatchObject({ code: FACTORY_ERROR, table: 'comments', rowIndex: 20, factory: 'factory of Comment' });
    expect((error as Error).message).toMatch(/^the factory of Comment threw on row 21 of comments: no body for this comment; fix the factory/);
  });
});
