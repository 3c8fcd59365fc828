import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { dropIndexesAndForeignKeys } from '../../src/tuning/drop-indexes-and-foreign-keys';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { restartSkipReason } from '../support/postgres';
import { EXAMPLE_TABLES } from '../seeding/support/seeding-database';
import { reconnectedRunner, schemaSnapshot, serverSettingsSnapshot } from './tuning-test-kit';
import { poolRunner } from '../support/pool-runner';
import { useServer } from '../support/use-server';

describe('a crash in the middle of a tuned load', () => {
  const ctx = useServer({ exampleSchema: true });

  it('is undone by restore: settings, autovacuum, indexes and foreign keys are back', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const settingsBefore = await serverSettingsSnapshot(ctx.pg);
    const schemaBefore = await schemaSnapshot(ctx.pg);
    const file = ctx.tmp.file('tuning-state.json');

    // Phase one: tune, restart into the tuned settings, drop the indexes, start loading.
    const first = poolRunner(ctx.pg.url);
    ctx.pools.push(first);
    const applied = await applyTuning(first.runner, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file }), tables: EXAMPLE_TABLES });
    expect(applied.pendingSettings).toContain('wal_level');
    await first.end();
    await ctx.pg.restart();
    const loading = await reconnectedRunner(ctx.pg.url, ctx.pools);
    const dropped = await dropIndexesAndForeignKeys(loading, EXAMPLE_TABLES, { store: new TuningStateStore({ file }) });
    expect(dropped.constraints.length).toBe(7);
    expect(dropped.indexes.length).toBe(5);
    await loading.query(`INSERT INTO users (email, username, display_name) SELECT 'u' || g || '@x', 'u' || g, 'U' FROM generate_series(1, 500) g`);
    await loading.query(`INSERT INTO posts (author_id, title, slug, body) SELECT g, 't', 's' || g, 'b' FROM generate_series(1, 500) g`);
    const [tuned] = await loading.query<{ wal_level: string }>(`SELECT current_setting('wal_level') AS wal_level`);
    expect(tuned.wal_level).toBe('minimal');

    // The crash: SIGKILL of the postmaster, then the server comes back on its own settings.
    await ctx.pg.kill();
    await ctx.pg.start();

    // `reseed restore` in a new process: a fresh store reading the same file.
    const after = await reconnectedRunner(ctx.pg.url, ctx.pools);
    const restored = await restoreTuning(after, { store: new TuningStateStore({ file }) });
    expect(restored.nothingToRestore).toBe(false);
    expect(restored.indexesRecreated.sort()).toEqual(dropped.indexes.map((i) => i.name).sort());
    expect(restored.constraintsRecreated.sort()).toEqual(dropped.constraints.map((c) => c.name).sort());
    expect(restored.tablesRestored.length).toBe(EXAMPLE_TABLES.length);
    expect(restored.restartNeeded).toBe(true);
    expect(restored.pendingSettings).toEqual(expect.arrayContaining(['wal_level', 'max_wal_senders']));
    expect(await schemaSnapshot(ctx.pg)).toEqual(schemaBefore);

    // The second restart finishes the restore: every setting as it was before reseed.
    await ctx.pg.restart();
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(settingsBefore);
  });
});
