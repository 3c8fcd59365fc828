import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { serverSettingsSnapshot } from './tuning-test-kit';
import { useServer } from '../support/use-server';

describe('a setting the administrator had set with ALTER SYSTEM', () => {
  const ctx = useServer({
    prepare: async ({ pg: server }) => {
      await server.query(`ALTER SYSTEM SET max_wal_size = '2GB'`);
      await server.query(`SELECT pg_reload_conf()`);
    },
  });

  it('is set back to its value in postgresql.auto.conf, while the others are reset', async () => {
    const before = await serverSettingsSnapshot(ctx.pg);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });
    const applied = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.safe, store });
    expect(applied.state.settings.find((s) => s.name === 'max_wal_size')).toMatchObject({ inAutoConf: true, autoConfValue: '2GB', target: '8GB' });
    expect(applied.state.settings.find((s) => s.name === 'checkpoint_timeout')).toMatchObject({ inAutoConf: false, autoConfValue: null });
    const during = await ctx.pg.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf' ORDER BY name`,
    );
    expect(during).toEqual([
      { name: 'checkpoint_timeout', setting: '30min' },
      { name: 'max_wal_size', setting: '8GB' },
    ]);

    await restoreTuning(ctx.db.runner, { store });

    const after = await ctx.pg.query(`SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'`);
    expect(after).toEqual([{ name: 'max_wal_size', setting: '2GB' }]);
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(before);
  });
});
