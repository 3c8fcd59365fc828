import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TuningError } from '../../src/tuning/tuning-error';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { serverSettingsSnapshot } from './tuning-test-kit';
import { useServer } from '../support/use-server';

describe('wal_level = minimal on a server with a replication slot', () => {
  const ctx = useServer({ prepare: ({ pg: server }) => server.query(`SELECT pg_create_physical_replication_slot('standby_1')`) });

  it('refuses the fast profile, names the slot, and changes nothing', async () => {
    const before = await serverSettingsSnapshot(ctx.pg);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });

    const error = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TuningError);
    expect((error as TuningError).code).toBe('RESEED_TUNING_REFUSED');
    expect((error as TuningError).reasons).toEqual([
      'wal_level = minimal refused: replication slots exist (standby_1); the server would not start with them',
    ]);
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(before);
    expect(store.loadFile()).toBeUndefined();
  });

  it('lets the safe profile through: it does not touch wal_level', async () => {
    const store = new TuningStateStore({ file: ctx.tmp.file('state-safe.json') });
    const result = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.safe, store });
    expect(result.restartNeeded).toBe(false);
    expect(result.reloadedSettings).toEqual(expect.arrayContaining(['max_wal_size', 'checkpoint_timeout']));
  });
});
