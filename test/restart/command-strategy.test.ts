import { describe, expect, it } from 'vitest';
import { tuningChecks } from '../../src/tuning/verify-tuning';
import { CommandRestartStrategy } from '../../src/restart/command-restart-strategy';
import { restartAndVerify } from '../../src/restart/restart-and-verify';
import { shellQuote } from '../../src/restart/restart-command-hint';
import { findPostgresBinaries, serverCommand } from '../../src/server/postgres-binaries';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { expectedSettings } from '../../src/tuning/verify-tuning';
import { restartSkipReason } from '../support/postgres';
import { captureLogger } from '../tuning/tuning-test-kit';
import { readFileSync } from 'node:fs';
import { useServer } from '../support/use-server';

describe('the command strategy', () => {
  const ctx = useServer({ manager: true });

  it('restarts the server with a real pg_ctl, and the load carries on with the new settings verified', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    const ds = ctx.manager.dataSource;
    await ds.query('CREATE TABLE marks (batch int, n int)');
    await ds.query('INSERT INTO marks SELECT 1, g FROM generate_series(1, 1000) g');
    const [{ pid: pidBefore }] = await ds.query(`SELECT pg_backend_pid() AS pid, pg_postmaster_start_time() AS started`);
    const applied = await applyTuning(ds, { profile: TUNING_PROFILES.fast, store: new TuningStateStore({ file: ctx.tmp.file('state.json') }) });
    expect(applied.restartNeeded).toBe(true);

    const [cmd, args] = serverCommand(findPostgresBinaries(), 'pg_ctl', [
      'restart', '-D', ctx.pg.dataDir!, '-m', 'fast', '-w', '-l', `${ctx.pg.dataDir}/server.log`,
    ]);
    const logFile = ctx.tmp.file('restart.log');
    const logger = captureLogger();
    const outcome = await restartAndVerify({
      strategy: new CommandRestartStrategy({ command: [cmd, ...args].map(shellQuote).join(' '), logFile }),
      ...tuningChecks(applied.state),
      pendingSettings: applied.pendingSettings,
      logger,
      // What the engine does: a new DataSource that must show the tuned values.
      reconnect: () => ctx.manager.recreate('tuning restart', { expectedSettings: expectedSettings(applied.state) }),
    });

    expect(outcome.status).toBe('active');
    expect(outcome.attempts).toBe(1);
    expect(outcome.verification.settings.wal_level).toMatchObject({ actual: 'minimal', ok: true });
    expect(outcome.verification.settings.wal_buffers).toMatchObject({ actual: '64MB', ok: true });
    expect(readFileSync(logFile, 'utf8')).toMatch(/server stopped[\s\S]*server started/);
    expect(logger.infos.join('\n')).toContain(`output in ${logFile}`);

    // The load goes on through the manager's new DataSource.
    const after = ctx.manager.dataSource;
    expect(after).not.toBe(ds);
    await after.query('INSERT INTO marks SELECT 2, g FROM generate_series(1, 1000) g');
    const [{ batches, rows, pid }] = await after.query(
      'SELECT count(DISTINCT batch)::int AS batches, count(*)::int AS rows, pg_backend_pid() AS pid FROM marks',
    );
    expect({ batches, rows }).toEqual({ batches: 2, rows: 2000 });
    expect(pid).not.toBe(pidBefore);
  });
});
