import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { dropIndexesAndForeignKeys } from '../../src/tuning/drop-indexes-and-foreign-keys';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { EXAMPLE_TABLES } from '../seeding/support/seeding-database';
import { schemaSnapshot, serverSettingsSnapshot } from './tuning-test-kit';
import { useServer } from '../support/use-server';

describe('restore', () => {
  const ctx = useServer({ exampleSchema: true });

  it('with nothing recorded does nothing', async () => {
    const before = await serverSettingsSnapshot(ctx.pg);
    const result = await restoreTuning(ctx.db.runner, { store: new TuningStateStore({ file: ctx.tmp.file('never-written.json') }) });
    expect(result).toMatchObject({ nothingToRestore: true, settingsRestored: [], restartNeeded: false, indexesRecreated: [] });
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(before);
  });

  it('run a second time changes nothing and reports nothing to restore', async () => {
    const settingsBefore = await serverSettingsSnapshot(ctx.pg);
    const schemaBefore = await schemaSnapshot(ctx.pg);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });
    await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.safe, store, tables: EXAMPLE_TABLES });
    await dropIndexesAndForeignKeys(ctx.db.runner, EXAMPLE_TABLES, { store });
    expect(await schemaSnapshot(ctx.pg)).not.toEqual(schemaBefore);

    const first = await restoreTuning(ctx.db.runner, { store });
    expect(first.nothingToRestore).toBe(false);
    expect(first.settingsRestored.sort()).toEqual(['checkpoint_timeout', 'max_wal_size']);
    expect(first.restartNeeded).toBe(false);
    const settingsAfterFirst = await serverSettingsSnapshot(ctx.pg);
    const schemaAfterFirst = await schemaSnapshot(ctx.pg);
    expect(settingsAfterFirst).toEqual(settingsBefore);
    expect(schemaAfterFirst).toEqual(schemaBefore);

    const second = await restoreTuning(ctx.db.runner, { store });
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
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(settingsAfterFirst);
    expect(await schemaSnapshot(ctx.pg)).toEqual(schemaAfterFirst);
  });
});
