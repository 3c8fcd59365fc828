import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { dropIndexesAndForeignKeys } from '../../src/tuning/drop-indexes-and-foreign-keys';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { createExampleSchema, EXAMPLE_TABLES, poolRunner, schemaSnapshot, serverSettingsSnapshot, tempDir } from './tuning-test-kit';

describe('restore', () => {
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

  it('with nothing recorded does nothing', async () => {
    const before = await serverSettingsSnapshot(server);
    const result = await restoreTuning(db.runner, { store: new TuningStateStore({ file: tmp.file('never-written.json') }) });
    expect(result).toMatchObject({ nothingToRestore: true, settingsRestored: [], restartNeeded: false, indexesRecreated: [] });
    expect(await serverSettingsSnapshot(server)).toEqual(before);
  });

  it('run a second time changes nothing and reports nothing to restore', async () => {
    const settingsBefore = await serverSettingsSnapshot(server);
    const schemaBefore = await schemaSnapshot(server);
    const store = new TuningStateStore({ file: tmp.file('state.json') });
    await applyTuning(db.runner, { profile: TUNING_PROFILES.safe, store, tables: EXAMPLE_TABLES });
    await dropIndexesAndForeignKeys(db.runner, EXAMPLE_TABLES, { store });
    expect(await schemaSnapshot(server)).not.toEqual(schemaBefore);

    const first = await restoreTuning(db.runner, { store });
    expect(first.nothingToRestore).toBe(false);
    expect(first.settingsRestored.sort()).toEqual(['checkpoint_timeout', 'max_wal_size']);
    expect(first.restartNeeded).toBe(false);
    const settingsAfterFirst = await serverSettingsSnapshot(server);
    const schemaAfterFirst = await schemaSnapshot(server);
    expect(settingsAfterFirst).toEqual(settingsBefore);
    expect(schemaAfterFirst).toEqual(schemaBefore);

    const second = await restoreTuning(db.runner, { store });
    expect(second).toEqual({
      nothingToRestore: true,
      settingsRestored: [],
      reloadNeeded: false,
      restartNeeded: false,
      pendingSettings: [],
      tablesRestored: [],
      indexesRecreated: [],
      constraintsRecreated: [],
      problems: [],
    });
    expect(await serverSettingsSnapshot(server)).toEqual(settingsAfterFirst);
    expect(await schemaSnapshot(server)).toEqual(schemaAfterFirst);
  });
});
