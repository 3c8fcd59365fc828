import { describe, expect, it } from 'vitest';
import { tuningChecks } from '../../src/tuning/verify-tuning';
import { describeRestartCommand } from '../../src/restart/restart-command-hint';
import { readServerFacts } from '../../src/tuning/server-facts';
import { PromptRestartStrategy } from '../../src/restart/prompt-restart-strategy';
import { restartAndVerify } from '../../src/restart/restart-and-verify';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { restartSkipReason } from '../support/postgres';
import { captureLogger, reconnectedRunner } from '../tuning/tuning-test-kit';
import { personWhoRestartsAtSecondEnter } from './restart-test-kit';
import { useServer } from '../support/use-server';

describe('the prompt strategy', () => {
  const ctx = useServer();

  it('shows the restart command, waits for Enter, asks again when the server did not restart, then verifies the new values', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const applied = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file: ctx.tmp.file('state.json') }) });
    const hint = describeRestartCommand(await readServerFacts(ctx.db.runner));

    // The person: presses Enter without restarting, agrees to try again, then restarts and presses Enter.
    const person = personWhoRestartsAtSecondEnter(() => ctx.pg.restart());
    const { shown, asked } = person;
    const logger = captureLogger();
    const outcome = await restartAndVerify({
      strategy: new PromptRestartStrategy({ prompter: person }),
      ...tuningChecks(applied.state),
      pendingSettings: applied.pendingSettings,
      hint,
      prompter: person,
      logger,
      reconnect: () => reconnectedRunner(ctx.pg.url, ctx.pools),
    });

    expect(hint.kind).toBe('pg_ctl');
    expect(hint.command).toContain(`restart -D ${ctx.pg.dataDir} -m fast -w`);
    expect(shown).toHaveLength(2);
    expect(shown[0]).toContain(hint.command);
    expect(shown[0]).toMatch(/PostgreSQL must restart for .*wal_level/);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/has not restarted: .*wal_level is replica, expected minimal \(restart pending\)/);
    expect(outcome.status).toBe('active');
    expect(outcome.attempts).toBe(2);
    expect(outcome.verification.settings.wal_level).toMatchObject({ expected: 'minimal', actual: 'minimal', ok: true });
    const [row] = await outcome.runner!.query<{ wal_level: string; max_wal_senders: string }>(
      `SELECT current_setting('wal_level') AS wal_level, current_setting('max_wal_senders') AS max_wal_senders`,
    );
    expect(row).toEqual({ wal_level: 'minimal', max_wal_senders: '0' });
  });
});
