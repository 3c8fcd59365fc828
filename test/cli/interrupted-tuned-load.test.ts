import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableChecksums, migratedDatabase } from '../seeding/support/seeding-database';
import { queryUrl } from '../support/postgres';
import { runCli, startCli } from './run-cli';
import { waitFor } from '../support/wait-for';
import { useServer } from '../support/use-server';

// Big enough, in small batches, to be stopped in the middle.
const COUNTS = ['--count', 'users=2000', '--count', 'posts=6000', '--count', 'comments=30000', '--count', 'tags=50', '--count', 'post_tags=4000', '--count', 'follows=3000', '--batch-size', '250'];
const RELOADED = ['max_wal_size', 'checkpoint_timeout'];

describe('a tuned load that is interrupted', { timeout: 180_000 }, () => {
  const server = useServer();

  const query = (db: string) => (sql: string, params?: unknown[]) => queryUrl(server.pg.urlFor(db), sql, params);
  const settings = async () =>
    Object.fromEntries((await server.pg.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [RELOADED])).map((r) => [r.name, r.setting]));
  const tableOptions = async (db: string) =>
    (await query(db)(`SELECT relname, reloptions FROM pg_class WHERE relname IN ('users','posts','comments','tags','post_tags','follows') ORDER BY 1`));
  const schemaObjects = async (db: string) =>
    (await query(db)(
      `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'reseed%'
       UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '%reseed%' ORDER BY 1`,
    )).map((r) => r.def as string);
  const rowsDone = async (db: string) => Number((await query(db)('SELECT coalesce(sum(rows_done), 0)::int AS n FROM reseed_run_tables'))[0]!.n);
  const env = (db: string) => ({ DATABASE_URL: server.pg.urlFor(db), RESEED_STATE_DIR: path.join(server.tmp.dir, db) });
  const freshDatabase = (db: string) => migratedDatabase(server.pg, db);
  /** Starts a seed and signals it once some batches have committed. */
  const interruptMidLoad = async (db: string, args: string[], signal: NodeJS.Signals) => {
    const run = startCli([...COUNTS, ...args], env(db), { timeoutMs: 120_000 });
    await waitFor('some batches of the load to commit', async () => (await rowsDone(db)) >= 3000, { detail: run.stderr });
    run.kill(signal);
    return run.result;
  };

  it('Ctrl-C: stops after a committed batch, exit 130, settings and autovacuum restored, and --resume finishes the same data', async () => {
    await freshDatabase('reference');
    expect((await runCli([...COUNTS, '--tuning', 'off'], env('reference'), { timeoutMs: 120_000 })).code).toBe(0);
    await freshDatabase('ctrl_c');
    const before = { settings: await settings(), options: await tableOptions('ctrl_c') };

    const stopped = await interruptMidLoad('ctrl_c', ['--tuning', 'safe'], 'SIGINT');
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/finishing the current batch/);
    expect(stopped.stderr).toContain('npm run seed -- --resume');
    expect(await settings()).toEqual(before.settings);
    expect(await tableOptions('ctrl_c')).toEqual(before.options);
    expect(await rowsDone('ctrl_c')).toBeLessThan(45_050);

    const resumed = await runCli([...COUNTS, '--resume', '--tuning', 'safe'], env('ctrl_c'), { timeoutMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await tableChecksums(query('ctrl_c'))).toEqual(await tableChecksums(query('reference')));
    expect(await settings()).toEqual(before.settings);
  });

  it('a crash (SIGKILL) mid-load leaves indexes and FKs dropped; `restore` puts them and the settings back', async () => {
    await freshDatabase('crash');
    const before = { settings: await settings(), objects: await schemaObjects('crash'), options: await tableOptions('crash') };

    const killed = await interruptMidLoad('crash', ['--tuning', 'fast', '--restart', 'skip'], 'SIGKILL');
    expect(killed.code).toBe(null);
    expect((await schemaObjects('crash')).length).toBeLessThan(before.objects.length);

    const restore = await runCli(['restore'], env('crash'));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored \d+ settings/);
    expect(await schemaObjects('crash')).toEqual(before.objects);
    expect(await tableOptions('crash')).toEqual(before.options);
    expect(await settings()).toEqual(before.settings);

    const again = await runCli(['restore'], env('crash'));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to restore');
  });

  it('a crash mid-load, then a plain --resume: the leftover tuning is carried on and everything is put back at the end', async () => {
    await freshDatabase('crash_resume');
    const before = { settings: await settings(), objects: await schemaObjects('crash_resume'), options: await tableOptions('crash_resume') };
    const killed = await interruptMidLoad('crash_resume', ['--tuning', 'fast', '--restart', 'skip'], 'SIGKILL');
    expect(killed.code).toBe(null);

    // Nothing but --resume: sizes come from the ledger, the profile from the recorded tuning.
    const resumed = await runCli(['--resume', '--restart', 'skip'], env('crash_resume'), { timeoutMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout + resumed.stderr).toMatch(/A previous run left tuning "fast" \(\d+ settings?\)[^\n]* in place/);
    expect(await schemaObjects('crash_resume')).toEqual(before.objects);
    expect(await tableOptions('crash_resume')).toEqual(before.options);
    expect(await settings()).toEqual(before.settings);
    expect(await rowsDone('crash_resume')).toBe(45_050);
  });

  it('Ctrl-C while waiting for the restart: exit 130, and the settings already written are taken back', async () => {
    await freshDatabase('ctrl_c_restart');
    const autoConf = async () => (await server.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_file_settings WHERE sourcefile LIKE $1', ['%postgresql.auto.conf']))[0]!.n;
    const before = { settings: await settings(), autoConf: await autoConf() };
    // The restart command says it has started (the marker file), then waits: Ctrl-C lands inside its wait.
    const started = path.join(server.tmp.dir, 'restart-command-started');
    const run = startCli([...COUNTS, '--tuning', 'fast', '--restart-command', `touch ${started} && sleep 30`], env('ctrl_c_restart'), { timeoutMs: 120_000 });
    await waitFor('the restart command to start', () => existsSync(started), { detail: run.stderr });
    expect(run.stderr()).toContain('PostgreSQL must restart');
    run.kill('SIGINT');
    const stopped = await run.result;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('npm run seed -- --resume');
    expect(await settings()).toEqual(before.settings);
    expect(await autoConf()).toBe(before.autoConf);
  });
});
