import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';
import { useServer } from '../support/use-server';

/** Every bad DATABASE_URL: one line naming host, port and database, never the password, no stack trace. */
describe('npm run seed with a bad DATABASE_URL', () => {
  const server = useServer();

  function expectOneCleanLine(stderr: string, secret: string) {
    const errors = stderr.split('\n').filter((l) => l.startsWith('reseed:'));
    expect(errors).toHaveLength(1);
    expect(stderr).not.toContain(secret);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    return errors[0]!;
  }

  it('that does not parse: exit 2 and what is accepted', async () => {
    const r = await runCli([], { DATABASE_URL: 'postgres//app:Sup3rSecret@localhost/app' });
    expect(r.code).toBe(2);
    const line = expectOneCleanLine(r.stderr, 'Sup3rSecret');
    expect(line).toContain('DATABASE_URL is not a URL');
    expect(line).toContain('expected postgres://');
  });

  it('that points at nothing: exit 1 naming host and port', async () => {
    const r = await runCli([], { DATABASE_URL: 'postgres://app:Sup3rSecret@127.0.0.1:1/app' });
    expect(r.code).toBe(1);
    expect(expectOneCleanLine(r.stderr, 'Sup3rSecret')).toContain('connection refused by 127.0.0.1:1');
  });

  it('with a wrong password: exit 1 at once, password masked', async () => {
    const r = await runCli([], { DATABASE_URL: server.pg.urlFor(server.pg.database, server.pg.user, 'WrongPassw0rd') });
    expect(r.code).toBe(1);
    const line = expectOneCleanLine(r.stderr, 'WrongPassw0rd');
    expect(line).toContain(`password authentication failed for user "${server.pg.user}" at ${server.pg.host}:${server.pg.port}/${server.pg.database}`);
    expect(r.stderr).toContain(`postgres://${server.pg.user}:****@`);
  });

  it('without a password, where the server asks for one: exit 1, says where the password goes, once', async () => {
    const url = `postgres://${server.pg.user}@${server.pg.host}:${server.pg.port}/${server.pg.database}`;
    const r = await runCli([], { DATABASE_URL: url });
    expect(r.code).toBe(1);
    const line = expectOneCleanLine(r.stderr, server.pg.password.length >= 4 && server.pg.password !== 'postgres' ? server.pg.password : '\u0000');
    expect(line).toBe(
      `reseed: ${server.pg.host}:${server.pg.port}/${server.pg.database} asks user "${server.pg.user}" for a password and the connection gives none: ` +
        'put it in the URL (user:password@host) or set PGPASSWORD',
    );
  });

  it('naming a missing database: exit 1 naming it', async () => {
    const r = await runCli([], { DATABASE_URL: server.pg.urlFor('no_such_db') });
    expect(r.code).toBe(1);
    expect(expectOneCleanLine(r.stderr, server.pg.password.length >= 4 && server.pg.password !== 'postgres' ? server.pg.password : '\u0000')).toContain(
      `database "no_such_db" does not exist on ${server.pg.host}:${server.pg.port}`,
    );
  });

  it('with an unencoded % in the password: exit 2 saying how to encode it, password masked', async () => {
    const r = await runCli([], { DATABASE_URL: `postgres://app:50%off-Secret@127.0.0.1:${server.pg.port}/app` });
    expect(r.code).toBe(2);
    const line = expectOneCleanLine(r.stderr, 'off-Secret');
    expect(line).toContain('DATABASE_URL has a % in its password that is not followed by two hex digits');
    expect(line).toContain('% as %25');
  });

  it('with sslmode=require against a server without TLS: exit 1 at once, no retries', async () => {
    const r = await runCli(['--verbose'], { DATABASE_URL: `${server.pg.url}?sslmode=require` });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('reseed:'))).toEqual([expect.stringMatching(/does not support SSL/)]);
    // --verbose lists every readiness attempt: before, the probe retried for its whole 5 s budget (26 attempts).
    expect(r.stderr).not.toMatch(/Waiting up to \d+s for the server/);
    expect((r.stderr.match(/waiting for the server:/g) ?? []).length).toBeLessThanOrEqual(1);
  });

  it('shows the stack trace only with --verbose', async () => {
    const r = await runCli(['--verbose'], { DATABASE_URL: server.pg.urlFor('no_such_db') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('for migrate run with a wrong password or nothing listening: one line, exit 1, no stack trace from the TypeORM CLI', async () => {
    const wrong = await runCli(['migrate', 'run'], { DATABASE_URL: server.pg.urlFor(server.pg.database, server.pg.user, 'WrongPassw0rd') });
    expect(wrong.code).toBe(1);
    expect(expectOneCleanLine(wrong.stderr, 'WrongPassw0rd')).toContain(`password authentication failed for user "${server.pg.user}"`);
    expect(wrong.stderr).not.toContain('Error during migration run');
    const nothing = await runCli(['migrate', 'run'], { DATABASE_URL: 'postgres://app:Sup3rSecret@127.0.0.1:1/app' });
    expect(nothing.code).toBe(1);
    expect(expectOneCleanLine(nothing.stderr, 'Sup3rSecret')).toContain('127.0.0.1:1');
  });
});
