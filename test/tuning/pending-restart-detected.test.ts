import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { useServer } from '../support/use-server';

describe('applying the fast profile', () => {
  const ctx = useServer();

  it('detects that postmaster settings wait for a restart and reload settings are active', async () => {
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });
    const result = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store });

    expect(result.restartNeeded).toBe(true);
    expect(result.pendingSettings).toEqual(expect.arrayContaining(['wal_level', 'max_wal_senders', 'wal_buffers']));
    expect(result.reloadedSettings).toEqual(expect.arrayContaining(['max_wal_size', 'checkpoint_timeout']));
    expect(result.sessionSettings).toMatchObject({ synchronous_commit: 'off' });
    expect(result.sessionSettings.maintenance_work_mem).toMatch(/^\d+(MB|GB)$/);

    const rows = await ctx.pg.query<{ name: string; pending_restart: boolean; setting: string }>(
      `SELECT name, pending_restart, setting FROM pg_settings WHERE name IN ('wal_level', 'max_wal_senders', 'max_wal_size')`,
    );
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.wal_level).toMatchObject({ pending_restart: true, setting: 'replica' });
    expect(byName.max_wal_senders.pending_restart).toBe(true);
    expect(byName.max_wal_size).toMatchObject({ pending_restart: false, setting: '8192' });

    // The harness sets shared_buffers in a configuration file, as an ordinary server does: ALTER SYSTEM wins after a restart.
    expect(result.pendingSettings).toContain('shared_buffers');
    expect(result.plan.skipped.map((s) => s.name)).not.toContain('shared_buffers');

    // Originals were recorded, in the file and in the table.
    const fromFile = store.loadFile();
    expect(fromFile?.settings.find((s) => s.name === 'wal_level')).toMatchObject({
      original: 'replica',
      target: 'minimal',
      inAutoConf: false,
      applied: true,
      scope: 'restart',
    });
    const [row] = await ctx.pg.query<{ n: number }>(`SELECT jsonb_array_length(state->'settings')::int AS n FROM reseed_tuning_state`);
    expect(row.n).toBe(fromFile?.settings.length);
  });
});
