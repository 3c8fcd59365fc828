import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRestartCommand } from '../../src/restart/restart-command-hint';
import { PromptRestartStrategy } from '../../src/restart/prompt-restart-strategy';
import type { Prompter } from '../../src/restart/prompter';
import { restartAndVerify } from '../../src/restart/restart-and-verify';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { restartSkipReason, startPostgres, type TestPostgres } from '../support/postgres';
import { captureLogger, poolRunner, reconnectedRunner, tempDir } from '../tuning/tuning-test-kit';

describe('the prompt strategy', () => {
  let server: TestPostgres;
  let tmp: ReturnType<typeof tempDir>;
  const pools: Array<{ end(): Promise<void> }> = [];

  beforeAll(async () => {
    server = await startPostgres();
    tmp = tempDir();
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await server?.dispose();
    tmp?.remove();
  });

  it('shows the restart command, waits for Enter, asks again when the server did not restart, then verifies the new values', async (context) => {
    if (restartSkipReason(server)) return context.skip(restartSkipReason(server));
    const db = poolRunner(server.url);
    pools.push(db);
    const applied = await applyTuning(db.runner, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file: tmp.file('state.json') }) });
    const hint = await describeRestartCommand(db.runner);

    // The person: presses Enter without restarting, agrees to try again, then restarts and presses Enter.
    const shown: string[] = [];
    const asked: string[] = [];
    let enters = 0;
    const person: Prompter = {
      async input(message) {
        shown.push(message);
        enters += 1;
        if (enters === 2) await server.restart();
        return '';
      },
      async confirm(message) {
        asked.push(message);
        return true;
      },
    };
    const logger = captureLogger();
    const outcome = await restartAndVerify({
      strategy: new PromptRestartStrategy({ prompter: person }),
      state: applied.state,
      pendingSettings: applied.pendingSettings,
      hint,
      prompter: person,
      logger,
      reconnect: () => reconnectedRunner(server.url, pools),
    });

    expect(hint.kind).toBe('pg_ctl');
    expect(hint.command).toContain(`restart -D ${server.dataDir} -m fast -w`);
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
