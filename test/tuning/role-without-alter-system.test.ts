import { describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { sessionSettingsOptions } from '../../src/tuning/session-settings';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { captureLogger, createLoaderRole, loaderUrl, serverSettingsSnapshot } from './tuning-test-kit';
import { queryUrl } from '../support/postgres';
import { useServer } from '../support/use-server';

describe('a role that may not ALTER SYSTEM', () => {
  const ctx = useServer({
    prepare: async ({ pg: server }) => {
      await createLoaderRole(server);
      await server.query(`GRANT ALL ON DATABASE ${server.database} TO loader`);
    },
    runnerUrl: loaderUrl,
  });

  it('gets a warning and the session settings only; the server configuration is untouched', async () => {
    const before = await serverSettingsSnapshot(ctx.pg);
    const logger = captureLogger();
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json'), logger });

    const result = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store, logger });

    expect(result.restartNeeded).toBe(false);
    expect(result.pendingSettings).toEqual([]);
    expect(result.reloadedSettings).toEqual([]);
    expect(Object.keys(result.sessionSettings).sort()).toEqual(['maintenance_work_mem', 'synchronous_commit']);
    expect(result.plan.changes.every((c) => c.scope === 'session')).toBe(true);
    expect(logger.warns.join('\n')).toMatch(/role loader may not ALTER SYSTEM.*only session settings are applied/);
    expect(result.plan.skipped.map((s) => s.name)).toEqual(expect.arrayContaining(['wal_level', 'max_wal_size']));
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(before);

    // Chosen by the load's size, not asked for: the same plan, said as a detail rather than warned about.
    const quiet = captureLogger();
    const again = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.safe, store: new TuningStateStore({ file: ctx.tmp.file('auto.json'), logger: quiet }), logger: quiet, automatic: true });
    expect(Object.keys(again.sessionSettings).sort()).toEqual(['maintenance_work_mem', 'synchronous_commit']);
    expect(quiet.warns.join('\n')).not.toMatch(/may not ALTER SYSTEM/);
    expect(quiet.infos.join('\n')).toMatch(/role loader may not ALTER SYSTEM.*only session settings are applied/);

    // The session settings reach every connection through the pg `options` parameter.
    const url = new URL(loaderUrl(ctx.pg));
    url.searchParams.set('options', sessionSettingsOptions(result.sessionSettings));
    expect(await queryUrl(url.toString(), `SELECT current_setting('synchronous_commit') AS s`)).toEqual([{ s: 'off' }]);
  });
});
