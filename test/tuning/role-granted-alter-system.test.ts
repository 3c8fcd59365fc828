import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { captureLogger, createLoaderRole, loaderUrl, serverSettingsSnapshot } from './tuning-test-kit';
import { useServer } from '../support/use-server';

describe('a non-superuser granted ALTER SYSTEM on some parameters', () => {
  const ctx = useServer({
    prepare: async ({ pg: server }) => {
      await createLoaderRole(server);
      await server.query(`GRANT ALTER SYSTEM ON PARAMETER max_wal_size, checkpoint_timeout, wal_buffers TO loader`);
      await server.query(`GRANT EXECUTE ON FUNCTION pg_reload_conf() TO loader`);
    },
    runnerUrl: loaderUrl,
  });

  it('changes exactly the granted ones, warns about the rest, and restores them', async () => {
    const before = await serverSettingsSnapshot(ctx.pg, { ignorePending: true });
    const logger = captureLogger();
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json'), logger });

    const result = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store, logger });

    expect(result.reloadedSettings.sort()).toEqual(['checkpoint_timeout', 'max_wal_size']);
    expect(result.pendingSettings).toEqual(['wal_buffers']);
    expect(result.plan.skipped.map((s) => s.name)).toEqual(expect.arrayContaining(['wal_level', 'max_wal_senders']));
    expect(logger.warns.join('\n')).toMatch(/role loader may not ALTER SYSTEM/);
    // No CREATE on schema public for this role: the state lives in the file, and that is said.
    expect(logger.warns.join('\n')).toMatch(/tuning state kept in .*state\.json only/);
    const [row] = await ctx.pg.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'max_wal_size'`);
    expect(row.setting).toBe('8192');

    const restored = await restoreTuning(ctx.db.runner, { store });
    expect(restored.settingsRestored.sort()).toEqual(['checkpoint_timeout', 'max_wal_size', 'wal_buffers']);
    // wal_buffers = 64MB never went live (no restart), so undoing it needs none either.
    expect(restored.restartNeeded).toBe(false);
    // The active values are all back. max_wal_size came from "a configuration file" this role may not
    // read, so it cannot tell postgresql.conf from postgresql.auto.conf: it pins the original value rather
    // than RESET a value an administrator may have set with ALTER SYSTEM, and says so.
    const after = await serverSettingsSnapshot(ctx.pg, { ignorePending: true });
    expect(after.settings).toEqual(before.settings);
    expect(after.autoConf).toEqual([{ name: 'max_wal_size', setting: '1GB' }]);
    expect(logger.warns.join('\n')).toMatch(/max_wal_size comes from a configuration file this role may not read/);
  });
});

describe('a non-superuser granted ALTER SYSTEM but not pg_reload_conf()', () => {
  const ctx = useServer({
    prepare: async ({ pg: server }) => {
      await createLoaderRole(server);
      await server.query(`GRANT ALTER SYSTEM ON PARAMETER max_wal_size, wal_buffers TO loader`);
    },
    runnerUrl: loaderUrl,
  });

  it('leaves reload settings alone and still applies restart settings', async () => {
    const logger = captureLogger();
    const result = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file: ctx.tmp.file('s.json') }), logger });
    expect(result.plan.skipped.find((s) => s.name === 'max_wal_size')?.reason).toBe('role loader may not call pg_reload_conf()');
    expect(result.pendingSettings).toEqual(['wal_buffers']);
    expect(result.restartNeeded).toBe(true);
    expect(logger.warns.join('\n')).toMatch(/could not reload the configuration: permission denied for function pg_reload_conf/);
    const auto = await ctx.pg.query(`SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'`);
    expect(auto).toEqual([{ name: 'wal_buffers', setting: '64MB' }]);
  });
});
