import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowCounts, migratedDatabase } from '../seeding/support/seeding-database';
import { queryUrl } from '../support/postgres';
import { waitFor } from '../support/wait-for';
import { useServer } from '../support/use-server';

const ROOT = path.resolve(__dirname, '..', '..');
const COUNTS = ['--count', 'users=4000', '--count', 'posts=8000', '--count', 'comments=12000', '--count', 'tags=50', '--count', 'post_tags=8000', '--count', 'follows=6000'];
const TOTALS = { users: 4000, posts: 8000, comments: 12000, tags: 50, post_tags: 8000, follows: 6000 };
const RELOADED = ['checkpoint_timeout', 'max_wal_size'];

/**
 * `npm run seed` as a user runs it, stopped by each signal: the run ends with
 * 128 + the signal's number, tuning is put back, and the run is resumable.
 */
describe('signals through npm run seed', { timeout: 300_000 }, () => {
  const ctx = useServer();
  const query = (db: string, sql: string) => queryUrl(ctx.pg.urlFor(db), sql);
  const settings = async () =>
    Object.fromEntries((await ctx.pg.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [RELOADED])).map((r) => [r.name, r.setting]));
  const reloptions = (db: string) => query(db, `SELECT relname, reloptions FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND reloptions IS NOT NULL`);
  const env = (db: string) => ({ PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: ctx.pg.urlFor(db), RESEED_STATE_DIR: path.join(ctx.tmp.dir, db) });
  /** `npm run seed -- ...` (or what it runs, `node --import tsx src/cli/main.ts`) in its own process group, as a terminal's foreground job. */
  const npmSeed = (db: string, args: string[], via: 'npm' | 'node' = 'npm') => {
    const [cmd, argv] = via === 'npm' ? ['npm', ['run', '--silent', 'seed', '--', ...args]] : [process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args]];
    const child = spawn(cmd, argv as string[], { cwd: ROOT, env: env(db), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    return { child, exited, output: () => output };
  };
  const loading = (db: string) =>
    waitFor('the load to start', async () => ((await query(db, `SELECT coalesce(sum(rows_done), 0)::int AS n FROM reseed_run_tables`))[0]?.n ?? 0) > 0, {
      timeoutMs: 120_000,
      everyMs: 100,
    });

  /** Until no process of the group is left (npm may go first, as it does on SIGHUP). */
  const groupGone = (pid: number) =>
    waitFor(
      'every process of the run to end',
      () => {
        try {
          process.kill(-pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      { timeoutMs: 90_000, everyMs: 100 },
    );

  const cases: Array<[NodeJS.Signals, number, 'group' | 'npm', 'npm' | 'node']> = [
    ['SIGINT', 130, 'group', 'npm'],
    ['SIGTERM', 143, 'group', 'npm'],
    ['SIGHUP', 129, 'group', 'npm'],
    ['SIGINT', 130, 'group', 'node'],
    ['SIGTERM', 143, 'group', 'node'],
    ['SIGHUP', 129, 'group', 'node'],
  ];
  for (const [signal, exitCode, target, via] of cases) {
    const to = via === 'node' ? 'the reseed process' : target === 'group' ? 'the process group of npm run seed (a terminal)' : 'npm';
    it(`${signal} to ${to} ends with ${exitCode}, tuning restored, and --resume finishes the run`, async () => {
      const db = `sig_${signal.toLowerCase()}_${target}_${via}`;
      await migratedDatabase(ctx.pg, db);
      const before = await settings();
      const run = npmSeed(db, [...COUNTS, '--tuning', 'safe', '--batch-size', '200'], via);
      await loading(db);
      expect(await reloptions(db)).not.toEqual([]); // tuned: autovacuum is off on the seeded tables

      process.kill(target === 'group' ? -run.child.pid! : run.child.pid!, signal);
      const exited = await run.exited;
      await groupGone(run.child.pid!);

      // npm, signalled itself, ends by that signal once the run has exited: what a shell reports as the same code.
      if (via === 'node' || exited.signal === null) expect(exited.code, run.output()).toBe(exitCode);
      else expect(exited.signal, run.output()).toBe(signal);
      expect(run.output()).toMatch(/Stopped\. [\d,]+ rows committed in this call/);
      // Every row the ledger holds was committed by this call, the table cut short by the signal's included.
      const said = Number(/Stopped\. ([\d,]+) rows committed/.exec(run.output())![1]!.replaceAll(',', ''));
      expect(await query(db, `SELECT sum(rows_done)::int AS n FROM reseed_run_tables`)).toEqual([{ n: said }]);
      expect(await query(db, `SELECT status FROM reseed_runs`)).toEqual([{ status: 'interrupted' }]);
      expect(await settings()).toEqual(before);
      expect(await reloptions(db)).toEqual([]);
      expect(readdirSync(path.join(ctx.tmp.dir, db)).filter((f) => f.startsWith('tuning-state'))).toEqual([]);

      const resumed = npmSeed(db, ['--resume', '--tuning', 'off']);
      expect((await resumed.exited).code, resumed.output()).toBe(0);
      expect(await rowCounts((sql) => query(db, sql))).toEqual(TOTALS);
    });
  }

  it('Ctrl-C at the restart prompt ends with 130, tuning restored, and the run resumable', async () => {
    const db = 'sig_prompt';
    await migratedDatabase(ctx.pg, db);
    const before = await settings();
    const session = `reseed-prompt-${process.pid}`;
    const vars = Object.entries(env(db)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    const command = `cd ${JSON.stringify(ROOT)} && env ${vars} npm run --silent seed -- ${COUNTS.join(' ')} --tuning fast --restart prompt; echo "EXIT:$?"; sleep 600`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '80', '-y', '40', command]);
    const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-200', '-t', session], { encoding: 'utf8' });
    try {
      const waitFor = async (pattern: RegExp, deadline = Date.now() + 120_000) => {
        while (!pattern.test(pane())) {
          if (Date.now() > deadline) throw new Error(`never saw ${pattern}:\n${pane()}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      await waitFor(/press Enter|Enter when/i);
      execFileSync('tmux', ['send-keys', '-t', session, 'C-c']);
      await waitFor(/EXIT:\d+/);
      const text = pane();
      expect(text).toContain('EXIT:130');
      expect(text).not.toMatch(/force closed the prompt/);
      expect(await query(db, `SELECT status FROM reseed_runs`)).toEqual([{ status: 'interrupted' }]);
      expect(await settings()).toEqual(before);
      expect(existsSync(path.join(ctx.tmp.dir, db)) ? readdirSync(path.join(ctx.tmp.dir, db)).filter((f) => f.startsWith('tuning-state')) : []).toEqual([]);
    } finally {
      execFileSync('tmux', ['kill-session', '-t', session]);
    }
  });
});
