import { describe, expect, it } from 'vitest';
import { tuningChecks } from '../../src/tuning/verify-tuning';
import { expectedSettings } from '../../src/tuning/verify-tuning';
import { PromptRestartStrategy } from '../../src/restart/prompt-restart-strategy';
import type { Prompter } from '../../src/restart/prompter';
import { restartAndVerify } from '../../src/restart/restart-and-verify';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { captureLogger, reconnectedRunner } from '../tuning/tuning-test-kit';
import { personWhoRestartsAtSecondEnter } from './restart-test-kit';
import { useServer } from '../support/use-server';

describe('Enter pressed without restarting the server', () => {
  const ctx = useServer();

  it('is detected, reported, and the run carries on untuned when the person says so', async () => {
    const applied = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file: ctx.tmp.file('state.json') }) });
    const [{ started: startedBefore }] = await ctx.db.runner.query<{ started: string }>('SELECT pg_postmaster_start_time()::text AS started');

    const asked: string[] = [];
    const person: Prompter = {
      input: async () => '',
      async confirm(message) {
        asked.push(message);
        return false;
      },
    };
    const logger = captureLogger();
    const outcome = await restartAndVerify({
      strategy: new PromptRestartStrategy({ prompter: person }),
      ...tuningChecks(applied.state),
      pendingSettings: applied.pendingSettings,
      prompter: person,
      logger,
      reconnect: () => reconnectedRunner(ctx.pg.url, ctx.pools),
    });

    expect(outcome.status).toBe('untuned');
    expect(outcome.attempts).toBe(1);
    expect(outcome.verification.ok).toBe(false);
    expect(outcome.verification.stillPending).toEqual(expect.arrayContaining(['wal_level', 'max_wal_senders', 'wal_buffers']));
    expect(outcome.verification.mismatched).toEqual([]);
    expect(outcome.verification.settings.wal_level).toEqual({ expected: 'minimal', actual: 'replica', ok: false, pendingRestart: true });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/Restart it and check again\? \(No carries on untuned\)/);
    expect(logger.warns.join('\n')).toMatch(/the server has not restarted: .*wal_level is replica, expected minimal/);
    expect(logger.warns.join('\n')).toMatch(/carrying on untuned/);
    // Reload settings took effect without a restart and stay verified.
    expect(outcome.verification.settings.max_wal_size.ok).toBe(true);
    const [{ started }] = await outcome.runner!.query<{ started: string }>('SELECT pg_postmaster_start_time()::text AS started');
    expect(started).toBe(startedBefore);
  });
});

describe('Enter pressed without restarting, reconnecting through DataSourceManager.recreate with expectedSettings', () => {
  const ctx = useServer({ manager: true });

  it('turns the failed health check into the same report, and a restart on the second try makes it active', async () => {
    const applied = await applyTuning(ctx.manager.dataSource, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file: ctx.tmp.file('state.json') }) });
    const person = personWhoRestartsAtSecondEnter(() => ctx.pg.restart());
    const { asked } = person;
    const logger = captureLogger();
    const outcome = await restartAndVerify({
      strategy: new PromptRestartStrategy({ prompter: person }),
      ...tuningChecks(applied.state),
      pendingSettings: applied.pendingSettings,
      prompter: person,
      logger,
      // As the CLI wires it: the health check itself demands the tuned values and throws when they are not in effect.
      reconnect: () => ctx.manager.recreate('restart for tuning', { expectedSettings: expectedSettings(applied.state) }),
    });

    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/the server has not restarted: .*wal_level is replica, expected minimal \(restart pending\)/);
    expect(outcome.status).toBe('active');
    expect(outcome.attempts).toBe(2);
    const [row] = await ctx.manager.dataSource.query(`SELECT current_setting('wal_level') AS wal_level`);
    expect(row.wal_level).toBe('minimal');
  });
});
