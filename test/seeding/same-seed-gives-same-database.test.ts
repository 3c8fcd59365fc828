import { describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import type { BatchWriter } from '../../src/seeding/batch-writer';
import { RepositoryBatchWriter } from '../../src/seeding/repository-batch-writer';
import { seed } from '../../src/seeding/seed';
import { inNewDatabase, integrityProblems, rowCounts, tableChecksums } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 120, posts: 300, comments: 600, tags: 25, post_tags: 500, follows: 400 };

describe('seeding is a pure function of the seed', () => {
  const server = useServer();
  const checksumOf = async (database: string, options: { seed?: number; batchSize?: number; writer?: BatchWriter }) => {
    return inNewDatabase(server.pg, database, async (manager) => {
      const report = await seed({ config: exampleConfig, manager, counts: COUNTS, ...options });
      const query = (sql: string) => manager.dataSource.query(sql);
      expect(await integrityProblems(query)).toEqual([]);
      expect(await rowCounts(query)).toEqual(COUNTS);
      return { sums: await tableChecksums(query), report };
    });
  };

  it('gives equal checksums for the same seed, and whatever the batch size', async () => {
    const first = await checksumOf('same_a', { seed: 7 });
    const second = await checksumOf('same_b', { seed: 7 });
    const smallBatches = await checksumOf('same_c', { seed: 7, batchSize: 37 });
    expect(second.sums).toEqual(first.sums);
    expect(smallBatches.sums).toEqual(first.sums);
    expect(first.report.totalRows).toBe(Object.values(COUNTS).reduce((a, b) => a + b, 0));
    expect(smallBatches.report.plan.tables.find((t) => t.table === 'posts')!.batches).toBe(Math.ceil(300 / 37));
  });

  it('gives equal checksums with the COPY writer (the default) and the repository writer', async () => {
    const copy = await checksumOf('writer_copy', { seed: 7, batchSize: 50 });
    const repository = await checksumOf('writer_repository', { seed: 7, writer: new RepositoryBatchWriter() });
    expect(repository.sums).toEqual(copy.sums);
  });

  it('gives different data for a different seed', async () => {
    const one = await checksumOf('seed_one', { seed: 1 });
    const two = await checksumOf('seed_two', { seed: 2 });
    for (const table of Object.keys(COUNTS)) expect(two.sums[table], table).not.toEqual(one.sums[table]);
  });
});
