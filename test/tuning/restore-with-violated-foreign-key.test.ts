import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { dropIndexesAndForeignKeys } from '../../src/tuning/drop-indexes-and-foreign-keys';
import { recreateIndexesAndForeignKeys } from '../../src/tuning/recreate-indexes-and-foreign-keys';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TuningError } from '../../src/tuning/tuning-error';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { createExampleSchema, EXAMPLE_TABLES, poolRunner, schemaSnapshot, serverSettingsSnapshot, tempDir } from './tuning-test-kit';

describe('a foreign key the loaded rows violate', () => {
  let server: TestPostgres;
  let db: ReturnType<typeof poolRunner>;
  let tmp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    server = await startPostgres();
    await createExampleSchema(server);
    db = poolRunner(server.url);
    tmp = tempDir();
  });
  afterAll(async () => {
    await db?.end();
    await server?.dispose();
    tmp?.remove();
  });

  it('does not stop the rest of the restore, and stays recorded until it can be recreated', async () => {
    const settingsBefore = await serverSettingsSnapshot(server);
    const schemaBefore = await schemaSnapshot(server);
    const store = new TuningStateStore({ file: tmp.file('state.json') });
    await applyTuning(db.runner, { profile: TUNING_PROFILES.safe, store, tables: EXAMPLE_TABLES });
    await dropIndexesAndForeignKeys(db.runner, EXAMPLE_TABLES, { store });
    // A broken load: a post whose author does not exist.
    await db.runner.query(`INSERT INTO posts (author_id, title, slug, body) VALUES (424242, 't', 'orphan', 'b')`);

    const engineError = await recreateIndexesAndForeignKeys(db.runner, { store }).catch((e: unknown) => e);
    expect(engineError).toBeInstanceOf(TuningError);
    expect((engineError as TuningError).reasons).toEqual([
      expect.stringMatching(/^foreign key fk_posts_author on public\.posts: .*violates foreign key constraint/),
    ]);

    const first = await restoreTuning(db.runner, { store });
    expect(first.settingsRestored.sort()).toEqual(['checkpoint_timeout', 'max_wal_size']);
    expect(first.tablesRestored).toHaveLength(EXAMPLE_TABLES.length);
    expect(first.problems).toEqual([expect.stringMatching(/^foreign key fk_posts_author on public\.posts/)]);
    expect(await serverSettingsSnapshot(server)).toEqual(settingsBefore);
    const left = store.loadFile();
    expect(left).toMatchObject({ settings: [], autovacuum: [], droppedIndexes: [] });
    expect(left?.droppedConstraints.map((c) => c.name)).toEqual(['fk_posts_author']);

    await db.runner.query(`DELETE FROM posts WHERE slug = 'orphan'`);
    const second = await restoreTuning(db.runner, { store });
    expect(second).toMatchObject({ constraintsRecreated: ['fk_posts_author'], settingsRestored: [], problems: [] });
    expect(await schemaSnapshot(server)).toEqual(schemaBefore);
    expect(store.loadFile()).toBeUndefined();
  });
});
