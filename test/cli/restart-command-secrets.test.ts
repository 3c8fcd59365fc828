import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskCommand } from '../../src/mask-url';
import { shellQuote } from '../../src/restart/restart-command-hint';
import { findPostgresBinaries, serverCommand } from '../../src/server/postgres-binaries';
import { restartSkipReason } from '../support/postgres';
import { runCli } from './run-cli';
import { useServer } from '../support/use-server';

const SMALL = ['--count', 'users=30', '--count', 'posts=40', '--count', 'comments=40', '--count', 'tags=5', '--count', 'post_tags=20', '--count', 'follows=20'];
const SECRET = 'hunter2-restart-secret';

describe('secrets in --restart-command', { timeout: 180_000 }, () => {
  const server = useServer({ migrate: true });

  it('are masked on screen and in restart.log (mode 0600), and the command runs without DATABASE_URL or PGPASSWORD', async ({ skip }) => {
    const why = restartSkipReason(server.pg);
    if (why) skip(why);
    const stateDir = path.join(server.tmp.dir, 'state');
    // An older, world-readable log is tightened too.
    const log = path.join(stateDir, 'restart.log');
    rmSync(stateDir, { recursive: true, force: true });
    await import('node:fs').then((fs) => fs.mkdirSync(stateDir, { recursive: true }));
    writeFileSync(log, '', { mode: 0o644 });
    const envDump = path.join(server.tmp.dir, 'env.txt');
    const [cmd, args] = serverCommand(findPostgresBinaries(), 'pg_ctl', ['restart', '-D', server.pg.dataDir!, '-m', 'fast', '-w']);
    const command = `env > ${shellQuote(envDump)}; PGPASSWORD=${SECRET} ${[cmd, ...args].map(shellQuote).join(' ')} # postgres://admin:${SECRET}@db/x`;

    const r = await runCli([...SMALL, '--tuning', 'fast', '--restart-command', command, '--verbose'], {
      DATABASE_URL: server.pg.url,
      PGPASSWORD: server.pg.password,
      RESEED_STATE_DIR: stateDir,
    });

    expect(r.code, r.stderr).toBe(0);
    const said = r.stdout + r.stderr;
    expect(said).toMatch(/restarting PostgreSQL: env > .* PGPASSWORD=\*\*\*\* /);
    expect(said).not.toContain(SECRET);
    expect(said).not.toContain(`:${server.pg.password}@`);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    expect(readFileSync(log, 'utf8')).toMatch(/PGPASSWORD=\*\*\*\*/);
    expect(readFileSync(log, 'utf8')).not.toContain(SECRET);
    const env = readFileSync(envDump, 'utf8');
    expect(env).not.toMatch(/^DATABASE_URL=/m);
    expect(env).not.toMatch(/^PGPASSWORD=/m);
    expect(env).toMatch(/^PATH=/m);
  });

  it('reach the command only with --restart-pass-secrets', async ({ skip }) => {
    const why = restartSkipReason(server.pg);
    if (why) skip(why);
    const envDump = path.join(server.tmp.dir, 'env-passed.txt');
    const [cmd, args] = serverCommand(findPostgresBinaries(), 'pg_ctl', ['restart', '-D', server.pg.dataDir!, '-m', 'fast', '-w']);
    const command = `env > ${shellQuote(envDump)}; ${[cmd, ...args].map(shellQuote).join(' ')}`;

    const r = await runCli([...SMALL, '--truncate', '--yes', '--tuning', 'fast', '--restart-command', command, '--restart-pass-secrets'], {
      DATABASE_URL: server.pg.url,
      RESEED_STATE_DIR: path.join(server.tmp.dir, 'state-passed'),
    });

    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(envDump, 'utf8')).toMatch(/^DATABASE_URL=postgres/m);
  });

  it('maskCommand hides URL passwords and password-like assignments, and nothing else', () => {
    expect(maskCommand(`PGPASSWORD='a b' pg_ctl restart -D /x`)).toBe(`PGPASSWORD=**** pg_ctl restart -D /x`);
    expect(maskCommand(`psql "host=db password=s3cret user=a" -c 'select 1'`)).toBe(`psql "host=db password=**** user=a" -c 'select 1'`);
    expect(maskCommand(`deploy --db-password=xyz --token=abc; systemctl restart postgresql`)).toBe(`deploy --db-password=**** --token=****; systemctl restart postgresql`);
    expect(maskCommand(`curl https://u:p4ss@host/restart`)).toBe(`curl https://u:****@host/restart`);
    expect(maskCommand(`pg_ctl restart -D /var/lib/postgresql/data -m fast`)).toBe(`pg_ctl restart -D /var/lib/postgresql/data -m fast`);
  });
});
