import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { exampleConfigPath } from '../../src/factories/example-config-path';
import { AUTO_WORKERS_MIN_BYTES, generationWorkers } from '../../src/loading/workers/generation-workers';
import { defaultWorkerCount, GenerationPool } from '../../src/loading/workers/generation-pool';
import type { BatchTransaction } from '../../src/seeding/batch-transaction';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import { inThreadBatches } from '../../src/seeding/in-thread-batch-source';
import { planSeed } from '../../src/seeding/plan-seed';
import { RepositoryBatchWriter } from '../../src/seeding/repository-batch-writer';
import type { OpenedBatchSource } from '../../src/seeding/batch-source';
import type { SeedPlan } from '../../src/seeding/seed-plan';

/** The example's plan for `counts`, from metadata alone (workers never touch a database). */
async function planFor(counts: Record<string, number>): Promise<SeedPlan> {
  const dataSource = new DataSource({ type: 'postgres', entities: exampleConfig.entities });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return planSeed({ dataSource, config: exampleConfig, counts, seed: 3 });
}

/** The COPY text a batch source writes for rows [start, start + count) of `table`. */
async function copyText(opened: OpenedBatchSource, plan: SeedPlan, table: string, start: number, count: number): Promise<string> {
  const batch = await opened.source.prepare(plan.tables.find((t) => t.table === table)!, start, count);
  let text = '';
  const tx = {
    query: async (sql: string, params?: unknown[]) => {
      text += `${sql} ${JSON.stringify(params)}\n`;
      return [];
    },
    copyFrom: async (sql: string, chunks: Iterable<string | Buffer>) => {
      text += `${sql}\n`;
      for (const chunk of chunks) text += chunk.toString();
    },
  } as unknown as BatchTransaction;
  await batch.write(tx);
  return text;
}

const SMALL = { users: 40, posts: 60, comments: 900, tags: 10, post_tags: 30, follows: 20 };

// Workers compile reseed's sources as they start (tsx): seconds apiece on a busy machine.
describe('generation workers started before the plan', { timeout: 120_000 }, () => {
  it('are taken by the run when it wants as many, and make what the main thread makes', async () => {
    const batches = generationWorkers({ workers: 2, configPath: exampleConfigPath() });
    batches.warm();
    expect(batches.warming).toBe(2);
    const plan = await planFor(SMALL);
    const opened = await batches(plan, new CopyBatchWriter(), {});
    const main = await inThreadBatches(plan, new CopyBatchWriter(), {});
    try {
      expect(batches.warming).toBe(0);
      expect(opened.where).toBe('2 workers');
      // 700 rows: shared by the two workers, 350 each.
      const fromWorkers = await copyText(opened, plan, 'comments', 100, 700);
      expect(fromWorkers.split('\n').length).toBeGreaterThan(700);
      expect(fromWorkers).toEqual(await copyText(main, plan, 'comments', 100, 700));
    } finally {
      await opened.close();
      await batches.release();
    }
  });

  it('stop when the run wants none or another count, and when no run takes them', async () => {
    const auto = generationWorkers({ workers: 'auto', configPath: exampleConfigPath() });
    auto.warm();
    expect(auto.warming).toBe(defaultWorkerCount());
    // Below AUTO_WORKERS_MIN_BYTES the run generates on the main thread: the warm workers stop.
    const small = await planFor(SMALL);
    expect(small.estimatedBytes).toBeLessThan(AUTO_WORKERS_MIN_BYTES);
    const opened = await auto(small, new CopyBatchWriter(), {});
    expect(opened.where).toBe('main thread');
    expect(auto.warming).toBe(0);
    await opened.close();

    // A writer workers cannot encode for: the main thread, the warm workers stopped.
    const explicit = generationWorkers({ workers: 1, configPath: exampleConfigPath() });
    explicit.warm();
    const repository = await explicit(small, new RepositoryBatchWriter(), {});
    expect(repository.where).toBe('main thread');
    expect(explicit.warming).toBe(0);
    await repository.close();

    const unused = generationWorkers({ workers: 1, configPath: exampleConfigPath() });
    unused.warm(2);
    expect(unused.warming).toBe(2);
    await unused.release();
    expect(unused.warming).toBe(0);
    // warm(0) starts nothing.
    unused.warm(0);
    expect(unused.warming).toBe(0);
  });

  it('started before the config is known are given its files later, and taken by the run', async () => {
    const started = new GenerationPool({ workers: 2 });
    expect(started.sources).toBeUndefined();
    const batches = generationWorkers({ workers: 2, configPath: exampleConfigPath(), started });
    batches.warm();
    expect(batches.warming).toBe(2);
    expect(started.sources?.configPath).toBe(exampleConfigPath());
    const plan = await planFor(SMALL);
    const opened = await batches(plan, new CopyBatchWriter(), {});
    const main = await inThreadBatches(plan, new CopyBatchWriter(), {});
    try {
      expect(opened.where).toBe('2 workers');
      expect(batches.warming).toBe(0);
      expect(await copyText(opened, plan, 'posts', 3, 57)).toEqual(await copyText(main, plan, 'posts', 3, 57));
    } finally {
      await opened.close();
      await batches.release();
    }
    // A pool given no files has nothing to plan with; one given them twice says so.
    const bare = new GenerationPool({ workers: 1 });
    await expect(bare.source(plan, {})).rejects.toThrow(/given no config or data-source file/);
    bare.load({ configPath: exampleConfigPath() });
    expect(() => bare.load({ configPath: exampleConfigPath() })).toThrow(/loads its sources once/);
    await bare.destroy();
  });

  it('started before the config and not taken stop with the opener', async () => {
    // Another count than the run's: the started pool is not taken, and stops when the run opens.
    const started = new GenerationPool({ workers: 1 });
    const batches = generationWorkers({ workers: 2, configPath: exampleConfigPath(), started });
    const opened = await batches(await planFor(SMALL), new CopyBatchWriter(), {});
    expect(opened.where).toBe('2 workers');
    await opened.close();
    await expect(started.source(await planFor(SMALL), {})).rejects.toThrow();
    // Never opened: release() stops it.
    const idle = new GenerationPool({ workers: 1 });
    await generationWorkers({ workers: 1, configPath: exampleConfigPath(), started: idle }).release();
    await expect(idle.source(await planFor(SMALL), {})).rejects.toThrow();
  });

  it('that cannot load the config leave the run to the main thread, saying why', async () => {
    const notes: string[] = [];
    const batches = generationWorkers({ workers: 1, configPath: '/nowhere/reseed.config.ts', onNote: (m) => notes.push(m) });
    batches.warm();
    const opened = await batches(await planFor(SMALL), new CopyBatchWriter(), {});
    expect(opened.where).toBe('main thread');
    expect(notes).toEqual([expect.stringMatching(/^generation stays on the main thread: the workers could not take the run \(config file not found: \/nowhere\/reseed\.config\.ts/)]);
    await opened.close();
  });
});
