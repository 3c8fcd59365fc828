import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import type { DataSourceManager } from '../../src/connection';
import { seed, type SeedOptions } from '../../src/seeding/seed';
import { SEED_ABORTED, SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { inNewDatabase, integrityProblems, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 40, posts: 90, comments: 120, tags: 10, post_tags: 80, follows: 60 };
const TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0);

const server = useServer();
let databases = 0;

/** A migrated database of its own for each case. */
async function withDatabase(work: (manager: DataSourceManager, query: (sql: string) => Promise<any[]>) => Promise<void>): Promise<void> {
  await inNewDatabase(server.pg, `aborted_${++databases}`, (manager) => work(manager, (sql) => manager.dataSource.query(sql)));
}

/** Seeds with an abort the test fires itself; resolves with what seed() threw. */
async function abortedSeed(manager: DataSourceManager, options: (controller: AbortController) => Partial<SeedOptions>): Promise<SeedAbortedError> {
  const controller = new AbortController();
  const error = await seed({ config: exampleConfig, manager, counts: COUNTS, seed: 5, signal: controller.signal, ...options(controller) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedAbortedError);
  expect((error as SeedAbortedError).code).toBe(SEED_ABORTED);
  return error as SeedAbortedError;
}

/** The run is left interrupted, and --resume finishes it with every row. */
async function expectResumable(manager: DataSourceManager, query: (sql: string) => Promise<any[]>): Promise<void> {
  expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'interrupted' }]);
  const report = await seed({ config: exampleConfig, manager, mode: 'resume' });
  expect(report.resumed).toBe(true);
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await integrityProblems(query)).toEqual([]);
  expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'done' }]);
}

it('turns an abort inside the beforeLoad hook into SeedAbortedError, before any row', async () => {
  await withDatabase(async (manager, query) => {
    const error = await abortedSeed(manager, (controller) => ({
      hooks: {
        async beforeLoad() {
          // What a tuning step does when Ctrl-C lands in it.
          controller.abort(new Error('interrupted by SIGINT'));
          controller.signal.throwIfAborted();
        },
      },
    }));
    expect(error.report.runId).toBeDefined();
    expect(error.report.totalRows).toBe(0);
    expect(error.message).toContain("can be resumed; continue it with mode: 'resume'");
    expect(await rowCounts(query)).toEqual({ users: 0, posts: 0, comments: 0, tags: 0, post_tags: 0, follows: 0 });
    await expectResumable(manager, query);
  });
});

it('turns an abort inside the afterLoad hook into SeedAbortedError with every loaded row in the report', async () => {
  await withDatabase(async (manager, query) => {
    const error = await abortedSeed(manager, (controller) => ({
      hooks: {
        async afterLoad() {
          controller.abort(new Error('interrupted by SIGINT'));
          controller.signal.throwIfAborted();
        },
      },
    }));
    expect(error.report.totalRows).toBe(TOTAL);
    expect(error.report.tables.map((t) => t.table)).toEqual(Object.keys(COUNTS));
    await expectResumable(manager, query);
  });
});

it('stops with SeedAbortedError when the abort lands while sequences are reset or tables analyzed', async () => {
  for (const step of ['sequences', 'analyze'] as const) {
    await withDatabase(async (manager, query) => {
      const error = await abortedSeed(manager, (controller) => ({
        onProgress: (event) => {
          if (event.type === 'finishing' && event.step === step) controller.abort();
        },
      }));
      expect(error.report.totalRows).toBe(TOTAL);
      await expectResumable(manager, query);
    });
  }
});

it('turns an abort while opening the run (at the resume question) into SeedAbortedError and leaves the unfinished run as it was', async () => {
  await withDatabase(async (manager, query) => {
    const first = await abortedSeed(manager, (controller) => ({
      batchSize: 20,
      onProgress: (event) => {
        if (event.type === 'batch' && event.table === 'posts') controller.abort();
      },
    }));
    const rowsBefore = await rowCounts(query);

    const error = await abortedSeed(manager, (controller) => ({
      confirm: async () => {
        // Ctrl-C at the prompt: the prompt library rejects with its own error.
        controller.abort();
        throw new Error('User force closed the prompt');
      },
    }));
    expect(error.report.runId).toBeUndefined();
    expect(error.message).toBe('seeding stopped before a run was started; nothing was written');
    expect(await rowCounts(query)).toEqual(rowsBefore);
    expect(await query('SELECT run_id FROM reseed_runs')).toEqual([{ run_id: first.report.runId }]);
    await expectResumable(manager, query);
  });
});
