import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { dropIndexesAndForeignKeys } from '../../src/tuning/drop-indexes-and-foreign-keys';
import { recreateIndexesAndForeignKeys } from '../../src/tuning/recreate-indexes-and-foreign-keys';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TuningError } from '../../src/tuning/tuning-error';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { EXAMPLE_TABLES } from '../seeding/support/seeding-database';
import { schemaSnapshot, serverSettingsSnapshot } from './tuning-test-kit';
import { useServer } from '../support/use-server';

describe('a foreign key the loaded rows violate', () => {
  const ctx = useServer({ exampleSchema: true });

  it('does not stop the rest of the restore, and stays recorded until it can be recreated', async () => {
    const settingsBefore = await serverSettingsSnapshot(ctx.pg);
    const schemaBefore = await schemaSnapshot(ctx.pg);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });
    await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.safe, store, tables: EXAMPLE_TABLES });
    await dropIndexesAndForeignKeys(ctx.db.runner, EXAMPLE_TABLES, { store });
    // A broken load: a post whose author does not exist.
    await ctx.db.runner.query(`INSERT INTO posts (author_id, title, slug, body) VALUES (424242, 't', 'orphan', 'b')`);

    const engineError = await recreateIndexesAndForeignKeys(ctx.db.runner, { store }).catch((e: unknown) => e);
    expect(engineError).toBeInstanceOf(TuningError);
    expect((engineError as TuningError).reasons).toEqual([
      expect.stringMatching(/^foreign key fk_posts_author on public\.posts: .*violates foreign key constraint/),
    ]);

    const first = await restoreTuning(ctx.db.runner, { store });
    expect(first.settingsRestored.sort()).toEqual(['checkpoint_timeout', 'max_wal_size']);
    expect(first.tablesRestored).toHaveLength(EXAMPLE_TABLES.length);
    expect(first.problems).toEqual([expect.stringMatching(/^foreign key fk_posts_author on public\.posts/)]);
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(settingsBefore);
    const left = store.loadFile();
    expect(left).toMatchObject({ settings: [], autovacuum: [], droppedIndexes: [] });
    expect(left?.droppedConstraints.map((c) => c.name)).toEqual(['fk_posts_author']);

    await ctx.db.runner.query(`DELETE FROM posts WHERE slug = 'orphan'`);
    const second = await restoreTuning(ctx.db.runner, { store });
    expect(second).toMatchObject({ constraintsRecreated: ['fk_posts_author'], settingsRestored: [], problems: [] });
    expect(await schemaSnapshot(ctx.pg)).toEqual(schemaBefore);
    expect(store.loadFile()).toBeUndefined();
  });
});
