import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { schemaSnapshot, serverSettingsSnapshot } from './tuning-test-kit';
import { useServer } from '../support/use-server';

describe('tuning again after a run that never restored', () => {
  const ctx = useServer({
    exampleSchema: true,
    prepare: ({ pg: server }) => server.query(`ALTER TABLE posts SET (autovacuum_enabled = true)`),
  });

  it("keeps the values from before the first run, so restore does not 'restore' reseed's own values", async () => {
    const settingsBefore = await serverSettingsSnapshot(ctx.pg);
    const schemaBefore = await schemaSnapshot(ctx.pg);
    const file = ctx.tmp.file('state.json');
    await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.safe, store: new TuningStateStore({ file }), tables: ['posts'] });
    // The first run died; a second run tunes again with a fresh store on the same file.
    const second = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.safe, store: new TuningStateStore({ file }), tables: ['posts', 'users'] });

    expect(second.plan.changes.map((c) => c.name).sort()).toEqual(['maintenance_work_mem', 'synchronous_commit']);
    expect(second.state.settings.find((s) => s.name === 'max_wal_size')).toMatchObject({ original: '1GB', target: '8GB' });
    expect(second.state.autovacuum).toEqual([
      { table: 'public.posts', original: 'true' },
      { table: 'public.users', original: null },
    ]);

    await restoreTuning(ctx.db.runner, { store: new TuningStateStore({ file }) });
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(settingsBefore);
    expect(await schemaSnapshot(ctx.pg)).toEqual(schemaBefore);
  });
});
