import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { exampleConfigPath } from '../../src/factories/example-config-path';
import { GenerationPool } from '../../src/loading/workers/generation-pool';
import { planSeed } from '../../src/seeding/plan-seed';

async function examplePlan() {
  const dataSource = new DataSource({ type: 'postgres', entities: exampleConfig.entities });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return planSeed({ dataSource, config: exampleConfig, counts: { users: 50, posts: 50, comments: 200_000, tags: 5, post_tags: 0, follows: 0 }, seed: 1 });
}

/** Uncaught exceptions while `work` runs and a moment after (a worker's late reply arrives on its own turn). */
async function uncaughtDuring(work: () => Promise<void>): Promise<Error[]> {
  const caught: Error[] = [];
  const listeners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  const onError = (error: Error) => caught.push(error);
  process.on('uncaughtException', onError);
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    process.off('uncaughtException', onError);
    for (const listener of listeners) process.on('uncaughtException', listener);
  }
  return caught;
}

// A pool whose first worker fails the check was stopped while the second still checked: its
// reply arrived for a task the pool had dropped, which piscina reports as an 'error' event, an
// uncaught exception with no listener (CI met it; it failed the whole test run).
describe('a generation pool stopped while a task is in flight', { timeout: 120_000 }, () => {
  it('that could not load the config: the check rejects with why, and the other worker\'s reply after destroy() is no uncaught exception', async () => {
    const plan = await examplePlan();
    const caught = await uncaughtDuring(async () => {
      for (let i = 0; i < 3; i++) {
        const pool = new GenerationPool({ workers: 2, configPath: '/nowhere/reseed.config.ts' });
        await expect(pool.source(plan, {})).rejects.toThrow(/config file not found: \/nowhere\/reseed\.config\.ts/);
        await pool.destroy();
      }
    });
    expect(caught).toEqual([]);
  });
});
