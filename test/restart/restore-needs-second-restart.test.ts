import { describe, expect, it } from 'vitest';
import { tuningChecks } from '../../src/tuning/verify-tuning';
import { EmbeddedRestartStrategy } from '../../src/restart/embedded-restart-strategy';
import { restartAndVerify } from '../../src/restart/restart-and-verify';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { verifyRestored } from '../../src/tuning/verify-restored';
import { restartSkipReason } from '../support/postgres';
import { reconnectedRunner, serverSettingsSnapshot } from '../tuning/tuning-test-kit';
import { useServer } from '../support/use-server';

describe('restoring restart settings', () => {
  const ctx = useServer();

  it('says a second restart is due, and the same strategies carry it out', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const before = await serverSettingsSnapshot(ctx.pg);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });
    const strategy = new EmbeddedRestartStrategy({ server: ctx.pg });
    const applied = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store });
    const tuned = await restartAndVerify({
      strategy,
      ...tuningChecks(applied.state),
      pendingSettings: applied.pendingSettings,
      reconnect: () => reconnectedRunner(ctx.pg.url, ctx.pools),
    });
    expect(tuned.status).toBe('active');

    const restored = await restoreTuning(tuned.runner!, { store });
    expect(restored.restartNeeded).toBe(true);
    expect(restored.pendingSettings).toEqual(['max_wal_senders', 'shared_buffers', 'wal_buffers', 'wal_level']);
    const pendingCheck = await verifyRestored(tuned.runner!, restored.pendingSettings);
    expect(pendingCheck.ok).toBe(false);
    expect(pendingCheck.summary).toMatch(/still wait for a restart/);

    const second = await restartAndVerify({
      strategy,
      reason: 'restore',
      pendingSettings: restored.pendingSettings,
      reconnect: () => reconnectedRunner(ctx.pg.url, ctx.pools),
      verify: (runner) => verifyRestored(runner, restored.pendingSettings),
    });
    expect(second.status).toBe('active');
    expect(second.verification.settings.wal_level.actual).toBe('replica');
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(before);
  });
});
