import { describe, expect, it } from 'vitest';
import { tuningChecks } from '../../src/tuning/verify-tuning';
import { EmbeddedRestartStrategy } from '../../src/restart/embedded-restart-strategy';
import { restartAndVerify } from '../../src/restart/restart-and-verify';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { restartSkipReason } from '../support/postgres';
import { captureLogger, reconnectedRunner } from '../tuning/tuning-test-kit';
import { useServer } from '../support/use-server';

describe('the embedded strategy', () => {
  const ctx = useServer();

  it('restarts the server reseed runs itself without asking, and the tuned values are active', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const applied = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file: ctx.tmp.file('s.json') }) });
    const modes: Array<string | undefined> = [];
    const logger = captureLogger();

    const outcome = await restartAndVerify({
      // The harness server has LocalPostgres's restart(); record the mode it is asked for.
      strategy: new EmbeddedRestartStrategy({
        server: {
          restart: (options) => {
            modes.push(options?.mode);
            return ctx.pg.restart(options);
          },
        },
      }),
      ...tuningChecks(applied.state),
      pendingSettings: applied.pendingSettings,
      logger,
      reconnect: () => reconnectedRunner(ctx.pg.url, ctx.pools),
    });

    expect(modes).toEqual(['fast']);
    expect(outcome.status).toBe('active');
    expect(Object.values(outcome.verification.settings).every((s) => s.ok)).toBe(true);
    expect(Object.keys(outcome.verification.settings)).toEqual(expect.arrayContaining(['wal_level', 'max_wal_senders', 'wal_buffers', 'max_wal_size']));
    expect(logger.infos.join('\n')).toMatch(/restarting the embedded PostgreSQL/);
  });

  it('reports a server that fails to restart as RESEED_RESTART_FAILED with the cause', async () => {
    const cause = new Error('PostgreSQL did not start; see /x/server.log');
    const strategy = new EmbeddedRestartStrategy({ server: { restart: async () => Promise.reject(cause) } });
    await expect(strategy.restart({ reason: 'tuning', pendingSettings: [], logger: captureLogger() })).rejects.toMatchObject({
      code: 'RESEED_RESTART_FAILED',
      cause,
      message: expect.stringContaining('did not start'),
    });
  });
});
