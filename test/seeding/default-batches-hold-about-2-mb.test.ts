import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { DEFAULT_BATCH_BYTES, MAX_BIND_PARAMETERS, planSeed } from '../../src/seeding/plan-seed';

/** Metadata only: planning is pure logic (no connection is made). */
async function metadataOnly(): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', entities: exampleConfig.entities });
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return ds;
}

describe('default batch sizes', () => {
  it('hold about DEFAULT_BATCH_BYTES of rows by the estimate, within the bind-parameter limit', async () => {
    const plan = planSeed({ dataSource: await metadataOnly(), config: exampleConfig, preset: 'medium' });
    let capped = 0;
    for (const t of plan.tables) {
      const bindLimit = Math.floor(MAX_BIND_PARAMETERS / t.columns);
      expect(t.batchSize, t.table).toBeLessThanOrEqual(bindLimit);
      expect(t.batchSize * t.estimatedRowBytes, t.table).toBeLessThanOrEqual(DEFAULT_BATCH_BYTES);
      expect(t.batches, t.table).toBe(Math.ceil(t.count / t.batchSize));
      if (t.batchSize < bindLimit) capped++;
    }
    // posts (about 470 bytes a row) are cut below their bind limit of 6,553 rows.
    expect(capped).toBeGreaterThan(0);
  });

  it('leave an explicit batch size as asked, within the bind-parameter limit', async () => {
    const plan = planSeed({ dataSource: await metadataOnly(), config: exampleConfig, preset: 'medium', batchSize: 20_000 });
    for (const t of plan.tables) expect(t.batchSize, t.table).toBe(Math.min(20_000, Math.floor(MAX_BIND_PARAMETERS / t.columns)));
  });
});
