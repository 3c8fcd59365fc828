import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { dropIndexesAndForeignKeys } from '../../src/tuning/drop-indexes-and-foreign-keys';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { schemaSnapshot, serverSettingsSnapshot } from './tuning-test-kit';
import { poolRunner, tempDir } from '../support/pool-runner';
import { useServer } from '../support/use-server';

describe('restore when the state table is gone', () => {
  const ctx = useServer({ exampleSchema: true });

  it('works from the local state file alone', async () => {
    const settingsBefore = await serverSettingsSnapshot(ctx.pg);
    const schemaBefore = await schemaSnapshot(ctx.pg);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });
    await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.safe, store, tables: ['posts', 'comments'] });
    await dropIndexesAndForeignKeys(ctx.db.runner, ['comments'], { store });
    await ctx.db.runner.query('DROP TABLE reseed_tuning_state');

    const result = await restoreTuning(ctx.db.runner, { store: new TuningStateStore({ file: store.file }) });

    expect(result.settingsRestored.sort()).toEqual(['checkpoint_timeout', 'max_wal_size']);
    expect(result.indexesRecreated.sort()).toEqual(['public.idx_comments_author_id', 'public.idx_comments_post_id']);
    expect(result.constraintsRecreated.sort()).toEqual(['fk_comments_author', 'fk_comments_post']);
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(settingsBefore);
    expect(await schemaSnapshot(ctx.pg)).toEqual(schemaBefore);
  });
});

describe('restore on another database than the one tuned', () => {
  const ctx = useServer({ prepare: ({ pg: server }) => server.query('CREATE DATABASE elsewhere') });

  it('is refused, naming both databases, and the state is kept for the right one', async () => {
    const tuned = poolRunner(ctx.pg.url);
    const other = poolRunner(ctx.pg.urlFor('elsewhere'));
    ctx.pools.push(tuned, other);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });
    await applyTuning(tuned.runner, { profile: TUNING_PROFILES.safe, store });

    const error = await restoreTuning(other.runner, { store }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'RESEED_TUNING_STATE_FAILED',
      message: expect.stringContaining(`recorded for database "${ctx.pg.database}", but this connection is to "elsewhere"`),
    });
    expect(store.loadFile()).toBeDefined();
    const restored = await restoreTuning(tuned.runner, { store });
    expect(restored.settingsRestored.sort()).toEqual(['checkpoint_timeout', 'max_wal_size']);
  });
});

describe('restore on another cluster than the one tuned', () => {
  let tuned: TestPostgres;
  let other: TestPostgres;
  let tmp: ReturnType<typeof tempDir>;
  const pools: Array<ReturnType<typeof poolRunner>> = [];

  beforeAll(async () => {
    [tuned, other] = await Promise.all([startPostgres(), startPostgres()]);
    tmp = tempDir();
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await Promise.all([tuned?.dispose(), other?.dispose()]);
    tmp?.remove();
  });

  it('is refused even when the database names match, and changes nothing there', async (context) => {
    if (tuned.provider === 'external') return context.skip('an external TEST_DATABASE_URL is one cluster; this needs two');
    const a = poolRunner(tuned.url);
    const b = poolRunner(other.url);
    pools.push(a, b);
    expect(other.database).toBe(tuned.database);
    const store = new TuningStateStore({ file: tmp.file('state.json') });
    await applyTuning(a.runner, { profile: TUNING_PROFILES.safe, store });
    const before = await serverSettingsSnapshot(other);

    const error = await restoreTuning(b.runner, { store }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESEED_TUNING_STATE_FAILED', message: expect.stringMatching(/recorded on another PostgreSQL cluster/) });
    expect(await serverSettingsSnapshot(other)).toEqual(before);
  });
});
