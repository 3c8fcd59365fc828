import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CommandRestartStrategy } from '../../src/restart/command-restart-strategy';
import { RestartError } from '../../src/restart/restart-error';
import { captureLogger } from '../tuning/tuning-test-kit';
import { tempDir } from '../support/pool-runner';
import { waitFor } from '../support/wait-for';

describe('a restart command that fails', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('is reported with its exit code and log file, the password masked', async () => {
    const logFile = tmp.file('logs/restart.log');
    const strategy = new CommandRestartStrategy({
      command: `echo "cannot reach postgres://admin:hunter2@db:5432/app" >&2; exit 3 # postgres://admin:hunter2@db:5432/app`,
      logFile,
    });

    const error = await strategy.restart({ reason: 'tuning', pendingSettings: ['wal_level'], logger: captureLogger() }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RestartError);
    expect(error).toMatchObject({ code: 'RESEED_RESTART_COMMAND_FAILED', exitCode: 3, logFile });
    expect((error as Error).message).toContain(`exited with code 3`);
    expect((error as Error).message).toContain(logFile);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).toContain('postgres://admin:****@db:5432/app');
    expect(readFileSync(logFile, 'utf8')).toContain('cannot reach');
    expect(readFileSync(logFile, 'utf8')).not.toMatch(/^# .*hunter2/m);
  });

  it('stops waiting on abort and leaves the command running', async () => {
    const marker = tmp.file('finished');
    const strategy = new CommandRestartStrategy({ command: `sleep 1; touch ${marker}`, logFile: tmp.file('slow.log') });
    const controller = new AbortController();
    const waiting = strategy.restart({ reason: 'tuning', pendingSettings: [], logger: captureLogger(), signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'RESEED_RESTART_ABORTED' });
    // The command goes on after the abort: it touches its marker a second later.
    await waitFor('the command to finish after the abort', () => existsSync(marker), { timeoutMs: 10_000 });
    expect(() => readFileSync(marker)).not.toThrow();
  });
});
