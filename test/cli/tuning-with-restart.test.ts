import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinaries, serverCommand } from '../../src/server/postgres-binaries';
import { shellQuote } from '../../src/restart/restart-command-hint';
import { integrityProblems, migrate, tableChecksums, testDataSourceOptions } from '../seeding/support/seeding-database';
import { queryUrl, restartSkipReason, startPostgres, type TestPostgres } from '../support/postgres';
import { runCli } from './run-cli';

const COUNTS = ['--count', 'users=300', '--count', 'posts=900', '--count', 'comments=1500', '--count', 'tags=30', '--count', 'post_tags=800', '--count', 'follows=600'];
const TUNED = ['wal_level', 'max_wal_senders', 'shared_buffers', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout'];

/** `npm run seed -- --tuning fast` through a real restart of the server, then everything put back. */
describe('seeding with tuning that needs a restart', { timeout: 180_000 }, () => {
  let pg: TestPostgres;
  let stateRoot: string;
  let reference: Record<string, string>;

  const query = (db: string) => (sql: string) => queryUrl(pg.urlFor(db), sql);
  const settings = async () =>
    Object.fromEntries(
      (await pg.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1) ORDER BY name', [TUNED])).map((r) => [r.name, r.setting]),
    );
  const schemaObjects = async (db: string) =>
    (await query(db)(
      `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
    ))
      .map((r) => r.def as string)
      .filter((def) => !def.includes('reseed_tuning_state')); // reseed's own bookkeeping table, created by the first tuning
  const freshDatabase = async (db: string) => {
    await pg.query(`CREATE DATABASE ${db}`);
    await migrate(testDataSourceOptions(pg.urlFor(db)));
  };
  const cli = (db: string, args: string[]) =>
    runCli([...COUNTS, ...args], { DATABASE_URL: pg.urlFor(db), RESEED_STATE_DIR: path.join(stateRoot, db) }, { timeoutMs: 120_000 });

  beforeAll(async () => {
    pg = await startPostgres();
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'reseed-state-'));
    await freshDatabase('reference');
    const r = await cli('reference', ['--tuning', 'off']);
    expect(r.code, r.stderr).toBe(0);
    reference = await tableChecksums(query('reference'));
  });
  afterAll(async () => {
    await pg?.dispose();
    rmSync(stateRoot, { recursive: true, force: true });
  });

  it('restarts with --restart command, verifies the new values, loads, and puts every setting, index and FK back', async ({ skip }) => {
    const why = restartSkipReason(pg);
    if (why) skip(why);
    await freshDatabase('by_command');
    const before = { settings: await settings(), objects: await schemaObjects('by_command') };
    const [cmd, args] = serverCommand(findPostgresBinaries(), 'pg_ctl', ['restart', '-D', pg.dataDir!, '-m', 'fast', '-w']);
    const r = await cli('by_command', ['--tuning', 'fast', '--restart', 'command', '--restart-command', [cmd, ...args].map(shellQuote).join(' ')]);
    expect(r.code, r.stderr).toBe(0);
    const said = r.stdout + r.stderr;
    expect(said).toMatch(/Tuning fast: .*wal_level/);
    expect(said).toMatch(/Restarted; .*wal_level.* now active/);
    expect(said).toMatch(/Dropped \d+ secondary indexes and \d+ foreign keys/);
    expect(said).toMatch(/Restarted; the original settings are active/);
    expect(said).toContain('tuning fast');
    expect(await tableChecksums(query('by_command'))).toEqual(reference);
    expect(await integrityProblems(query('by_command'))).toEqual([]);
    expect(await settings()).toEqual(before.settings);
    expect(await schemaObjects('by_command')).toEqual(before.objects);
  });

  it('with --restart exit stops with code 75, and --resume after the restart finishes with the same data', async ({ skip }) => {
    const why = restartSkipReason(pg);
    if (why) skip(why);
    await freshDatabase('two_phase');
    const before = await settings();
    const first = await cli('two_phase', ['--tuning', 'fast', '--restart', 'exit']);
    expect(first.code, first.stderr).toBe(75);
    // The exact command it prints is what the person runs after the restart.
    const printed = /then resume with:\s+(npm run seed -- .+)/.exec(first.stderr)?.[1]?.trim();
    expect(printed).toBe('npm run seed -- --resume');
    expect((await settings()).wal_level).toBe(before.wal_level); // still pending: nobody restarted yet

    await pg.restart({ mode: 'fast' }); // the person restarts the server
    expect((await settings()).wal_level).toBe('minimal');

    const second = await runCli(printed!.replace('npm run seed -- ', '').split(' '), {
      DATABASE_URL: pg.urlFor('two_phase'),
      RESEED_STATE_DIR: path.join(stateRoot, 'two_phase'),
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/Resuming run/);
    expect(second.stdout + second.stderr).toMatch(/A previous run left tuning "fast" \(\d+ settings?\)[^\n]* in place/);
    expect(second.stdout).toContain('tuning fast');
    expect(second.stdout + second.stderr).toMatch(/Restart PostgreSQL when convenient/);
    expect(await tableChecksums(query('two_phase'))).toEqual(reference);
    expect(await integrityProblems(query('two_phase'))).toEqual([]);

    await pg.restart({ mode: 'fast' }); // the restart that finishes restoring
    expect(await settings()).toEqual(before);
    const restore = await runCli(['restore'], { DATABASE_URL: pg.urlFor('two_phase'), RESEED_STATE_DIR: path.join(stateRoot, 'two_phase') });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('Nothing to restore');
  });
});
