import { execFile } from 'node:child_process';
import { tuningChecks } from '../../src/tuning/verify-tuning';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ExitRestartStrategy } from '../../src/restart/exit-restart-strategy';
import { describeRestartCommand } from '../../src/restart/restart-command-hint';
import { readServerFacts } from '../../src/tuning/server-facts';
import { restartAndVerify } from '../../src/restart/restart-and-verify';
import { RESTART_EXIT_CODE, RestartExitRequested } from '../../src/restart/restart-exit-requested';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import type { SettingsVerification } from '../../src/connection/settings-verification';
import { restartSkipReason } from '../support/postgres';
import { useServer } from '../support/use-server';

const execFileAsync = promisify(execFile);
const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const RESUME = path.resolve(__dirname, 'fixtures/resume-verify.ts');

describe('the exit strategy (two-phase)', () => {
  const ctx = useServer();

  it('stops with exit code 75 and the commands to run; a new process resumes and finds the settings active', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const file = ctx.tmp.file('tuning-state.json');
    const applied = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file }) });
    const hint = describeRestartCommand(await readServerFacts(ctx.db.runner));
    let reconnected = false;

    const error = await restartAndVerify({
      strategy: new ExitRestartStrategy(),
      ...tuningChecks(applied.state),
      pendingSettings: applied.pendingSettings,
      hint,
      reconnect: async () => {
        reconnected = true;
        return ctx.db.runner;
      },
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RestartExitRequested);
    const exit = error as RestartExitRequested;
    expect(exit.exitCode).toBe(RESTART_EXIT_CODE);
    expect(exit.code).toBe('RESEED_RESTART_EXIT');
    expect(exit.resumeCommand).toBe('npm run seed -- --resume');
    expect(exit.restartCommand).toBe(hint.command);
    expect(exit.message).toContain(hint.command);
    expect(exit.message).toContain('npm run seed -- --resume');
    expect(exit.message).toMatch(/wal_level/);
    expect(reconnected).toBe(false);

    // Between the phases: the person restarts the server; reseed is not running.
    await ctx.db.end();
    await ctx.pg.restart();

    const { stdout } = await execFileAsync(TSX, [RESUME, ctx.pg.url, file], { timeout: 30_000 });
    const resumed = JSON.parse(stdout) as { profile: string; verification: SettingsVerification; sessionSettings: Record<string, string> };
    expect(resumed.profile).toBe('fast');
    expect(resumed.verification.ok).toBe(true);
    expect(resumed.verification.settings.wal_level).toMatchObject({ expected: 'minimal', actual: 'minimal', ok: true });
    expect(resumed.sessionSettings).toEqual(applied.sessionSettings);
  });
});
