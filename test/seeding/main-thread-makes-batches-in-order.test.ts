import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { planSeed } from '../../src/seeding/plan-seed';
import type { PlannedTable } from '../../src/seeding/seed-plan';
import { InThreadBatchSource } from '../../src/seeding/in-thread-batch-source';
import { RowGenerator, type GeneratedRow } from '../../src/seeding/row-generator';
import type { BatchWriter } from '../../src/seeding/batch-writer';

/** Metadata only: planning is pure logic (no connection is made). */
async function metadataOnly(): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', entities: exampleConfig.entities });
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return ds;
}

describe('batches made on the main thread', () => {
  it('are made one at a time, in the order they were asked for', async () => {
    const plan = planSeed({ dataSource: await metadataOnly(), config: exampleConfig, preset: 'small' });
    const users = plan.tables.find((t) => t.table === 'users')!;
    const posts = plan.tables.find((t) => t.table === 'posts')!;
    const events: string[] = [];
    const writer: BatchWriter = {
      write: async () => undefined,
      async prepareSliced(table: PlannedTable, slices: AsyncIterable<readonly GeneratedRow[]>) {
        for await (const slice of slices) events.push(`${table.table}:${slice.length}`);
        events.push(`${table.table}:done`);
        return async () => undefined;
      },
    };
    const source = new InThreadBatchSource(new RowGenerator(plan.seed, plan.tables), writer);
    // Asked for together (the prefetch does: a table's batch and the next table's first).
    const batches = await Promise.all([source.prepare(users, 0, 200), source.prepare(posts, 0, 600), source.prepare(users, 0, 1)]);
    expect(batches.map((b) => b.rows)).toEqual([200, 600, 1]);
    // Slice by slice interleaved, users' batch would be ready only when posts' were nearly made too.
    expect(events).toEqual(['users:200', 'users:done', 'posts:256', 'posts:256', 'posts:88', 'posts:done', 'users:1', 'users:done']);
  });

  it('are made the most urgent first: a loading table\'s next batch before the first of a table that cannot start yet, a batch hurried when taken', async () => {
    const plan = planSeed({ dataSource: await metadataOnly(), config: exampleConfig, preset: 'small' });
    const [users, posts, tags] = ['users', 'posts', 'tags'].map((name) => plan.tables.find((t) => t.table === name)!);
    const made: string[] = [];
    const writer: BatchWriter = {
      write: async () => undefined,
      async prepareSliced(table: PlannedTable, slices: AsyncIterable<readonly GeneratedRow[]>) {
        let rows = 0;
        for await (const slice of slices) rows += slice.length;
        made.push(`${table.table}:${rows}`);
        return async () => undefined;
      },
    };
    const source = new InThreadBatchSource(new RowGenerator(plan.seed, plan.tables), writer);
    const batches = [
      source.prepare(users!, 0, 10, 'now'),
      source.prepare(posts!, 0, 20, 'later'),
      source.prepare(posts!, 20, 30, 'later'),
      source.prepare(users!, 10, 40, 'ahead'),
      source.prepare(tags!, 0, 50, 'now'),
    ];
    // posts can start now: its second batch, asked for as 'later', is hurried.
    source.hurry(posts!, 20);
    await Promise.all(batches);
    // users:10 was begun at once; then the urgent ones in the order asked, then 'ahead', then 'later'.
    expect(made).toEqual(['users:10', 'posts:30', 'tags:50', 'users:40', 'posts:20']);
  });

  it('go on after a batch that failed', async () => {
    const plan = planSeed({ dataSource: await metadataOnly(), config: exampleConfig, preset: 'small' });
    const users = plan.tables.find((t) => t.table === 'users')!;
    let calls = 0;
    const writer: BatchWriter = {
      write: async () => undefined,
      async prepareSliced(_table: PlannedTable, slices: AsyncIterable<readonly GeneratedRow[]>) {
        for await (const _ of slices) if (calls++ === 0) throw new Error('encoding failed');
        return async () => undefined;
      },
    };
    const source = new InThreadBatchSource(new RowGenerator(plan.seed, plan.tables), writer);
    const first = source.prepare(users, 0, 10);
    const second = source.prepare(users, 10, 10);
    await expect(first).rejects.toThrow('encoding failed');
    expect((await second).rows).toBe(10);
  });
});
